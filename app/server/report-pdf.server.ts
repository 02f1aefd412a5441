import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import { dateTimeFormat, localeOf } from '../domain/date-formats'
import { formatReference } from '../domain/reference'
import { fixedT } from '../i18n/translations.server'
import type { StaffReportView } from './staff-report.server'

/** What the record copy shows: the report as staff read it, the print view's data with its registration. */
export type ReportForPdf = StaffReportView

/** The document's language: staff texts exist in Swedish and English only. */
export type PdfLanguage = 'sv' | 'en'

/*
 * Resolved from this module, not from the working directory: the server bundle runs from
 * build/ and a container may start it from anywhere. PDF/A requires every font to be
 * embedded, so pdfkit's built-in Helvetica (a reference to a font the reader has) is never used.
 */
const require = createRequire(import.meta.url)

/** A font as pdfkit keeps it: fontkit's font object, which can also say which characters it can draw. */
interface Face {
  layout: unknown
  hasGlyphForCodePoint(codePoint: number): boolean
}

let faces: { regular: Face; bold: Face } | null = null

/**
 * The parsed fonts, made once per process and handed to every document: parsing DejaVu's
 * tables for each document cost some 300 ms a PDF, and pdfkit takes a parsed (fontkit) font
 * as readily as a file. pdfkit does not export fontkit, so the font is taken from a document.
 */
function loadFaces() {
  faces ??= {
    regular: parse(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))),
    bold: parse(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'))),
  }
  return faces
}

function parse(file: Buffer): Face {
  return (new PDFDocument({ font: file as unknown as string }) as unknown as { _font: { font: Face } })._font.font
}

const MARGIN = 56
const FOOTER_GAP = 24
const SIZE = { title: 18, heading: 13, subheading: 11, body: 10, footer: 8 } as const
const GREY = '#505a5f'

/**
 * One report as a PDF/A-2b document for the case system's record: the same content as the
 * staff print view (the case, every answer, the people, the reporter as given, the timeline)
 * with its triage rules, routing, deadlines and registration. DejaVu Sans is embedded (it
 * covers Latin, Finnish, Somali, Arabic and Persian letters), the document is tagged with
 * headings and paragraphs, and its language and title are set for a screen reader.
 *
 * Right-to-left text: pdfkit has no Unicode bidirectional algorithm. fontkit shapes Arabic
 * and Persian letters into their joined forms and draws each word's glyphs right to left, but
 * pdfkit would lay a line's words out left to right in the order they were typed, so an
 * Arabic sentence would read backwards. Text with right-to-left letters is therefore wrapped
 * and ordered here, word by word (`writeBidi`); bidi control characters are dropped, not
 * applied. The JSON of the same report (GET /api/v1/reports/{id}) is the exact text.
 */
export async function reportPdf(report: ReportForPdf, language: PdfLanguage): Promise<Buffer> {
  const t = fixedT(language, 'staff')
  const tr = fixedT(language, 'report')
  const { regular, bold } = loadFaces()
  const reference = formatReference(report.reference)
  const title = t('report.title', { reference })
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_GAP, left: MARGIN, right: MARGIN },
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    lang: language === 'en' ? 'en-GB' : 'sv-SE',
    displayTitle: true,
    bufferPages: true,
    // No default font: pdfkit's is Helvetica (not embedded), and one given here is set again on every new page.
    font: null as unknown as string,
    info: { Title: title, Subject: report.municipalityName, Creator: 'Orosanmälan' },
  })
  doc.registerFont('regular', regular as unknown as string)
  doc.registerFont('bold', bold as unknown as string)
  doc.font('regular')
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })

  // Checked against both weights, so a name that a heading sets in bold never falls on a missing glyph.
  const drawable = (text: string) => drawableBy([regular, bold], text)
  const root = doc.struct('Document')
  doc.addStructure(root)
  const time = (value: Date | string | null | undefined) => (value ? dateTimeFormat(localeOf(language), 'long').format(new Date(value)) : '–')
  const notGiven = tr('check.notGiven')
  const given = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? notGiven : String(value))

  /** One block of text, wrapped to the page; text with right-to-left letters is laid out by `writeBidi`. */
  const write = (raw: string, style: { font: 'regular' | 'bold'; size: number; color?: string; structType: string; indent?: number }) => {
    const text = drawable(raw)
    doc
      .font(style.font)
      .fontSize(style.size)
      .fillColor(style.color ?? 'black')
    const left = MARGIN + (style.indent ?? 0)
    const width = doc.page.width - MARGIN - left
    if (RTL_LETTER.test(text)) writeBidi(doc, root, text, { left, width, structType: style.structType })
    else doc.text(text, left, doc.y, { width, structParent: root, structType: style.structType })
    doc.x = MARGIN
  }
  const heading = (text: string, level: 1 | 2 | 3) => {
    doc.moveDown(level === 1 ? 0 : 0.8)
    write(text, { font: 'bold', size: level === 1 ? SIZE.title : level === 2 ? SIZE.heading : SIZE.subheading, structType: `H${level}` })
    doc.moveDown(0.3)
  }
  const paragraph = (text: string, options: { color?: string; indent?: number } = {}) => write(text, { font: 'regular', size: SIZE.body, structType: 'P', ...options })
  const label = (text: string) => write(text, { font: 'bold', size: SIZE.body, color: GREY, structType: 'P' })
  /** A summary list as the page shows it: each key above its value, so a long answer wraps under its question. */
  const rows = (entries: Array<[string, string]>) => {
    for (const [key, value] of entries) {
      label(key)
      paragraph(value, { indent: 12 })
      doc.moveDown(0.35)
    }
  }

  const { registration } = report

  heading(title, 1)
  paragraph(`${report.municipalityName} · ${t(`levels.${report.level}`)} · ${time(report.receivedAt)}`, { color: GREY })

  heading(t('report.case'), 2)
  rows([
    [t('report.municipality'), report.municipalityName],
    [t('report.level'), t(`levels.${report.level}`)],
    [t('report.rules'), report.triageRules.length > 0 ? report.triageRules.map((rule) => t(`rules.${rule}`)).join('\n') : t('report.noRules')],
    [t('report.rulesetVersion'), report.rulesetVersion],
    [t('report.routing'), `${t(`report.routingValue.${report.destination}`, { jour: report.jourName ?? '' })} – ${t(`report.routingReason.${report.routingReason}`)}`],
    [t('report.status'), t(`statuses.${report.status}`)],
    [t('report.assigned'), report.assignedName ?? t('report.nobody')],
    ...(report.destination === 'jour'
      ? ([
          [t('report.acknowledged'), report.acknowledgedName ?? t('report.notAcknowledged')],
          [t('report.handedOver'), report.handedOverAt ? t('report.handledByJour') : t('report.notYet')],
        ] as Array<[string, string]>)
      : []),
    [t('report.protection'), report.protectionNeeded === null ? t('report.notYet') : t(`report.protectionNeeded.${String(report.protectionNeeded)}`)],
    [t('report.initialAssessment'), report.initialAssessment ? t(`casework.initialAssessments.${report.initialAssessment}`) : t('report.notYet')],
    // The case system's registration, as the report page shows it.
    ...((registration
      ? [
          [t('apiClients.registration.diaryNumber'), registration.diaryNumber],
          [t('apiClients.registration.caseId'), registration.caseId],
          [t('apiClients.registration.registeredAt'), `${time(registration.registeredAt)}${registration.clientName ? ` (${registration.clientName})` : ''}`],
        ]
      : report.status === 'decided'
        ? [[t('apiClients.registration.title'), t('apiClients.registration.notYet')]]
        : []) as Array<[string, string]>),
    [t('report.received'), time(report.receivedAt)],
    [t('report.protectionDue'), time(report.protectionAssessmentDue)],
    [t('report.initialAssessmentDue'), time(report.initialAssessmentDue)],
  ])

  heading(t('report.people'), 2)
  report.subjects.forEach((subject, index) => {
    heading(subject.name ?? tr(subject.kind === 'child' ? 'people.childLegend' : 'people.legend.adult', { number: index + 1 }), 3)
    rows([
      [tr('people.labels.personalIdentityNumber'), given(subject.personalIdentityNumber)],
      [tr('people.labels.birthDate'), given(subject.birthDate)],
      [tr('people.labels.approximateAge'), given(subject.approximateAge)],
      [tr('people.labels.whereabouts'), given(subject.whereabouts)],
      [tr('people.labels.school'), given(subject.school)],
      [tr('people.labels.guardians'), given(subject.guardians)],
      [tr('people.labels.interpreterNeeded'), subject.interpreterNeeded ? `${tr('answer.yes')}: ${subject.interpreterLanguage ?? ''}` : tr('answer.no')],
    ])
  })

  heading(t('report.concern'), 2)
  rows([
    [tr('check.categories'), report.categories.map((category) => tr(`categories.${category}`)).join('\n')],
    [tr('check.description'), report.description],
  ])

  heading(t('report.safety'), 2)
  rows(Object.entries(report.safetyAnswers).map(([id, answer]) => [tr(`safety.questions.${id}`), tr(`answer.${answer}`)]))

  heading(t('report.reporter'), 2)
  rows(reporterRows(report.reporter, t, tr, given))

  heading(t('report.timeline'), 2)
  for (const event of report.events) {
    label(time(event.at))
    paragraph(eventText(event, t, time), { indent: 12 })
    for (const text of [event.details.note, event.kind === 'routed' ? null : event.details.reason]) {
      if (typeof text === 'string') paragraph(text, { indent: 12 })
    }
    doc.moveDown(0.35)
  }

  // Page numbers go on last, when the count is known; they are artifacts, not content, for a screen reader.
  const pages = doc.bufferedPageRange()
  for (let index = 0; index < pages.count; index++) {
    doc.switchToPage(pages.start + index)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.markContent('Artifact', { type: 'Pagination' })
    doc
      .font('regular')
      .fontSize(SIZE.footer)
      .fillColor(GREY)
      .text(t('reportPdf.footer', { reference, page: index + 1, pages: pages.count }), MARGIN, doc.page.height - MARGIN, {
        width: doc.page.width - 2 * MARGIN,
        lineBreak: false,
      })
    doc.endMarkedContent()
    doc.page.margins.bottom = bottom
  }
  doc.end()
  await ended
  return Buffer.concat(chunks)
}

type Translate = ReturnType<typeof fixedT>

/** The reporter as the print view lists them: only what the reporter gave, by who they are. */
function reporterRows(reporter: ReportForPdf['reporter'], t: Translate, tr: Translate, given: (value: string | null) => string): Array<[string, string]> {
  return [
    [tr('check.reporterKind'), tr(`reporterKind.${reporter.kind}`)],
    ...(reporter.anonymous
      ? ([[tr('check.identity'), t('report.anonymous')]] as Array<[string, string]>)
      : ([
          [tr('reporterDetails.name'), given(reporter.name)],
          [tr('reporterDetails.phone'), given(reporter.phone)],
          [tr('reporterDetails.email'), given(reporter.email)],
        ] as Array<[string, string]>)),
    ...(reporter.kind === 'professional'
      ? ([
          [tr('reporterDetails.organisationType'), reporter.organisationType ? tr(`organisationTypes.${reporter.organisationType}`) : given(null)],
          [tr('reporterDetails.organisationName'), given(reporter.organisationName)],
          [tr('reporterDetails.role'), given(reporter.role)],
          [
            tr('reporterDetails.guardiansInformed'),
            reporter.guardiansInformed === 'no'
              ? `${tr('answer.no')}: ${reporter.guardiansNotInformedReason ?? ''}`
              : reporter.guardiansInformed === 'yes'
                ? tr('answer.yes')
                : tr('reporterDetails.guardiansNotApplicable'),
          ],
        ] as Array<[string, string]>)
      : []),
    ...(reporter.kind === 'private' ? ([[tr('reporterDetails.relation'), given(reporter.relation)]] as Array<[string, string]>) : []),
    [
      t('report.language.label'),
      reporter.language === 'sv'
        ? t('report.language.names.sv')
        : `${t(`report.language.names.${reporter.language}`)}: ${t(reporter.language === 'sv-x-lattlast' ? 'report.language.easySwedish' : 'report.language.interpreter')}`,
    ],
  ]
}

/** One line of the timeline, in the words of the print view. */
function eventText(event: ReportForPdf['events'][number], t: Translate, time: (value: string) => string): string {
  const { details } = event
  let text = t(`report.events.${event.kind}`, {
    name: event.staffName ?? '',
    minutes: String(details.afterMinutes ?? ''),
    role: typeof details.role === 'string' ? t(`report.pageRoles.${details.role}`) : '',
    // A kind added after this renderer still reads as something.
    defaultValue: event.kind,
  })
  if (event.kind === 'pageSent' && details.channel === 'sms') text += ` (${t('report.pageChannels.sms')})`
  if (event.kind === 'routed') text += `: ${t(`report.routingReason.${String(details.reason)}`)}`
  if (event.kind === 'protectionAssessment') text += `: ${t(`report.protectionNeeded.${String(details.protectionNeeded)}`)}`
  // The initial assessment's event, stored as 'decision'.
  if (event.kind === 'decision') text += `: ${t(`casework.initialAssessments.${String(details.decision)}`)}`
  if (event.kind === 'jourAction') {
    text += `: ${t(`jour.actions.${String(details.action)}`)}`
    if (typeof details.performedAt === 'string') text += ` (${t('jour.performedAt')} ${time(details.performedAt)})`
    if (typeof details.minutes === 'string') text += ` ${t('jour.minutesSpent', { count: Number(details.minutes) })}`
  }
  if (event.kind === 'registered') {
    if (typeof details.clientName === 'string') text += ` (${details.clientName})`
    text += `: ${t('apiClients.registration.diaryNumber')} ${String(details.diaryNumber ?? '')}, ${t('apiClients.registration.caseId')} ${String(details.caseId ?? '')}`
  }
  return text
}

// Bidi embeddings, overrides and isolates: pdfkit applies none of them, and drawn they would be boxes.
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * Text as the embedded font can draw it: a character the font has no glyph for (a control
 * character, a lone surrogate, a rare symbol) becomes U+FFFD, since PDF/A forbids drawing the
 * font's .notdef glyph; tabs become spaces and line breaks stay. A run of 60 characters
 * without a space gets a zero-width space after it: pdfkit splits a word wider than the line
 * in time that grows with the square of its length (8,000 characters took 14 s).
 */
function drawableBy(fonts: readonly Face[], text: string): string {
  let out = ''
  for (const character of text.replace(BIDI_CONTROLS, '').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
    const codePoint = character.codePointAt(0)!
    out += character === '\n' || fonts.every((font) => font.hasGlyphForCodePoint(codePoint)) ? character : '\uFFFD'
  }
  return out.replace(/[^\s\u200b]{40}/gu, '$&\u200b')
}

/** Letters written right to left: Hebrew, Arabic (Persian and Urdu letters included), Syriac, Thaana, N'Ko, their presentation forms; not the Arabic-Indic digits. */
const RTL_LETTER = /[\u0590-\u05ff\u0600-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/
const LETTER = /\p{L}/u
const ARABIC_SCRIPT = /\p{Script=Arabic}/u
const DIGIT = /\p{Nd}/u

type Direction = 'L' | 'R'

/** The direction of the first letter that has one (the Unicode bidi algorithm's rules P2-P3), or null. */
function strongDirection(text: string): Direction | null {
  for (const character of text) {
    if (RTL_LETTER.test(character)) return 'R'
    if (LETTER.test(character)) return 'L'
  }
  return null
}

interface Unit {
  text: string
  /** Which space-separated word of the line it belongs to: pieces of one long word are drawn without a space. */
  word: number
  width: number
}

/**
 * The units of one line in the order they are drawn from left to right: the Unicode bidi
 * algorithm reduced to whole words. A word takes its first letter's direction; a word without
 * letters (a number, a dash) takes its neighbours' when they agree, a number after a
 * left-to-right word goes with it, anything else takes the paragraph's; then runs of
 * right-to-left levels are reversed (rule L2). Inside a word fontkit orders the glyphs itself.
 */
function visualOrder(units: readonly Unit[], base: Direction): Unit[] {
  const types = units.map((unit) => strongDirection(unit.text))
  const levels = units.map((unit, index) => {
    let type = types[index]
    if (!type) {
      const before = types.slice(0, index).findLast((known) => known !== null) ?? base
      const after = types.slice(index + 1).find((known) => known !== null) ?? base
      type = before === 'L' && DIGIT.test(unit.text) ? 'L' : before === after ? before : base
    }
    return base === 'R' ? (type === 'R' ? 1 : 2) : type === 'R' ? 1 : 0
  })
  const order = units.map((_, index) => index)
  for (let level = Math.max(0, ...levels); level >= 1; level--) {
    for (let start = 0; start < order.length;) {
      if (levels[order[start]!]! < level) {
        start++
        continue
      }
      let end = start
      while (end < order.length && levels[order[end]!]! >= level) end++
      order.splice(start, end - start, ...order.slice(start, end).reverse())
      start = end
    }
  }
  return order.map((index) => units[index]!)
}

/**
 * A paragraph with right-to-left text, which pdfkit cannot lay out: it has no bidi algorithm
 * and draws a line's words in the order they were typed. Each hard line is wrapped here, its
 * words put in visual order (`visualOrder`), aligned right when the line starts right to
 * left, and each word drawn on its own, where fontkit shapes Arabic and Persian letters into
 * their joined forms and orders the word's glyphs. One structure element holds the paragraph.
 */
function writeBidi(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, text: string, box: { left: number; width: number; structType: string }) {
  const space = doc.widthOfString(' ')
  const lineHeight = doc.currentLineHeight(true)
  const element = doc.struct(box.structType)
  root.add(element)
  element.add(() => {
    for (const hardLine of text.split('\n')) {
      const base = strongDirection(hardLine) ?? 'L'
      const units = hardLine
        .split(/\s+/)
        .filter(Boolean)
        .flatMap((word, index) =>
          word
            .split('\u200b')
            .filter(Boolean)
            .map((piece) => ({ text: piece, word: index, width: doc.widthOfString(piece) })),
        )
      const lines: Unit[][] = [[]]
      let used = 0
      for (const unit of units) {
        const line = lines.at(-1)!
        const gap = line.length > 0 && line.at(-1)!.word !== unit.word ? space : 0
        if (line.length > 0 && used + gap + unit.width > box.width) {
          lines.push([unit])
          used = unit.width
        } else {
          line.push(unit)
          used += gap + unit.width
        }
      }
      for (const line of lines) {
        // As pdfkit's own wrapping does: the open marked content is closed here and reopened on the next page.
        if (doc.y + lineHeight > doc.page.maxY()) doc.continueOnNewPage()
        const ordered = visualOrder(line, base)
        const gaps = ordered.filter((unit, index) => index > 0 && ordered[index - 1]!.word !== unit.word).length
        const lineWidth = ordered.reduce((sum, unit) => sum + unit.width, 0) + gaps * space
        let x = base === 'R' ? box.left + box.width - lineWidth : box.left
        const y = doc.y
        ordered.forEach((unit, index) => {
          if (index > 0 && ordered[index - 1]!.word !== unit.word) x += space
          if (strongDirection(unit.text) === null && ARABIC_SCRIPT.test(unit.text)) {
            // fontkit takes Arabic-Indic digits for Arabic script and reverses them like letters: a number goes digit by digit.
            let digitX = x
            for (const character of unit.text) {
              doc.text(character, digitX, y, { lineBreak: false })
              digitX += doc.widthOfString(character)
            }
          } else doc.text(unit.text, x, y, { lineBreak: false })
          x += unit.width
        })
        doc.y = y + lineHeight
      }
    }
  })
}
