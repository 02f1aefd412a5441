import { randomUUID } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { generateTOTP } from '@epic-web/totp'
import type pg from 'pg'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../app/server/seed.server'
import { harvestForms, type FuzzCase, type FuzzTarget } from './form-fuzz'

/**
 * Every form route of the running app as a fuzz target, with what a case needs to get past
 * the guards to the form itself: a draft at the right step for the public steps (a fresh one
 * per case, copied in the database, so no case changes another's), a signed-in session and
 * its CSRF token for the staff forms, and a client address of its own (X-Forwarded-For; the
 * app runs with TRUST_PROXY=1) so per-address limits do not answer for the form.
 */

export const FUZZ_SESSION_SECRET = 'fuzz-session-secret-0123456789-abcdefghij'

type Fields = Record<string, string | string[]>

/** A cookie-keeping client that does not follow redirects, with headers of its own (a client address, a test clock). */
export class Client {
  /** How many 503s the set-up met and waited out, over every client. */
  static shed = 0
  private jar = new Map<string, string>()
  constructor(
    private baseURL: string,
    private headers: Record<string, string> = {},
  ) {}

  get cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name)
  }

  setCookie(name: string, value: string) {
    this.jar.set(name, value)
  }

  async request(path: string, init: { form?: Fields; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...this.headers, ...init.headers, cookie: this.cookieHeader }
    let body: string | undefined
    if (init.form) {
      const params = new URLSearchParams()
      for (const [name, value] of Object.entries(init.form)) for (const item of Array.isArray(value) ? value : [value]) params.append(name, item)
      body = params.toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    let response = await fetch(this.baseURL + path, { method: body === undefined ? 'GET' : 'POST', headers, body, redirect: 'manual' })
    // A shed request (503 while the service is busy, e.g. just after start) is tried again as a person would.
    for (let attempt = 1; response.status === 503 && attempt <= 30; attempt++) {
      Client.shed++
      await response.arrayBuffer()
      await new Promise((resolve) => setTimeout(resolve, 500))
      response = await fetch(this.baseURL + path, { method: body === undefined ? 'GET' : 'POST', headers, body, redirect: 'manual' })
    }
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const [name, ...rest] = pair!.split('=')
      const value = rest.join('=')
      if (value === '' || attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute))) this.jar.delete(name!.trim())
      else this.jar.set(name!.trim(), value)
    }
    return { status: response.status, location: response.headers.get('location'), html: await response.text() }
  }

  async get(path: string): Promise<string> {
    const response = await this.request(path)
    if (response.status !== 200)
      throw new Error(
        `GET ${path}: ${response.status} -> ${response.location}\n${response.html
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(0, 600)}`,
      )
    return response.html
  }

  /** Posts a form and expects a 303; returns where it leads. */
  async post(path: string, form: Fields, expected?: string | RegExp, headers?: Record<string, string>): Promise<string> {
    const response = await this.request(path, { form, ...(headers ? { headers } : {}) })
    const location = response.location ?? ''
    const matches = expected === undefined || (typeof expected === 'string' ? location === expected : expected.test(location))
    if (response.status !== 303 || !matches) {
      throw new Error(`POST ${path}: ${response.status} -> ${response.location}, expected 303 -> ${String(expected)}\n${response.html.slice(0, 400)}`)
    }
    return location
  }
}

/** The hidden CSRF token of a staff page. */
export function csrfOf(html: string, page: string): string {
  const csrf = /<input type="hidden" name="csrf" value="([^"]+)"/.exec(html)?.[1]
  if (!csrf) throw new Error(`no csrf input on ${page}`)
  return csrf
}

// ---------------------------------------------------------------------------------------
// Reports through the public form

const SAFETY_NO = {
  dangerNow: 'no',
  injured: 'no',
  childAlone: 'unknown',
  afraidToGoHome: 'yes',
  abuserAccessTonight: 'unknown',
  sexualAbuseAccess: 'no',
  suicideRisk: 'no',
  takenAbroad: 'no',
  caregiverIntoxicated: 'unknown',
  nowhereToSleep: 'no',
}

/**
 * One report as a person fills it in: a teacher about one child in Täby, or with `anonymous`
 * a neighbour who does not give a name (no receipt is sent). `danger` makes it `immediate`
 * (someone in danger now); `unknownMunicipality` takes the whereabouts branch.
 */
export function reportSteps(options: { danger?: boolean; unknownMunicipality?: boolean; municipality?: string; anonymous?: boolean } = {}): Array<[string, Fields, string]> {
  const municipality = options.municipality ?? '0160'
  return [
    ...(options.unknownMunicipality
      ? ([
          ['/anmalan/kommun', { municipality: 'unknown' }, '/anmalan/vistelseort'],
          ['/anmalan/vistelseort', { municipality }, '/anmalan/vem'],
        ] as Array<[string, Fields, string]>)
      : ([['/anmalan/kommun', { municipality }, '/anmalan/vem']] as Array<[string, Fields, string]>)),
    ['/anmalan/vem', { concerns: 'children' }, '/anmalan/personer'],
    ['/anmalan/personer', { 'people[0].name': 'Alva Exempel', 'people[0].approximateAge': '8', 'people[0].school': 'Centrumskolan' }, '/anmalan/oro'],
    ['/anmalan/oro', { categories: ['neglect', 'domesticViolence'], description: 'Alva kommer till skolan hungrig och berättar om bråk hemma.' }, '/anmalan/sakerhet'],
    ['/anmalan/sakerhet', { ...SAFETY_NO, dangerNow: options.danger ? 'yes' : 'no' }, '/anmalan/om-dig'],
    ['/anmalan/om-dig', { kind: options.anonymous ? 'private' : 'professional' }, '/anmalan/kontaktuppgifter'],
    [
      '/anmalan/kontaktuppgifter',
      options.anonymous
        ? { anonymous: 'yes', relation: 'granne' }
        : {
            name: 'Lärare Exempel',
            organisationType: 'school',
            organisationName: 'Centrumskolan',
            role: 'Klasslärare',
            phone: '0522-123456',
            email: 'larare@skola.example',
            guardiansInformed: 'yes',
          },
      '/anmalan/kontrollera',
    ],
  ]
}

/** Walks the steps and returns the draft's encrypted answers, which every copy of the draft shares. */
export async function walkDraft(client: Client, db: pg.Client, steps: Array<[string, Fields, string]>, sessionSecret: string): Promise<string> {
  for (const [path, form, next] of steps) await client.post(path, form, next)
  const id: unknown = await draftCookie(sessionSecret).parse(`oro_draft=${client.cookie('oro_draft')}`)
  if (typeof id !== 'string') throw new Error('the walk left no draft cookie')
  const row = (await db.query<{ answers_ciphertext: string }>('select answers_ciphertext from report_drafts where id = $1', [id])).rows[0]
  if (!row) throw new Error('the walked draft is not in report_drafts')
  return row.answers_ciphertext
}

const draftCookies = new Map<string, ReturnType<typeof createCookie>>()
export function draftCookie(sessionSecret: string) {
  let cookie = draftCookies.get(sessionSecret)
  if (!cookie) {
    cookie = createCookie('oro_draft', { secrets: [sessionSecret], httpOnly: true, sameSite: 'lax', path: '/' })
    draftCookies.set(sessionSecret, cookie)
  }
  return cookie
}

/**
 * Copies of a walked draft, straight into report_drafts as the app keeps them (the
 * ciphertext is bound to its column, not its row), each with its signed cookie
 * (`oro_draft=...`). `at` is the draft's last change; it started ten minutes before.
 */
export async function copyDrafts(db: pg.Client, answers: string, count: number, sessionSecret: string, at?: Date): Promise<Array<{ id: string; cookie: string }>> {
  const ids = Array.from({ length: count }, () => randomUUID())
  for (let from = 0; from < ids.length; from += 10_000) {
    const slice = ids.slice(from, from + 10_000)
    if (at) {
      await db.query(
        `insert into report_drafts (id, answers_ciphertext, started_at, updated_at)
         select id, $2, $3::timestamptz - interval '10 minutes', $3::timestamptz from unnest($1::uuid[]) as id`,
        [slice, answers, at],
      )
    } else {
      await db.query(
        `insert into report_drafts (id, answers_ciphertext, started_at, updated_at)
         select id, $2, now() - interval '10 minutes', now() from unnest($1::uuid[]) as id`,
        [slice, answers],
      )
    }
  }
  const cookie = draftCookie(sessionSecret)
  return Promise.all(ids.map(async (id) => ({ id, cookie: (await cookie.serialize(id)).split(';')[0]! })))
}

const stockholmHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', hourCycle: 'h23' })

/** The latest 23:00-23:50 in Stockholm at least ten minutes ago: after every intake unit's hours, every night of the year. */
export function lastNight(now = new Date()): Date {
  const at = new Date(now.getTime() - 10 * 60_000)
  at.setUTCMinutes(Math.floor(at.getUTCMinutes() / 10) * 10, 0, 0)
  while (stockholmHour.format(at) !== '23') at.setTime(at.getTime() - 10 * 60_000)
  return at
}

// ---------------------------------------------------------------------------------------
// Staff

/** A client address per request, for per-address limits: 10.x.y.z from a counter. */
export function clientAddress(index: number): string {
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`
}

/** Password step only: the session is half signed in (the code or the enrolment page comes next). */
export async function signInHalf(baseURL: string, email: string, address: string): Promise<{ client: Client; next: string }> {
  const client = new Client(baseURL, { 'x-forwarded-for': address })
  const login = await client.get('/personal/logga-in')
  const next = await client.post('/personal/logga-in', { csrf: csrfOf(login, '/personal/logga-in'), email, password: DEMO_PASSWORD }, /^\/personal\/(kod|aktivera-kod)$/)
  return { client, next }
}

/** Signs a demo account in with its password and a TOTP code (each code is taken once per account). */
export async function signIn(baseURL: string, email: string, address: string): Promise<Client> {
  const { client } = await signInHalf(baseURL, email, address)
  const page = await client.get('/personal/kod')
  const { otp } = await generateTOTP({ secret: DEMO_TOTP_SECRET })
  await client.post('/personal/kod', { csrf: csrfOf(page, '/personal/kod'), code: otp }, /^\/personal(\/granskning|\/drift)?$/)
  return client
}

// ---------------------------------------------------------------------------------------

type Access = { kind: 'draft'; variant: 'known' | 'unknown' } | { kind: 'cookie'; cookie: string } | { kind: 'none' }

export interface PreparedTargets {
  targets: FuzzTarget[]
  /** Makes the fresh drafts the cases of public steps will use: call before the timed run. */
  prepareDrafts: (cases: readonly FuzzCase[]) => Promise<void>
  /** A case's cookie and client address. */
  headersFor: (fuzzCase: FuzzCase, index: number) => Record<string, string>
  /** For a staff target: its session cookie and a page that session shows (a signed-out one is sent to the login page). */
  sessionOf: (target: number) => { cookie: string; page: string } | null
  /** Ids made for the staff targets, for a report. */
  made: Record<string, string>
  /** The walked drafts' answers, for more copies. */
  answers: { known: string; unknown: string; danger: string }
}

function today(offsetDays = 0): string {
  const day = new Date(Date.now() + offsetDays * 86_400_000)
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(day)
}

/** Sends a copy of a walked draft, reads its reply code off the confirmation and opens the follow-up page with it: that page's HTML. */
async function openedFollowUp(baseURL: string, db: pg.Client, answers: string, sessionSecret: string, address: string): Promise<string> {
  const [draft] = await copyDrafts(db, answers, 1, sessionSecret)
  const client = new Client(baseURL, { 'x-forwarded-for': address })
  const [name, value] = draft!.cookie.split('=') as [string, string]
  client.setCookie(name, value)
  await client.post('/anmalan/kontrollera', { submissionKey: draft!.id, website: '' }, '/anmalan/bekraftelse')
  const confirmation = await client.get('/anmalan/bekraftelse')
  const reference = /[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{3}(?![-2-9A-HJ-NP-Z])/.exec(confirmation)?.[0]
  const code = /[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){4}/.exec(confirmation)?.[0]
  if (!reference || !code) throw new Error('no reference and reply code on the confirmation page')
  const opened = await client.request('/folj-din-anmalan', { form: { intent: 'open', reference, code } })
  if (opened.status !== 200 || !opened.html.includes('name="access"')) throw new Error(`the follow-up did not open: ${opened.status}`)
  return opened.html
}

/** Submits one copy of a walked draft; returns the report's id. `at` sets the service's clock for the submit (X-Test-Now). */
async function submitCopy(baseURL: string, db: pg.Client, answers: string, sessionSecret: string, address: string, at?: Date): Promise<string> {
  const [draft] = await copyDrafts(db, answers, 1, sessionSecret, at)
  const client = new Client(baseURL, { 'x-forwarded-for': address, ...(at ? { 'x-test-now': at.toISOString() } : {}) })
  const [name, value] = draft!.cookie.split('=') as [string, string]
  client.setCookie(name, value)
  await client.post('/anmalan/kontrollera', { submissionKey: draft!.id, website: '' }, '/anmalan/bekraftelse')
  const row = (await db.query<{ id: string }>('select id from reports where submission_key = $1', [draft!.id])).rows[0]
  if (!row) throw new Error('the submitted report has no row')
  return row.id
}

/**
 * Signs in, makes what the staff forms need (a Täby report, a jour report of last night, a
 * pre-notice, an account to change), reads every form page and returns the targets.
 */
export async function prepareFuzzTargets(options: { baseURL: string; db: pg.Client; sessionSecret: string }): Promise<PreparedTargets> {
  const { baseURL, db, sessionSecret } = options
  let addresses = 60_000
  const address = () => clientAddress(addresses++)

  // --- Drafts for the public steps ------------------------------------------------------
  const known = await walkDraft(new Client(baseURL, { 'x-forwarded-for': address() }), db, reportSteps(), sessionSecret)
  const unknown = await walkDraft(new Client(baseURL, { 'x-forwarded-for': address() }), db, reportSteps({ unknownMunicipality: true }), sessionSecret)
  const danger = await walkDraft(new Client(baseURL, { 'x-forwarded-for': address() }), db, reportSteps({ danger: true }), sessionSecret)

  const targets: FuzzTarget[] = []
  const access: Access[] = []
  const add = (label: string, path: string, html: string, how: Access, extra: { names?: string[]; values?: string[]; formFrom?: string } = {}) => {
    const harvested = harvestForms(html, extra.formFrom ?? path)
    if (harvested.forms.length === 0 && !extra.names) throw new Error(`no form posting to ${path} on its page`)
    targets.push({
      label,
      path,
      forms: harvested.forms,
      names: [...new Set([...harvested.names, ...(extra.names ?? [])])],
      values: [...new Set([...harvested.values, ...(extra.values ?? [])])],
    })
    access.push(how)
  }

  const pageWithDraft = async (path: string, answers: string) => {
    const [draft] = await copyDrafts(db, answers, 1, sessionSecret)
    const client = new Client(baseURL, { 'x-forwarded-for': address() })
    const [name, value] = draft!.cookie.split('=') as [string, string]
    client.setCookie(name, value)
    return client.get(path)
  }
  for (const path of [
    '/anmalan/kommun',
    '/anmalan/vem',
    '/anmalan/personer',
    '/anmalan/oro',
    '/anmalan/sakerhet',
    '/anmalan/om-dig',
    '/anmalan/kontaktuppgifter',
    '/anmalan/kontrollera',
  ]) {
    add(`POST ${path} (a complete draft)`, path, await pageWithDraft(path, known), { kind: 'draft', variant: 'known' })
  }
  add('POST /anmalan/vistelseort (a draft with an unknown municipality)', '/anmalan/vistelseort', await pageWithDraft('/anmalan/vistelseort', unknown), {
    kind: 'draft',
    variant: 'unknown',
  })
  add('POST /sprak', '/sprak', await new Client(baseURL, { 'x-forwarded-for': address() }).get('/'), { kind: 'none' })
  // The reporter's follow-up (issue 14): the open form, and the page a right pair opens, with its answer and addition forms.
  const followUpNames = ['intent', 'reference', 'code', 'access', 'questionId', 'submissionKey', 'text', 'dangerNow']
  add(
    'POST /folj-din-anmalan (the open form)',
    '/folj-din-anmalan',
    await new Client(baseURL, { 'x-forwarded-for': address() }).get('/folj-din-anmalan'),
    { kind: 'none' },
    {
      names: followUpNames,
      values: ['open', 'answer', 'addition'],
    },
  )
  add(
    'POST /folj-din-anmalan (a report opened)',
    '/folj-din-anmalan',
    await openedFollowUp(baseURL, db, known, sessionSecret, address()),
    { kind: 'none' },
    { names: followUpNames },
  )
  const token = randomUUID().replace(/-/g, '')
  add(
    `POST /personal/inbjudan/<unknown token>`,
    `/personal/inbjudan/${token}`,
    await new Client(baseURL).request(`/personal/inbjudan/${token}`).then((response) => response.html),
    { kind: 'none' },
    {
      names: ['password', 'confirm'],
    },
  )
  const visitor = new Client(baseURL, { 'x-forwarded-for': address() })
  const loginPage = await visitor.get('/personal/logga-in')
  add('POST /personal/logga-in', '/personal/logga-in', loginPage, { kind: 'cookie', cookie: visitor.cookieHeader })

  // --- Half signed in: the code and the enrolment pages -----------------------------------
  const half = await signInHalf(baseURL, 'admin.syd@demo.orosanmalan.se', address())
  add('POST /personal/kod (half signed in)', '/personal/kod', await half.client.get('/personal/kod'), { kind: 'cookie', cookie: half.client.cookieHeader })
  const enrolling = await signInHalf(baseURL, 'ny.mottagning@demo.orosanmalan.se', address())
  add('POST /personal/aktivera-kod (half signed in, not enrolled)', '/personal/aktivera-kod', await enrolling.client.get('/personal/aktivera-kod'), {
    kind: 'cookie',
    cookie: enrolling.client.cookieHeader,
  })

  // --- Signed in ----------------------------------------------------------------------------
  const intake = await signIn(baseURL, 'mottagning.taby@demo.orosanmalan.se', address())
  const jour = await signIn(baseURL, 'jour.nordost@demo.orosanmalan.se', address())
  const admin = await signIn(baseURL, 'admin.nordost@demo.orosanmalan.se', address())
  const auditor = await signIn(baseURL, 'granskare@demo.orosanmalan.se', address())

  const intakeReport = await submitCopy(baseURL, db, known, sessionSecret, address())
  const jourReport = await submitCopy(baseURL, db, danger, sessionSecret, address(), lastNight())

  const preNoticeForm = await intake.get('/personal/foranmalningar/ny')
  const preNoticeLocation = await intake.post(
    '/personal/foranmalningar/ny',
    {
      csrf: csrfOf(preNoticeForm, '/personal/foranmalningar/ny'),
      personName: 'Kim Exempel',
      personalIdentityNumber: '19121212-1212',
      validFrom: today(),
      validTo: today(7),
      background: 'Bakgrund.',
      plan: 'Plan för jouren.',
      contact: 'Mottagningen, 08-123 456.',
    },
    /^\/personal\/foranmalningar\/[^/]+$/,
  )
  const preNotice = preNoticeLocation.split('/').pop()!

  const accountForm = await admin.get('/personal/konton/ny')
  const accountFields: Fields = Object.fromEntries(harvestForms(accountForm, '/personal/konton/ny').forms[0] ?? [])
  const accountLocation = await admin.post(
    '/personal/konton/ny',
    { ...accountFields, name: 'Fuzz Mål', email: `fuzz-${randomUUID().slice(0, 8)}@example.org` },
    /^\/personal\/konton\/[^/?]+\?inbjuden=1$/,
  )
  const account = accountLocation.split('/').pop()!.split('?')[0]!

  const staffPages: Array<[string, string, Client]> = [
    // The queue's search (a POST, so no personnummer is ever in an address).
    ['intake', '/personal?index', intake],
    ['jour', '/personal?index', jour],
    ['intake', `/personal/anmalan/${intakeReport}`, intake],
    ['intake', '/personal/foranmalningar/ny', intake],
    ['intake', `/personal/foranmalningar/${preNotice}`, intake],
    ['jour', `/personal/anmalan/${jourReport}`, jour],
    ['admin', '/personal/jourer/nordost', admin],
    ['admin', '/personal/kommuner/0160', admin],
    ['admin', '/personal/konton/ny', admin],
    ['admin', `/personal/konton/${account}`, admin],
  ]
  for (const [role, path, client] of staffPages) {
    // An index route's form posts to `?index`; its action attribute is the path without it.
    const formFrom = path.split('?')[0]!
    add(`POST ${path} (${role})`, path, await client.get(path), { kind: 'cookie', cookie: client.cookieHeader }, { formFrom })
  }

  // Signing out with this session's token would end it; the form is fuzzed with a token that is never it.
  const auditorPage = await auditor.get('/personal/granskning')
  const signOut = harvestForms(auditorPage, '/personal/logga-ut')
  const wrong = (value: string) => `${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`
  targets.push({
    label: 'POST /personal/logga-ut (auditor, a wrong CSRF token)',
    path: '/personal/logga-ut',
    forms: signOut.forms.map((form) => form.map(([name, value]) => [name, name === 'csrf' ? wrong(value) : value] as const)),
    names: signOut.names,
    values: signOut.values.filter((value) => value !== csrfOf(auditorPage, '/personal/granskning')),
  })
  access.push({ kind: 'cookie', cookie: auditor.cookieHeader })

  // --- Per case ---------------------------------------------------------------------------
  const pools: Record<'known' | 'unknown', string[]> = { known: [], unknown: [] }
  const answersOf = { known, unknown }
  return {
    targets,
    made: { intakeReport, jourReport, preNotice, account },
    answers: { known, unknown, danger },
    prepareDrafts: async (cases) => {
      for (const variant of ['known', 'unknown'] as const) {
        const needed = cases.filter((fuzzCase) => {
          const how = access[fuzzCase.target]!
          return how.kind === 'draft' && how.variant === variant
        }).length
        const drafts = await copyDrafts(db, answersOf[variant], needed, sessionSecret)
        pools[variant].push(...drafts.map((draft) => draft.cookie))
      }
    },
    sessionOf: (target) => {
      const how = access[target]
      if (how?.kind !== 'cookie' || !/oro_staff=/.test(how.cookie)) return null
      // Signing out has no page of its own (GET sends anyone to the login page): the auditor's log is the auditor's page.
      const path = targets[target]!.path
      return { cookie: how.cookie, page: path === '/personal/logga-ut' ? '/personal/granskning' : path }
    },
    headersFor: (fuzzCase, index) => {
      const how = access[fuzzCase.target]!
      const headers: Record<string, string> = { 'x-forwarded-for': clientAddress(index) }
      if (how.kind === 'cookie') headers.cookie = how.cookie
      if (how.kind === 'draft') {
        const cookie = pools[how.variant].pop()
        if (!cookie) throw new Error('the drafts ran out: call prepareDrafts with the cases first')
        headers.cookie = cookie
      }
      return headers
    },
  }
}
