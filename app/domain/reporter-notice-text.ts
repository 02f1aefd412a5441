import type { OpeningFormatter } from './opening-time'
import type { ReporterNoticeJson } from './routing'

type Translate = (key: string, values?: Record<string, string>) => string

/**
 * Who reads the report and when, as sentences in the `report` namespace: the confirmation
 * page and the receipt e-mail say the same thing. The first sentence is the one to stress.
 */
export function reporterNoticeSentences(notice: ReporterNoticeJson, municipality: string, t: Translate, opening: OpeningFormatter): string[] {
  switch (notice.kind) {
    case 'jour':
      return [t('notice.jour', { jour: notice.jourName }), ...(notice.jourPhone ? [t('notice.jourPhone', { phone: notice.jourPhone })] : [])]
    case 'intakeToday':
      return [t('notice.intakeToday', { municipality })]
    case 'intakeLater': {
      const when = opening(notice.opensAt)
      return [
        when ? t('notice.intakeLater', { municipality, ...when }) : t('notice.intakeLaterUnknown', { municipality }),
        ...(notice.jourName && notice.jourPhone ? [t('notice.jourBefore', { jour: notice.jourName, phone: notice.jourPhone })] : []),
      ]
    }
    case 'uncovered': {
      const when = opening(notice.opensAt)
      return [
        t('notice.uncovered', { municipality }),
        when ? t('notice.intakeLater', { municipality, ...when }) : t('notice.intakeLaterUnknown', { municipality }),
        t('notice.police'),
      ]
    }
  }
}
