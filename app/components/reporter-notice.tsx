import { useTranslation } from 'react-i18next'
import type { ReporterNoticeJson } from '~/domain/routing'
import { useOpeningTime } from './opening-time'

/** Who reads the report and when, said plainly: the jour tonight, or the intake unit on a named day. */
export function ReporterNotice({ notice, municipality }: { notice: ReporterNoticeJson; municipality: string }) {
  const { t } = useTranslation('report')
  const opening = useOpeningTime()
  switch (notice.kind) {
    case 'jour':
      return (
        <>
          <p className="body notice">{t('notice.jour', { jour: notice.jourName })}</p>
          {notice.jourPhone ? <p className="body">{t('notice.jourPhone', { phone: notice.jourPhone })}</p> : null}
        </>
      )
    case 'intakeToday':
      return <p className="body notice">{t('notice.intakeToday', { municipality })}</p>
    case 'intakeLater': {
      const when = opening(notice.opensAt)
      return (
        <>
          <p className="body notice">
            {when ? t('notice.intakeLater', { municipality, ...when }) : t('notice.intakeLaterUnknown', { municipality })}
          </p>
          {notice.jourName && notice.jourPhone ? (
            <p className="body">{t('notice.jourBefore', { jour: notice.jourName, phone: notice.jourPhone })}</p>
          ) : null}
        </>
      )
    }
    case 'uncovered': {
      const when = opening(notice.opensAt)
      return (
        <>
          <p className="body notice">{t('notice.uncovered', { municipality })}</p>
          <p className="body">
            {when ? t('notice.intakeLater', { municipality, ...when }) : t('notice.intakeLaterUnknown', { municipality })}
          </p>
          <p className="body">{t('notice.police')}</p>
        </>
      )
    }
  }
}
