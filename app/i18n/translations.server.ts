import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createInstance, type i18n, type Resource, type TFunction } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { keptValues } from '../domain/kept-values'
import { i18nConfig, namespacesOf, SUPPORTED_LANGUAGES, type Language, type Namespace } from './config'

export type { Namespace }

/**
 * Every language's texts, read from `public/locales` once per process. A backend that reads
 * the files again for each page or e-mail made every render pay for a dozen file reads and
 * JSON parses (issue 15); the texts only change with a deploy, which restarts the process.
 * A language has only the namespaces `namespacesOf` gives it (no staff texts beyond Swedish and
 * English); a key it lacks falls back to Swedish.
 */
export function readResources(localesDir = path.resolve('public/locales')): Resource {
  const resources: Resource = {}
  for (const language of SUPPORTED_LANGUAGES) {
    resources[language] = {}
    for (const namespace of namespacesOf(language)) {
      resources[language][namespace] = JSON.parse(readFileSync(path.join(localesDir, language, `${namespace}.json`), 'utf8')) as Record<string, unknown>
    }
  }
  return resources
}

let shared: i18n | null = null

/** One initialised instance per process; renders and e-mails use clones or fixed functions of it. */
function sharedInstance(): i18n {
  if (shared) return shared
  const instance = createInstance()
  // With the texts in memory and initImmediate off, init finishes before it returns.
  void instance.use(initReactI18next).init({ ...i18nConfig, resources: readResources(), initImmediate: false })
  shared = instance
  return instance
}

/** A translation function for one language and namespace (e-mails, CSV headings, server-made text). */
export function fixedT(language: Language, namespace: Namespace): TFunction {
  return sharedInstance().getFixedT(language, namespace)
}

/** Texts already looked up, by language, namespace and key prefix, then key (and numbers given). */
const looked = new Map<string, ReturnType<typeof keptValues<string, string>>>()
/** Per language and namespace; a count makes a text per number, so the map is bounded. */
const LOOKED_KEPT = 10_000

/**
 * The key a call is remembered under, or null when it is not: a key alone, or with options
 * that are all numbers ("3 hours ago"). Strings are never remembered: they may be a person's
 * name or address, which must not outlive the request in the process's memory.
 */
function rememberedAs(key: unknown, rest: unknown[]): string | null {
  if (typeof key !== 'string') return null
  if (rest.length === 0) return key
  const options = rest[0]
  if (rest.length > 1 || typeof options !== 'object' || options === null || Array.isArray(options)) return null
  let id = key
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== 'number') return null
    id += `\u0000${name}=${value}`
  }
  return id
}

/**
 * `t` for one language and namespace that remembers what a key gave, alone or with numbers. The texts
 * are fixed for the life of the process, so the answer cannot change; and a staff queue page asks
 * for the same few dozen labels hundreds of times, each a full i18next lookup (key splitting,
 * fallbacks, interpolation and nesting scans): a tenth of such a page's CPU.
 */
function rememberingT(instance: i18n, t: TFunction, namespace: string, keyPrefix: string | undefined): TFunction {
  const plain = t as unknown as (...args: unknown[]) => unknown
  const remembering = (key: unknown, ...rest: unknown[]) => {
    const as = rememberedAs(key, rest)
    if (as === null) return plain(key, ...rest)
    const id = `${instance.language}|${namespace}|${keyPrefix ?? ''}`
    let texts = looked.get(id)
    if (!texts) looked.set(id, (texts = keptValues(LOOKED_KEPT)))
    const text = texts.get(as)
    if (text !== undefined) return text
    const found = plain(key, ...rest)
    return typeof found === 'string' ? texts.keep(as, found) : found
  }
  // i18next's own fixed `t` carries these; react-i18next reads them.
  const { lng, ns } = t as unknown as { lng?: string; ns?: string }
  return Object.assign(remembering, { lng, ns, keyPrefix }) as unknown as TFunction
}

const renderInstances = new Map<Language, i18n>()

/**
 * The instance server renders in `language` use: a clone of the shared one (the same loaded
 * texts), one per language for the life of the process, so one request's language never leaks
 * into another's. Kept rather than cloned per render (a fiftieth of a step page's CPU): nothing
 * in a render changes an instance (no `changeLanguage`, no namespace to load, every text in
 * memory); a component only reads `t` and `i18n.language`.
 */
export function renderInstance(language: Language): i18n {
  const kept = renderInstances.get(language)
  if (kept) return kept
  const instance = sharedInstance().cloneInstance({ lng: language, initImmediate: false })
  const getFixedT = instance.getFixedT.bind(instance)
  const rememberingGetFixedT = ((lng: string | readonly string[] | null, namespace?: string | readonly string[], keyPrefix?: string) => {
    const t = getFixedT(lng as string, namespace as string, keyPrefix)
    // A fixed language other than the render's own is rare (a language's own name); left alone.
    if (lng !== null && lng !== undefined && lng !== instance.language) return t
    return rememberingT(instance, t, Array.isArray(namespace) ? namespace.join(',') : String(namespace ?? ''), keyPrefix)
  }) as i18n['getFixedT']
  instance.getFixedT = rememberingGetFixedT
  renderInstances.set(language, instance)
  return instance
}
