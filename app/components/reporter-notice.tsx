import { useTranslation } from 'react-i18next'
import { reporterNoticeSentences } from '~/domain/reporter-notice-text'
import type { ReporterNoticeJson } from '~/domain/routing'
import { useOpeningTime } from './opening-time'

/** Who reads the report and when, said plainly: the jour tonight, or the intake unit on a named day. */
export function ReporterNotice({ notice, municipality }: { notice: ReporterNoticeJson; municipality: string }) {
  const { t } = useTranslation('report')
  const opening = useOpeningTime()
  const [lead, ...rest] = reporterNoticeSentences(notice, municipality, (key, values) => t(key, values), opening)
  return (
    <>
      <p className="body notice">{lead}</p>
      {rest.map((sentence) => (
        <p className="body" key={sentence}>
          {sentence}
        </p>
      ))}
    </>
  )
}
