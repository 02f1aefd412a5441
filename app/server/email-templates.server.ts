import { readFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { directionOf, htmlLanguageOf, type Language } from '../i18n/config'

export type TemplateName = 'page' | 'page-sms' | 'intake-alert' | 'receipt' | 'feedback' | 'morning-summary' | 'invitation' | 'invitation-provider' | 'reporter-question'

export interface RenderedEmail {
  subject: string
  text: string
  /** Absent for text-only messages (a page to an e-mail-to-SMS gateway). */
  html: string | null
}

const EMAILS_DIR = path.resolve('emails')
const PLACEHOLDER = /\{\{(\w+)\}\}/g
const cache = new Map<string, string | null>()

function load(file: string): string | null {
  if (!cache.has(file)) {
    const full = path.join(EMAILS_DIR, file)
    cache.set(file, existsSync(full) ? readFileSync(full, 'utf8') : null)
  }
  return cache.get(file)!
}

function fill(template: string, values: Readonly<Record<string, string>>, escape: (value: string) => string): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name]
    // A missing value is a programming error; a message with "{{reference}}" in it must never go out.
    if (value === undefined) throw new Error(`e-mail template value "${name}" is missing`)
    return escape(value)
  })
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/**
 * Renders `emails/<name>.<language>.txt` (a `Subject:` line, a blank line, the body) and,
 * if there is one, `emails/<name>.<language>.html` inside `emails/layout.html`. Values are
 * plain text; the HTML gets them escaped.
 */
export function renderEmail(name: TemplateName, language: Language, values: Readonly<Record<string, string>>): RenderedEmail {
  const source = load(`${name}.${language}.txt`)
  if (source === null) throw new Error(`no e-mail template emails/${name}.${language}.txt`)
  const match = /^Subject: (.+)\r?\n\r?\n([\s\S]*)$/.exec(source)
  if (!match) throw new Error(`emails/${name}.${language}.txt must start with a Subject: line and a blank line`)
  const subject = fill(match[1]!, values, (value) => value.replace(/[\r\n]+/g, ' '))
  const text = fill(match[2]!, values, (value) => value).trimEnd() + '\n'
  const htmlBody = load(`${name}.${language}.html`)
  const html =
    htmlBody === null
      ? null
      : fill(load('layout.html')!, { lang: htmlLanguageOf(language), dir: directionOf(language), subject, content: '\u0000' }, escapeHtml).replace(
          '\u0000',
          fill(htmlBody, values, (value) => escapeHtml(value).replace(/\n/g, '<br>')),
        )
  return { subject, text, html }
}
