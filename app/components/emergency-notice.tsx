import { useTranslation } from 'react-i18next'

/**
 * "Someone in danger right now: call 112." Always on the start and confirmation pages;
 * `urgent` when the reporter has said someone may be in danger now.
 */
export function EmergencyNotice({ urgent = false }: { urgent?: boolean }) {
  const { t } = useTranslation('common')
  return (
    <div className={urgent ? 'emergency emergency--urgent' : 'emergency'} role={urgent ? 'alert' : undefined}>
      <h2 className="emergency__title">{urgent ? t('emergency.urgentTitle') : t('emergency.title')}</h2>
      <p className="body">{urgent ? t('emergency.urgentBody') : t('emergency.body')}</p>
    </div>
  )
}
