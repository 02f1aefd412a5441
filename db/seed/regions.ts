/**
 * The municipalities and jour units of shared/docs/REGIONS.md. Codes are Statistics
 * Sweden's municipality codes. A value the source documents do not give is left empty
 * rather than invented (Sociala jouren syd and Stockholm are reached through SOS Alarm;
 * no jour for Sigtuna is named, so after hours its reporters are told 112 and the police).
 */
import type { JourSchedule, JourSpan } from '../../app/domain/jour-coverage'
import type { Weekday } from '../../app/domain/calendar'

export interface SeedJour {
  id: string
  name: string
  hostMunicipalityCode: string
  publicPhone: string | null
  memberCodes: string[]
  schedule: JourSchedule
}

const open = (from: string, to: string): JourSpan => ({ from, to, status: 'open' })
const standby = (from: string, to: string): JourSpan => ({ from, to, status: 'standby' })

/**
 * Socialjouren Nordost (REGIONS.md): staffed weekdays 16:30-02:00, Fridays 15:00-02:00,
 * weekends 16:00-02:00; on call from home 02:00-08:00 on weekdays and 02:00-16:00 at
 * weekends; holidays as a Sunday; extended hours whenever a member office is closed.
 */
export const NORDOST_SCHEDULE: JourSchedule = {
  kind: 'weekly',
  days: {
    1: [standby('02:00', '08:00'), open('16:30', '02:00')],
    2: [standby('02:00', '08:00'), open('16:30', '02:00')],
    3: [standby('02:00', '08:00'), open('16:30', '02:00')],
    4: [standby('02:00', '08:00'), open('16:30', '02:00')],
    5: [standby('02:00', '08:00'), open('15:00', '02:00')],
    6: [standby('02:00', '16:00'), open('16:00', '02:00')],
    7: [standby('02:00', '16:00'), open('16:00', '02:00')],
  },
  holidaysAs: 7,
  coversIntakeGaps: true,
}

/** Extra closed days of an intake unit. None are in the source documents: these are demo data. */
export const DEMO_CLOSURES: ReadonlyArray<{ municipalityCode: string; date: string; reason: string }> = [
  { municipalityCode: '0160', date: '2026-05-15', reason: 'Klämdag efter Kristi himmelsfärd (demodata)' },
  { municipalityCode: '0160', date: '2027-05-07', reason: 'Klämdag efter Kristi himmelsfärd (demodata)' },
]

export const MUNICIPALITIES: ReadonlyArray<{ code: string; name: string }> = [
  { code: '1460', name: 'Bengtsfors' },
  { code: '1438', name: 'Dals-Ed' },
  { code: '1439', name: 'Färgelanda' },
  { code: '1461', name: 'Mellerud' },
  { code: '1430', name: 'Munkedal' },
  { code: '1421', name: 'Orust' },
  { code: '1427', name: 'Sotenäs' },
  { code: '1486', name: 'Strömstad' },
  { code: '1435', name: 'Tanum' },
  { code: '1485', name: 'Uddevalla' },
  { code: '1487', name: 'Vänersborg' },
  { code: '0115', name: 'Vallentuna' },
  { code: '0117', name: 'Österåker' },
  { code: '0187', name: 'Vaxholm' },
  { code: '0186', name: 'Lidingö' },
  { code: '0188', name: 'Norrtälje' },
  { code: '0162', name: 'Danderyd' },
  { code: '0160', name: 'Täby' },
  { code: '1233', name: 'Vellinge' },
  { code: '1291', name: 'Simrishamn' },
  { code: '1265', name: 'Sjöbo' },
  { code: '1264', name: 'Skurup' },
  { code: '1230', name: 'Staffanstorp' },
  { code: '1263', name: 'Svedala' },
  { code: '1270', name: 'Tomelilla' },
  { code: '1286', name: 'Ystad' },
  { code: '1287', name: 'Trelleborg' },
  { code: '0180', name: 'Stockholm' },
  { code: '0191', name: 'Sigtuna' },
]

export const JOURS: readonly SeedJour[] = [
  {
    id: 'fyrbodal',
    name: 'Fyrbodal kommungemensamma socialjour',
    hostMunicipalityCode: '1485',
    publicPhone: '0522-69 74 44',
    memberCodes: ['1460', '1438', '1439', '1461', '1430', '1421', '1427', '1486', '1435', '1485', '1487'],
    // "Evenings, nights and weekends, when ordinary social offices are closed."
    schedule: { kind: 'whenIntakeClosed' },
  },
  {
    id: 'nordost',
    name: 'Socialjouren Nordost',
    hostMunicipalityCode: '0115',
    publicPhone: '08-410 200 40',
    memberCodes: ['0115', '0117', '0187', '0186', '0188', '0162', '0160'],
    schedule: NORDOST_SCHEDULE,
  },
  {
    id: 'syd',
    name: 'Sociala jouren syd',
    hostMunicipalityCode: '1233',
    publicPhone: null,
    memberCodes: ['1233', '1291', '1265', '1264', '1230', '1263', '1270', '1286', '1287'],
    // "After each social office closes until the next weekday 08:00."
    schedule: { kind: 'whenIntakeClosed' },
  },
  {
    id: 'stockholm',
    name: 'Socialjouren i Stockholm',
    hostMunicipalityCode: '0180',
    publicPhone: null,
    memberCodes: ['0180'],
    // "Acute social cases in the whole city outside office hours."
    schedule: { kind: 'whenIntakeClosed' },
  },
]

/**
 * Who is paged (issue 6). No names or addresses of real staff are in the source documents:
 * every person and address below is demo data, at demo.orosanmalan.se. The one fact used
 * is Sociala jouren syd's week, Wednesday 16:00 to the next Wednesday 08:00, in pairs of
 * förstajour and bakjour (REGIONS.md); the other jours' turnover times are demo values.
 */
export interface SeedPaging {
  jourId: string
  sharedEmail: string
  managerEmail: string
  rota: { weekday: Weekday; time: string; anchorDate: string; pairs: ReadonlyArray<{ primary: string; backup: string; smsPrimary?: string }> }
}

const demoAddress = (local: string) => `${local}@demo.orosanmalan.se`

function demoPairs(jourId: string, count: number) {
  return Array.from({ length: count }, (_, index) => ({
    primary: `förstajour ${index + 1}, ${jourId}`,
    backup: `bakjour ${index + 1}, ${jourId}`,
  }))
}

export const DEMO_PAGING: readonly SeedPaging[] = [
  {
    jourId: 'fyrbodal',
    sharedEmail: demoAddress('jouren.fyrbodal'),
    managerEmail: demoAddress('chef.fyrbodal'),
    rota: { weekday: 1, time: '16:00', anchorDate: '2026-01-05', pairs: demoPairs('fyrbodal', 3) },
  },
  {
    jourId: 'nordost',
    sharedEmail: demoAddress('jouren.nordost'),
    managerEmail: demoAddress('chef.nordost'),
    rota: { weekday: 1, time: '16:30', anchorDate: '2026-01-05', pairs: demoPairs('nordost', 3) },
  },
  // "Works in pairs per week" from Wednesday 16:00; four social workers make two pairs.
  {
    jourId: 'syd',
    sharedEmail: demoAddress('jouren.syd'),
    managerEmail: demoAddress('chef.syd'),
    rota: { weekday: 3, time: '16:00', anchorDate: '2026-01-07', pairs: demoPairs('syd', 2) },
  },
  {
    jourId: 'stockholm',
    sharedEmail: demoAddress('jouren.stockholm'),
    managerEmail: demoAddress('chef.stockholm'),
    rota: { weekday: 1, time: '08:00', anchorDate: '2026-01-05', pairs: demoPairs('stockholm', 4) },
  },
]

/** The demo rota's addresses, derived from the pair's label: `forstajour-1.syd@…`. */
export function demoRotaAddress(jourId: string, role: 'primary' | 'backup', position: number, channel: 'email' | 'sms' = 'email'): string {
  return demoAddress(`${role === 'primary' ? 'forstajour' : 'bakjour'}-${position + 1}${channel === 'sms' ? '.sms' : ''}.${jourId}`)
}

/** Each intake unit's demo mailbox, for duty alerts and the morning summary. */
export function demoIntakeAddress(municipalityCode: string): string {
  return demoAddress(`mottagning.${municipalityCode}`)
}
