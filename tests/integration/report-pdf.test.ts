import { randomUUID } from 'node:crypto'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CompleteReport } from '~/domain/report-flow'
import { formatReference } from '~/domain/reference'
import { recordCasework } from '~/server/casework.server'
import type { Db } from '~/server/db.server'
import type { Jobs } from '~/server/jobs.server'
import { registerReport } from '~/server/api-reports.server'
import { reportPdf, type ReportForPdf } from '~/server/report-pdf.server'
import { submitReport } from '~/server/reports.server'
import { seedDemoStaff } from '~/server/seed.server'
import { reportForStaff, sealText } from '~/server/staff-report.server'
import { professionalReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let drop: () => Promise<void>
const cipher = testCipher()
const RECEIVED = new Date('2026-11-24T09:10:00Z')

beforeAll(async () => {
  ;({ db, jobs, drop } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
})
afterAll(() => drop())

/** A report submitted and worked on as in production: stored encrypted, read back as staff read it. */
async function storedReport(report: CompleteReport, language: 'sv' | 'ar' = 'sv') {
  const { id } = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report, receivedAt: RECEIVED, language })
  const staff = await db.selectFrom('staff_users').select(['id', 'name']).where('email', '=', 'mottagning.vellinge@demo.orosanmalan.se').executeTakeFirstOrThrow()
  const scope = { role: 'intake' as const, municipalityCodes: [report.municipalityCode] }
  const seal = sealText(cipher)
  await recordCasework(db, jobs, { scope, staffId: staff.id, reportId: id, act: { kind: 'assign' }, now: new Date('2026-11-24T10:00:00Z'), seal })
  await recordCasework(db, jobs, {
    scope,
    staffId: staff.id,
    reportId: id,
    act: { kind: 'initialAssessment', initialAssessment: 'open', reason: 'Uppgifterna om blåmärken behöver utredas.' },
    now: new Date('2026-11-25T13:00:00Z'),
    seal,
  })
  return { view: await reportForStaff(db, cipher, id), staffName: staff.name }
}

/** The text of every page, and the raw bytes as Latin-1 for what pdf.js does not expose (font files). */
async function readPdf(bytes: Buffer) {
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false })
  const pdf = await task.promise
  const pages: string[] = []
  const items: Array<{ text: string; x: number; y: number; page: number }> = []
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
    for (const item of content.items) if ('str' in item) items.push({ text: item.str, x: item.transform[4] as number, y: item.transform[5] as number, page: number })
  }
  const metadata = await pdf.getMetadata()
  await task.destroy()
  return { text: pages.join('\n'), pages, items, xmp: metadata.metadata?.getRaw() ?? '', info: metadata.info as Record<string, unknown>, raw: bytes.toString('latin1') }
}

describe('a report as a PDF/A document for the record', () => {
  it('holds the reference, the people, the triage rules, the timeline and the registration', async () => {
    const { view: decided, staffName } = await storedReport(professionalReport)
    // The case system registers it, through what POST /api/v1/reports/{id}/registration calls.
    const registeredAt = new Date('2026-11-26T08:00:00Z')
    const client = await db
      .insertInto('api_clients')
      .values({ name: 'Treserva Vellinge', client_id: randomUUID(), secret_hash: '0'.repeat(64) })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow()
    const registered = await registerReport(db, {
      client: { id: client.id, name: client.name, municipalityCodes: [professionalReport.municipalityCode], secretVersion: '' },
      reportId: decided.id,
      registration: { diaryNumber: 'SN 2026/1234', caseId: 'TRE-998877' },
      now: registeredAt,
    })
    expect(registered.kind).toBe('registered')
    const view = await reportForStaff(db, cipher, decided.id)
    const pdf = await readPdf(await reportPdf(view, 'sv'))

    expect(pdf.text).toContain(formatReference(view.reference))
    expect(pdf.text).toContain('Sara')
    expect(pdf.text).toContain('Karin Lärare')
    expect(pdf.text).toContain('Sara har blåmärken och säger att hon inte vågar gå hem.')
    // The triage rule that made it urgent, in the words staff read.
    expect(view.triageRules.length).toBeGreaterThan(0)
    expect(pdf.text).toContain('Personen vågar inte gå hem.')
    // The timeline: who decided what, and the reason they wrote (decrypted).
    expect(pdf.text).toContain(`${staffName} fattade beslut: Inled utredning`)
    expect(pdf.text).toContain('Uppgifterna om blåmärken behöver utredas.')
    expect(pdf.text).toContain('Anmälan kom in')
    expect(pdf.text).toContain('SN 2026/1234')
    expect(pdf.text).toContain('TRE-998877')
    expect(pdf.text).toContain('Registrerades i verksamhetssystemet (Treserva Vellinge)')
    expect(pdf.text).toContain('Inled utredning')
    expect(pdf.text).toContain('Beslut om utredning senast')
    expect(pdf.text).toMatch(/sida 1 av \d/)
  })

  it('identifies itself as PDF/A-2b, with its title and language, and embeds every font it uses', async () => {
    const { view } = await storedReport(professionalReport)
    const pdf = await readPdf(await reportPdf(view, 'en'))

    expect(pdf.xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>/)
    expect(pdf.xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/)
    expect(pdf.xmp).toContain(`Report ${formatReference(view.reference)}`)
    expect(pdf.info.Title).toBe(`Report ${formatReference(view.reference)}`)
    expect(pdf.raw).toMatch(/\/Lang \(en-GB\)/)
    expect(pdf.raw).toMatch(/\/OutputIntents/)
    expect(pdf.raw).toMatch(/\/StructTreeRoot/)
    // Every font has its program in the file: DejaVu Sans, never a standard font the reader must have.
    const descriptors = pdf.raw.match(/\/Type \/FontDescriptor/g) ?? []
    expect(descriptors.length).toBeGreaterThanOrEqual(2)
    expect((pdf.raw.match(/\/FontFile2 /g) ?? []).length).toBe(descriptors.length)
    expect(pdf.raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/)
    expect(pdf.raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/)
    // English labels.
    expect(pdf.text).toContain('Events')
  })

  it('renders Arabic text, control characters and a huge unbroken text without crashing', async () => {
    const arabic: CompleteReport = {
      ...professionalReport,
      subjects: [{ kind: 'child', name: 'يوسف أحمد', interpreterNeeded: true, interpreterLanguage: 'العربية' }],
      description: 'الطفل وحده في المنزل كل ليلة. بچه‌ها تنها هستند.\nPappan heter يوسف أحمد och är 40 år.',
      reporter: { ...professionalReport.reporter, name: 'Leyla Cali' } as CompleteReport['reporter'],
    }
    const { view } = await storedReport(arabic, 'ar')
    const hostile: ReportForPdf = {
      ...view,
      description: `${view.description}\nstart\u0000\u0007\u001b\u202eevil\u202c ${'\ud800'} ${'x'.repeat(20_000)}\n${'ord '.repeat(5_000)}slut ✓ 😀`,
      registration: { diaryNumber: '\u0000\u202e', caseId: 'x'.repeat(300), registeredAt: new Date('2026-11-26T08:00:00Z'), clientName: null },
    }
    const bytes = await reportPdf(hostile, 'sv')
    const pdf = await readPdf(bytes)
    expect(pdf.pages.length).toBeGreaterThan(3)
    expect(pdf.text).toContain('slut')
    expect(pdf.text).toContain(formatReference(view.reference))
    // Nothing of the control characters reaches the page.
    expect(pdf.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/)
    // The Arabic letters are drawn from the embedded font and kept in the text layer (word order aside: see reportPdf).
    const arabicLetters = pdf.text.match(/[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]/g) ?? []
    expect(arabicLetters.length).toBeGreaterThan(20)
    expect(pdf.text).toContain('Leyla Cali')
    // Words in right-to-left order: pdf.js reads the drawn line back as the sentence that was typed
    // (pdfkit alone draws the words in typed order, which reads back as 'المنزل في وحده الطفل').
    expect(pdf.text).toContain('الطفل وحده في المنزل كل ليلة.')
    expect(pdf.text).toContain('Pappan heter يوسف أحمد och är 40 år.')
  })

  it('takes well under a second for one report (p50/p95 of 40 renders)', async () => {
    const { view } = await storedReport(professionalReport)
    await reportPdf(view, 'sv')
    const times: number[] = []
    for (let run = 0; run < 40; run++) {
      const started = performance.now()
      await reportPdf(view, 'sv')
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    const p50 = times[Math.floor(times.length * 0.5)]!
    const p95 = times[Math.floor(times.length * 0.95)]!
    console.log(`one report's PDF: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`)
    expect(p95).toBeLessThan(1000)
  })
})
