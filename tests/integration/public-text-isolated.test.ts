import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createInstance } from 'i18next'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ReportDetails } from '~/components/report-details'
import type { CompleteReport } from '~/domain/report-flow'
import { i18nConfig, NAMESPACES } from '~/i18n/config'
import { recordCasework } from '~/server/casework.server'
import type { Db } from '~/server/db.server'
import type { Jobs } from '~/server/jobs.server'
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
const now = new Date('2026-11-24T09:10:00Z')

beforeAll(async () => {
  ;({ db, jobs, drop } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
})
afterAll(() => drop())

// U+202E RIGHT-TO-LEFT OVERRIDE: without isolation, everything after it on the line is drawn backwards.
const RLO = '\u202E'
const typed = (text: string) => `${text} ${RLO}gnirts desrever`

async function renderedForStaff(report: CompleteReport): Promise<string> {
  const { id } = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report, receivedAt: now, language: 'sv' })
  const staff = await db.selectFrom('staff_users').select('id').where('email', '=', 'mottagning.vellinge@demo.orosanmalan.se').executeTakeFirstOrThrow()
  await recordCasework(db, jobs, {
    scope: { role: 'intake', municipalityCodes: ['1233'] },
    staffId: staff.id,
    reportId: id,
    act: { kind: 'protectionAssessment', protectionNeeded: true, note: typed('Ringde skolan') },
    now,
    seal: sealText(cipher),
  })
  const i18n = createInstance()
  await i18n.use(initReactI18next).init({
    ...i18nConfig,
    lng: 'sv',
    resources: {
      sv: Object.fromEntries(NAMESPACES.map((namespace) => [namespace, JSON.parse(readFileSync(path.resolve('public/locales/sv', `${namespace}.json`), 'utf8')) as object])),
    },
  })
  const view = await reportForStaff(db, cipher, id)
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(ReportDetails, { report: view })))
}

describe('text from the public on a staff page', () => {
  it('sits in <bdi> (or an element of its own with dir="auto"), so a right-to-left override reorders nothing else', async () => {
    const report: CompleteReport = {
      ...professionalReport,
      subjects: [
        {
          kind: 'child',
          name: typed('Sara'),
          whereabouts: typed('Storgatan 1'),
          school: typed('Vellinge skola'),
          guardians: typed('Mamma'),
          interpreterNeeded: true,
          interpreterLanguage: typed('arabiska'),
        },
      ],
      description: typed('Sara har blåmärken'),
      reporter: {
        kind: 'professional',
        anonymous: false,
        name: typed('Karin Lärare'),
        organisationType: 'school',
        organisationName: typed('Vellinge skola'),
        role: typed('Mentor'),
        phone: '040-123 45 67',
        email: 'karin@skola.example',
        guardiansInformed: 'no',
        guardiansNotInformedReason: typed('Misstanke om våld'),
      },
    }
    const markup = await renderedForStaff(report)
    for (const text of [
      report.description,
      report.subjects[0]!.name!,
      report.subjects[0]!.whereabouts!,
      report.subjects[0]!.school!,
      report.reporter.name!,
      report.reporter.kind === 'professional' ? report.reporter.role : '',
    ]) {
      expect(markup).toContain(`<bdi>${text}</bdi>`)
    }
    expect(markup).toContain(`dir="auto">${typed('Ringde skolan')}</p>`)
    // Every override on the page is inside such an element: none is left once they are taken out.
    const outside = markup.replace(/<bdi>[^<]*<\/bdi>/g, '').replace(/<p class="timeline__text" dir="auto">[^<]*<\/p>/g, '')
    expect(markup.split(RLO).length - 1).toBeGreaterThanOrEqual(10)
    expect(outside).not.toContain(RLO)
  })
})
