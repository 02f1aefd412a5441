import type { FieldMetadata } from '@conform-to/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { localeOf } from '~/i18n/config'

/**
 * Form controls in the GOV.UK shape: a visible label, an optional hint, the error beside the
 * control with a visually hidden "Fel:" prefix, all tied by aria-describedby. Values come
 * from conform, so what the person typed is shown again after a failed submit, with or
 * without JavaScript.
 */

type AnyField = FieldMetadata<unknown, Record<string, unknown>, string[]>

/** What a control shows of its field, read once per render. */
interface FieldView {
  id: string
  name: string
  errorId: string
  errors: string[] | undefined
  initialValue: unknown
}

/**
 * The field's metadata read once: every read of a conform field goes through its proxy's
 * bookkeeping (object copies to note what the render used), and a control read the same
 * few properties a dozen times; a twentieth of a step page's CPU.
 */
function viewOf(field: AnyField): FieldView {
  return { id: field.id, name: field.name, errorId: field.errorId, errors: field.errors, initialValue: field.initialValue }
}

function describedBy(field: FieldView, hint: ReactNode | undefined): string | undefined {
  const ids = [hint ? `${field.id}-hint` : null, field.errors?.length ? field.errorId : null].filter(Boolean)
  return ids.length > 0 ? ids.join(' ') : undefined
}

function FieldError({ field }: { field: FieldView }) {
  const { t } = useTranslation('errors')
  if (!field.errors?.length) return null
  return (
    <p className="field-error" id={field.errorId}>
      <span className="visually-hidden">{t('prefix')}</span> {t(field.errors[0]!)}
    </p>
  )
}

function Hint({ field, hint }: { field: FieldView; hint?: ReactNode }) {
  if (!hint) return null
  return (
    <div className="hint" id={`${field.id}-hint`}>
      {hint}
    </div>
  )
}

function stringValue(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/**
 * One labelled control: the label (as the page's h1 on a one-question page), the hint and
 * the error, then the control itself.
 */
function LabelledControl({
  field,
  label,
  hint,
  labelAsHeading,
  bold,
  children,
}: {
  field: FieldView
  label: ReactNode
  hint?: ReactNode
  labelAsHeading?: boolean
  bold?: boolean
  children: ReactNode
}) {
  const invalid = Boolean(field.errors?.length)
  const labelElement = (
    <label className={labelAsHeading ? 'label label--heading' : bold ? 'label label--bold' : 'label'} htmlFor={field.id}>
      {label}
    </label>
  )
  return (
    <div className={invalid ? 'form-group form-group--error' : 'form-group'}>
      {labelAsHeading ? <h1 className="heading-l">{labelElement}</h1> : labelElement}
      <Hint field={field} hint={hint} />
      <FieldError field={field} />
      {children}
    </div>
  )
}

export function TextInput({
  field,
  label,
  hint,
  type = 'text',
  autoComplete,
  inputMode,
  width,
  labelAsHeading,
}: {
  field: AnyField
  label: ReactNode
  hint?: ReactNode
  /** A password is never filled in again, so a refused form does not send it back. */
  type?: 'text' | 'email' | 'tel' | 'password'
  autoComplete?: string
  inputMode?: 'numeric' | 'text' | 'email' | 'tel'
  width?: 'short' | 'medium'
  labelAsHeading?: boolean
}) {
  const view = viewOf(field)
  const invalid = Boolean(view.errors?.length)
  return (
    <LabelledControl field={view} label={label} hint={hint} labelAsHeading={labelAsHeading}>
      <input
        className={['input', width ? `input--${width}` : '', invalid ? 'input--error' : ''].join(' ').trim()}
        id={view.id}
        name={view.name}
        type={type}
        defaultValue={type === 'password' ? undefined : stringValue(view.initialValue)}
        autoComplete={autoComplete ?? 'off'}
        inputMode={inputMode}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(view, hint)}
      />
    </LabelledControl>
  )
}

/**
 * A text area; with `maxLength`, a GOV.UK character count: the limit is said under the field,
 * and with JavaScript (public/enhance.js) how many characters are left, as the person types.
 * The limit is not enforced in the browser, so pasted text is never cut: the server says so.
 */
export function TextArea({ field, label, hint, rows = 8, maxLength }: { field: AnyField; label: ReactNode; hint?: ReactNode; rows?: number; maxLength?: number }) {
  const { t, i18n } = useTranslation('common')
  const view = viewOf(field)
  const invalid = Boolean(view.errors?.length)
  const infoId = `${view.id}-info`
  const textarea = (
    <textarea
      className={invalid ? 'textarea input--error' : 'textarea'}
      id={view.id}
      name={view.name}
      rows={rows}
      defaultValue={stringValue(view.initialValue)}
      aria-invalid={invalid || undefined}
      aria-describedby={[describedBy(view, hint), maxLength ? infoId : null].filter(Boolean).join(' ') || undefined}
    />
  )
  if (!maxLength) {
    return (
      <LabelledControl field={view} label={label} hint={hint} bold>
        {textarea}
      </LabelledControl>
    )
  }
  const language = i18n.language
  return (
    <div
      className="character-count"
      data-module="character-count"
      data-maxlength={maxLength}
      data-remaining={JSON.stringify(pluralTemplates(t, 'characterCount.remaining', language))}
      data-over={JSON.stringify(pluralTemplates(t, 'characterCount.over', language))}
    >
      <LabelledControl field={view} label={label} hint={hint} bold>
        {textarea}
        <div id={infoId} className="hint character-count__message">
          {t('characterCount.limit', { count: maxLength, number: maxLength.toLocaleString(localeOf(language)) })}
        </div>
      </LabelledControl>
    </div>
  )
}

export function Select({
  field,
  label,
  hint,
  options,
  placeholder,
  labelAsHeading,
}: {
  field: AnyField
  label: ReactNode
  hint?: ReactNode
  options: ReadonlyArray<{ value: string; label: string }>
  placeholder: string
  labelAsHeading?: boolean
}) {
  const view = viewOf(field)
  const invalid = Boolean(view.errors?.length)
  return (
    <LabelledControl field={view} label={label} hint={hint} labelAsHeading={labelAsHeading}>
      <select
        className={invalid ? 'select input--error' : 'select'}
        id={view.id}
        name={view.name}
        defaultValue={stringValue(view.initialValue)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(view, hint)}
      >
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </LabelledControl>
  )
}

export interface Choice {
  value: string
  label: ReactNode
  hint?: ReactNode
  /** Shown under the choice when it is checked (GOV.UK conditional reveal, done with CSS). */
  conditional?: ReactNode
}

/** The id of a group's n-th control; the first one is the field's id, the error summary's target. */
function choiceId(field: FieldView, index: number): string {
  return index === 0 ? field.id : `${field.id}-${index}`
}

function ChoiceGroup({
  type,
  field,
  legend,
  hint,
  choices,
  legendAsHeading,
  inline,
}: {
  type: 'radio' | 'checkbox'
  field: AnyField
  legend: ReactNode
  hint?: ReactNode
  choices: readonly Choice[]
  legendAsHeading?: boolean
  inline?: boolean
}) {
  const view = viewOf(field)
  const invalid = Boolean(view.errors?.length)
  const initial = view.initialValue
  const checked = (value: string) => (Array.isArray(initial) ? initial.includes(value) : initial === value)
  return (
    <div className={invalid ? 'form-group form-group--error' : 'form-group'}>
      <fieldset className="fieldset" aria-describedby={describedBy(view, hint)}>
        <legend className={legendAsHeading ? 'legend legend--heading' : 'legend'}>{legendAsHeading ? <h1 className="heading-l">{legend}</h1> : legend}</legend>
        <Hint field={view} hint={hint} />
        <FieldError field={view} />
        <div className={[type === 'radio' ? 'radios' : 'checkboxes', inline ? 'radios--inline' : ''].join(' ').trim()}>
          {choices.map((choice, index) => {
            const id = choiceId(view, index)
            return (
              <div className="choice" key={choice.value}>
                <input
                  className="choice__input"
                  id={id}
                  name={view.name}
                  type={type}
                  value={choice.value}
                  defaultChecked={checked(choice.value)}
                  aria-describedby={choice.hint ? `${id}-hint` : undefined}
                />
                <label className="choice__label" htmlFor={id}>
                  {choice.label}
                </label>
                {choice.hint ? (
                  <div className="hint choice__hint" id={`${id}-hint`}>
                    {choice.hint}
                  </div>
                ) : null}
                {choice.conditional ? <div className="choice__conditional">{choice.conditional}</div> : null}
              </div>
            )
          })}
        </div>
      </fieldset>
    </div>
  )
}

export function Radios(props: Omit<Parameters<typeof ChoiceGroup>[0], 'type'>) {
  return <ChoiceGroup type="radio" {...props} />
}

export function Checkboxes(props: Omit<Parameters<typeof ChoiceGroup>[0], 'type'>) {
  return <ChoiceGroup type="checkbox" {...props} />
}

/** A single yes/no checkbox, e.g. "needs an interpreter"; conform reads "on" as true. */
export function Checkbox({ field, label }: { field: AnyField; label: ReactNode }) {
  const { id, name, initialValue } = viewOf(field)
  return (
    <div className="form-group">
      <div className="checkboxes">
        <div className="choice">
          <input className="choice__input" id={id} name={name} type="checkbox" defaultChecked={initialValue === 'on' || initialValue === true} />
          <label className="choice__label" htmlFor={id}>
            {label}
          </label>
        </div>
      </div>
    </div>
  )
}

/**
 * A text with a number, in each plural form the language has, with `%n` where the number
 * goes: the browser module picks the form with Intl.PluralRules, so every language's
 * plurals (Arabic has six) come out right without the module knowing any text.
 */
function pluralTemplates(t: (key: string, options: Record<string, unknown>) => string, key: string, language: string): Record<string, string> {
  const rules = new Intl.PluralRules(localeOf(language))
  const categories = rules.resolvedOptions().pluralCategories
  const templates: Record<string, string> = {}
  for (let count = 0; count <= 200 && Object.keys(templates).length < categories.length; count++) {
    const category = rules.select(count)
    if (!(category in templates)) templates[category] = t(key, { count, number: '%n' })
  }
  return templates
}
