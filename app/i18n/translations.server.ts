import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createInstance, type i18n, type Resource, type TFunction } from 'i18next'
import { initReactI18next } from 'react-i18next'
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

/**
 * An instance for one server render in `language`: a clone shares the loaded texts, so
 * making one costs no file and no parse, and one request's language never leaks into another's.
 */
export function renderInstance(language: Language): i18n {
  return sharedInstance().cloneInstance({ lng: language, initImmediate: false })
}
