import { useTranslation } from 'react-i18next'
import { formatOpening, type OpeningFormatter } from '~/domain/opening-time'

/** When an office opens, in the page's language (the e-mails call formatOpening directly). */
export function useOpeningTime(): OpeningFormatter {
  const { i18n } = useTranslation()
  return formatOpening(i18n.language)
}
