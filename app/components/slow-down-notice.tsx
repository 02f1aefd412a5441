import { useTranslation } from 'react-i18next'

export interface SlowDownData {
  retryAfterSeconds: number
  jour: { name: string; phone: string } | null
}

/** "Wait a little", in minutes once it is a minute or more: a person reads "2 minutes", not "120 seconds". */
export function useWaitText(seconds: number): string {
  const { t } = useTranslation('common')
  return seconds < 60 ? t('slowDown.seconds', { count: seconds }) : t('slowDown.minutes', { count: Math.ceil(seconds / 60) })
}

/**
 * The answer to a person who is slowed down (too many tries, a busy service): when to try
 * again, that nothing typed is lost, and where help is right now (PRODUCT.md: never shut out
 * without help).
 */
export function SlowDownNotice({ slowDown, headingLevel = 2, inForm = false }: { slowDown: SlowDownData; headingLevel?: 1 | 2; inForm?: boolean }) {
  const { t } = useTranslation('common')
  const wait = useWaitText(slowDown.retryAfterSeconds)
  const Heading = headingLevel === 1 ? 'h1' : 'h2'
  return (
    <div className="emergency emergency--urgent" role="alert">
      <Heading className={headingLevel === 1 ? 'heading-l' : 'emergency__title'}>{t('slowDown.title')}</Heading>
      <p className="body">{t('slowDown.body', { wait })}</p>
      <p className="body">
        {t('slowDown.kept')}
        {inForm ? ` ${t('slowDown.keptHere')}` : null}
      </p>
      <p className="body">
        <strong>{t('slowDown.emergency')}</strong>
      </p>
      {slowDown.jour ? <p className="body">{t('slowDown.jour', { name: slowDown.jour.name, phone: slowDown.jour.phone })}</p> : null}
    </div>
  )
}
