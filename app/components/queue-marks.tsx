import { useTranslation } from 'react-i18next'
import { StaffTime } from './staff-time'

/** The reporter added information or answered a question (issue 14): a mark beside the reference, with when. */
export function NewInformation({ at }: { at: string }) {
  const { t } = useTranslation('staff')
  return (
    <div className="queue-mark">
      <span className="tag tag--new-information">{t('queueView.newInformation')}</span> <StaffTime value={at} />
    </div>
  )
}
