import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'

let cached: string | null = null

/**
 * The address of public/enhance.js with a digest of its content, read once per process:
 * static files are cached for an hour, and a new version must not meet an old copy.
 */
export function enhanceScriptPath(file = path.resolve('public/enhance.js')): string {
  if (cached) return cached
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12)
  cached = `/enhance.js?v=${digest}`
  return cached
}
