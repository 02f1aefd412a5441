import { useTranslation } from 'react-i18next'
import { leadingRule } from '~/domain/queue-filter'

/**
 * A report's urgency as a tag, and beside it the rule that set it, with "+N" for the others
 * that fired: a queue's line stays one line. Every rule is listed on the report's page.
 */
export function LevelWithRules({ level, rules }: { level: string; rules: readonly string[] }) {
  const { t } = useTranslation('staff')
  const { rule, more } = leadingRule(rules)
  return (
    <>
      <strong className={`tag tag--${level}`}>{t(`levels.${level}`)}</strong>
      {rule ? (
        <span className="queue-rule">
          {' '}
          {t(`rules.${rule}`)}
          {more > 0 ? (
            <span className="queue-rule__more">
              {' '}
              <span aria-hidden="true">+{more}</span>
              <span className="visually-hidden">{t('queueView.moreRules', { count: more })}</span>
            </span>
          ) : null}
        </span>
      ) : null}
    </>
  )
}
