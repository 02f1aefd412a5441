import { useTranslation } from 'react-i18next'

export const handle = { i18n: ['common', 'report'], titleKey: 'report:accessibility.title' }

/** Accessibility statement with the headings of Digg's template (lagen om tillgänglighet till digital offentlig service). */
export default function AccessibilityStatement() {
  const { t } = useTranslation('report')
  const sections = ['howAccessible', 'whatIfCannot', 'report', 'supervision', 'technical', 'contentNotAccessible', 'testing'] as const
  return (
    <>
      <h1 className="heading-l">{t('accessibility.title')}</h1>
      <p className="body">{t('accessibility.intro')}</p>
      {sections.map((section) => (
        <section key={section}>
          <h2 className="heading-m">{t(`accessibility.${section}Title`)}</h2>
          <p className="body">{t(`accessibility.${section}Body`)}</p>
        </section>
      ))}
    </>
  )
}
