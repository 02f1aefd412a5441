import { useTranslation } from 'react-i18next'

/** A report's urgency as a tag, and under it, in words, every rule that made it so. */
export function LevelWithRules({ level, rules }: { level: string; rules: readonly string[] }) {
  const { t } = useTranslation('staff')
  return (
    <>
      <strong className={`tag tag--${level}`}>{t(`levels.${level}`)}</strong>
      {rules.length > 0 ? (
        <ul className="rules">
          {rules.map((rule) => (
            <li key={rule}>{t(`rules.${rule}`)}</li>
          ))}
        </ul>
      ) : null}
    </>
  )
}
