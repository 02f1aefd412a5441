import Personnummer from 'personnummer'

/**
 * The writing helper's check before "Check your answers" (issue 14): when the reporter chose
 * to be anonymous, does the free text give them away? The family may later read the report,
 * so an e-mail address, a phone number, "jag heter ..." or "my son" next to the child's name
 * can undo the anonymity they asked for. The result is a notice, never an error: the
 * reporter may send the report as it is. Pure: no text leaves the server.
 */

export type IdentityHint = 'email' | 'phone' | 'ownName' | 'ownChild' | 'otherPersonalIdentityNumber'

export interface WritingCheckInput {
  /** The free texts the reporter wrote (the description, later perhaps others). */
  texts: readonly string[]
  /** Only an anonymous reporter is checked: a named one has told who they are. */
  anonymous: boolean
  /** The subjects' names and personnummer as the form already knows them. */
  subjects: ReadonlyArray<{ name?: string | null; personalIdentityNumber?: string | null }>
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u
/**
 * Swedish numbers as people write them: 070-123 45 67, 0701234567, +46 70 123 45 67,
 * 08-410 200 40. Eight to twelve digits with at most single spaces or dashes between them.
 */
const PHONE = /(?:\+|00)?\d(?:[ -]?\d){7,11}/g
const OWN_NAME = /\b(?:jag\s+heter|mitt\s+namn\s+är|my\s+name\s+is|i\s+am\s+called|i'm\s+called)\s+\p{Lu}/iu
/** A parent's words about their own child; they identify the reporter when the child is named next to them. */
const OWN_CHILD =
  /\b(?:min\s+(?:dotter|son|flicka|pojke|bonusdotter|bonusson)|mitt\s+(?:barn|barnbarn)|vår\s+(?:dotter|son)|my\s+(?:daughter|son|child|grandchild|stepdaughter|stepson)|our\s+(?:daughter|son|child))\b/iu
/** How near (in characters) a subject's name must stand to "min dotter" for the two to be read together. */
const NEAR = 40
/** A personnummer or samordningsnummer as written: YYMMDD-XXXX or YYYYMMDDXXXX, with or without a sign. */
const PERSONAL_IDENTITY_NUMBER = /\b(?:\d{2})?\d{6}[-+ ]?\d{4}\b/g

function canonicalNumber(text: string): string | null {
  try {
    return Personnummer.valid(text) ? Personnummer.parse(text).format(true) : null
  } catch {
    return null
  }
}

/** The identity hints in what an anonymous reporter wrote, each once, in a stable order. */
export function checkWriting(input: WritingCheckInput): IdentityHint[] {
  if (!input.anonymous) return []
  const text = input.texts.join('\n')
  const found = new Set<IdentityHint>()
  if (EMAIL.test(text)) found.add('email')

  const subjectNumbers = new Set(input.subjects.map((subject) => (subject.personalIdentityNumber ? canonicalNumber(subject.personalIdentityNumber) : null)).filter(Boolean))
  const numberSpans: Array<[number, number]> = []
  for (const match of text.matchAll(PERSONAL_IDENTITY_NUMBER)) {
    const canonical = canonicalNumber(match[0])
    if (!canonical) continue
    numberSpans.push([match.index, match.index + match[0].length])
    if (!subjectNumbers.has(canonical)) found.add('otherPersonalIdentityNumber')
  }
  for (const match of text.matchAll(PHONE)) {
    // A valid personnummer is not read as a phone number as well; a date or a year alone is too short to be one.
    const inside = numberSpans.some(([start, end]) => match.index >= start && match.index < end)
    const digits = match[0].replace(/\D/g, '')
    if (!inside && digits.length >= 8 && /^(?:\+|00|0)/.test(match[0])) found.add('phone')
  }
  if (OWN_NAME.test(text)) found.add('ownName')
  if (ownChildNamed(text, input.subjects)) found.add('ownChild')
  const order: IdentityHint[] = ['email', 'phone', 'ownName', 'ownChild', 'otherPersonalIdentityNumber']
  return order.filter((hint) => found.has(hint))
}

/** "min dotter Elsa": the reporter's relation to a subject, written next to the subject's name. */
function ownChildNamed(text: string, subjects: WritingCheckInput['subjects']): boolean {
  const names = subjects
    .flatMap((subject) => (subject.name ?? '').split(/\s+/))
    .map((part) => part.trim())
    .filter((part) => part.length >= 2)
  if (names.length === 0) return false
  const lower = text.toLocaleLowerCase('sv')
  for (const match of text.matchAll(new RegExp(OWN_CHILD.source, 'giu'))) {
    const start = Math.max(0, match.index - NEAR)
    const end = match.index + match[0].length + NEAR
    const around = lower.slice(start, end)
    if (names.some((name) => new RegExp(`(?<![\\p{L}])${escapeRegExp(name.toLocaleLowerCase('sv'))}(?![\\p{L}])`, 'u').test(around))) return true
  }
  return false
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
