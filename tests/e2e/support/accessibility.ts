import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Browser, type Page } from '@playwright/test'

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

// AxeBuilder evaluates axe-core's unminified source (1.3 MB) twice in every check, up to a
// second of a shared CPU. The minified build is evaluated once per document instead, and
// AxeBuilder is handed a source that only says axe is there already.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const AXE_ALREADY_INJECTED = 'void 0'

// The documents this worker has already found accessible (see `documentFingerprint`).
const passed = new Set<string>()

/**
 * Runs axe on the page as it is now (WCAG 2.1 A and AA, the level the accessibility
 * statement promises) and fails with the rule, the help text and the offending elements.
 * A document this worker has already checked, exactly as it is now, is not checked again:
 * journeys pass the same empty steps many times, and one axe run costs 1-3 s of a shared
 * CPU (half of a journey's time on the two-core CI machine).
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.waitForLoadState('domcontentloaded')
  const fingerprint = await documentFingerprint(page)
  if (passed.has(fingerprint)) return
  const target = (await scriptingEnabled(page)) ? page : await replicaWithScripting(page)
  // Legacy mode runs axe in the page itself; the default opens a blank page per check to
  // merge frame results, three times slower, for iframes this service does not have.
  if (!(await target.evaluate(() => 'axe' in window))) await target.evaluate(AXE_SOURCE)
  // Only violations are read: the other result types keep one example node each.
  const results = await new AxeBuilder({ page: target, axeSource: AXE_ALREADY_INJECTED })
    .options({ resultTypes: ['violations'] })
    .withTags(WCAG_21_AA)
    .setLegacyMode(true)
    .analyze()
  const violations = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  }))
  expect(violations, `axe found WCAG 2.1 AA violations on ${page.url()}`).toEqual([])
  passed.add(fingerprint)
}

/**
 * What axe's verdict depends on: the document's markup, the viewport and the colour
 * scheme (the stylesheets are the same build throughout a run). Left out are what no
 * rule reads and what differs on every visit: scripts (Remix's loader data), hidden
 * inputs' values (CSRF tokens, form timestamps) and nonces.
 */
async function documentFingerprint(page: Page): Promise<string> {
  const state = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement
    copy.querySelectorAll('script').forEach((script) => script.remove())
    copy.querySelectorAll('input[type="hidden"]').forEach((input) => input.removeAttribute('value'))
    copy.querySelectorAll('[nonce]').forEach((element) => element.removeAttribute('nonce'))
    return [window.innerWidth, window.innerHeight, window.matchMedia('(prefers-color-scheme: dark)').matches, copy.outerHTML].join('\n')
  })
  return createHash('sha256').update(state).digest('hex')
}

/**
 * Whether the page runs scripts. With scripting off, the HTML parser reads the inside of
 * `<noscript>` as markup; with it on, as text. (This check itself needs no timers.)
 */
async function scriptingEnabled(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const probe = document.createElement('div')
    probe.innerHTML = '<noscript><p></p></noscript>'
    return probe.querySelector('noscript p') === null
  })
}

const replicas = new WeakMap<Browser, Page>()

/**
 * axe needs timers, which do not run where JavaScript is off. It is run instead on an
 * exact copy of the page's current document, without its scripts, served at the same
 * address in a page where JavaScript runs (so stylesheets, and thus contrast, are real).
 */
async function replicaWithScripting(page: Page): Promise<Page> {
  const browser = page.context().browser()
  if (!browser) throw new Error('no browser to make an accessibility replica in')
  let replica = replicas.get(browser)
  if (!replica || replica.isClosed()) {
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize(), locale: 'sv-SE' })
    replica = await context.newPage()
    replicas.set(browser, replica)
  }
  const url = page.url()
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, '')
  await replica.unrouteAll()
  await replica.route(
    (candidate) => candidate.href === url,
    (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }),
  )
  await replica.goto(url)
  return replica
}

/** The widths staff pages are checked at: a phone and a desktop (issue 13). */
export const STAFF_WIDTHS = [360, 1280] as const

/**
 * axe at each width, and the page itself never scrolling sideways there (a wide table scrolls
 * in its own focusable region).
 */
export async function expectAccessibleAtEveryWidth(page: Page, widths: readonly number[] = STAFF_WIDTHS): Promise<void> {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 })
    await expectAccessible(page)
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(sideways, `${new URL(page.url()).pathname} at ${width} px scrolls sideways by ${sideways} px`).toBeLessThanOrEqual(0)
  }
}
