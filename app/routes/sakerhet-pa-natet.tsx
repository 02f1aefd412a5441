import { useTranslation } from 'react-i18next'

export const handle = { i18n: ['common', 'report'], titleKey: 'report:safetyOnline.title' }

/** Safety online: what quick exit does and does not do, and how to clear the history. */
export default function SafetyOnline() {
  const { t } = useTranslation('report')
  const steps = ['history', 'privateWindow', 'sharedDevice', 'email'] as const
  return (
    <>
      <h1 className="heading-l">{t('safetyOnline.title')}</h1>
      <p className="body">{t('safetyOnline.intro')}</p>
      <p className="body">{t('safetyOnline.exit')}</p>
      <div className="inset">
        <p className="body notice">{t('safetyOnline.notErased')}</p>
      </div>
      {steps.map((step) => (
        <section key={step}>
          <h2 className="heading-m">{t(`safetyOnline.${step}Title`)}</h2>
          <p className="body">{t(`safetyOnline.${step}Body`)}</p>
        </section>
      ))}
    </>
  )
}
