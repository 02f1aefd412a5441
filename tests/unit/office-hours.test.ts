import { describe, expect, it } from 'vitest'
import { stockholm } from '../support/clock'
import { holidayOn, latestAtOrBefore } from '~/domain/calendar'
import { closingOfWorkingDay, DEFAULT_OFFICE_HOURS, isIntakeOpen, nextOpening, type OfficeHours } from '~/domain/office-hours'

const at = stockholm
const taby: OfficeHours = { ...DEFAULT_OFFICE_HOURS, closures: ['2026-05-15', '2027-05-07'] }

describe('office hours of an intake unit, in Stockholm time', () => {
  it.each([
    ['Monday 09:00', '2026-11-23 09:00', true],
    ['Monday 07:59', '2026-11-23 07:59', false],
    ['Thursday 16:29', '2026-11-26 16:29', true],
    ['Thursday 16:30, closing time', '2026-11-26 16:30', false],
    ['Friday 14:59', '2026-11-27 14:59', true],
    ['Friday 15:30', '2026-11-27 15:30', false],
    ['Saturday 10:00', '2026-11-28 10:00', false],
    ['Sunday 12:00', '2026-11-29 12:00', false],
  ])('%s', (_name, local, open) => {
    expect(isIntakeOpen(taby, at(local))).toBe(open)
  })

  it.each([
    // 2026
    ['Good Friday 2026', '2026-04-03', 'långfredagen'],
    ['Easter Monday 2026', '2026-04-06', 'annandag påsk'],
    ['Ascension Day 2026', '2026-05-14', 'Kristi himmelsfärdsdag'],
    ['National Day 2026 (a Saturday)', '2026-06-06', 'nationaldagen'],
    ['Midsummer Eve 2026', '2026-06-19', 'midsommarafton'],
    ["All Saints' Day 2026", '2026-10-31', 'alla helgons dag'],
    ['Christmas Eve 2026', '2026-12-24', 'julafton'],
    ["New Year's Eve 2026", '2026-12-31', 'nyårsafton'],
    // 2027
    ['Good Friday 2027', '2027-03-26', 'långfredagen'],
    ['Easter Monday 2027', '2027-03-29', 'annandag påsk'],
    ['Ascension Day 2027', '2027-05-06', 'Kristi himmelsfärdsdag'],
    ['National Day 2027 (a Sunday)', '2027-06-06', 'nationaldagen'],
    ['Midsummer Eve 2027', '2027-06-25', 'midsommarafton'],
    ["All Saints' Day 2027", '2027-11-06', 'alla helgons dag'],
    ['Christmas Eve 2027', '2027-12-24', 'julafton'],
    ["New Year's Eve 2027", '2027-12-31', 'nyårsafton'],
  ])('closed all day on %s', (_name, date, name) => {
    expect(holidayOn(date)?.name).toBe(name)
    expect(isIntakeOpen(taby, at(`${date} 10:00`))).toBe(false)
  })

  it('stays open on days that are only observances: Easter Saturday is a Saturday, Whit Monday is a working day', () => {
    expect(holidayOn('2026-05-25')).toBeUndefined()
    expect(isIntakeOpen(taby, at('2026-05-25 10:00'))).toBe(true)
  })

  it.each([
    ['Maundy Thursday 2026, before Good Friday', '2026-04-02'],
    ['the Wednesday before Ascension Day 2026', '2026-05-13'],
    ['Walpurgis Night 2026, before the first of May', '2026-04-30'],
    ["the Friday before All Saints' Day 2026", '2026-10-30'],
    ['the day before Christmas Eve 2026', '2026-12-23'],
    ['Trettondagsafton 2027, before Epiphany', '2027-01-05'],
  ])('closes early on %s', (_name, date) => {
    expect(isIntakeOpen(taby, at(`${date} 12:59`))).toBe(true)
    expect(isIntakeOpen(taby, at(`${date} 13:00`))).toBe(false)
  })

  it('is closed on a configured klämdag: Täby, the Friday after Ascension Day', () => {
    expect(isIntakeOpen(taby, at('2026-05-15 10:00'))).toBe(false)
    expect(isIntakeOpen(DEFAULT_OFFICE_HOURS, at('2026-05-15 10:00'))).toBe(true)
    expect(isIntakeOpen(taby, at('2027-05-07 10:00'))).toBe(false)
  })

  it.each([
    ['Friday evening: Monday 08:00', '2026-11-27 22:10', '2026-11-30 08:00'],
    ['before the Ascension weekend with a klämdag: Monday', '2026-05-13 20:00', '2026-05-18 08:00'],
    ['Christmas Eve 2026: Monday 28 December', '2026-12-24 09:00', '2026-12-28 08:00'],
    ["New Year's Eve 2026: Monday 4 January (Epiphany is a Wednesday)", '2026-12-31 10:00', '2027-01-04 08:00'],
    ['open now: now', '2026-11-23 10:00', '2026-11-23 10:00'],
  ])('opens next %s', (_name, local, expected) => {
    expect(nextOpening(taby, at(local))?.toISOString()).toBe(at(expected).toISOString())
  })

  it('gives the close of the working day: today when open, the next working day after hours', () => {
    expect(closingOfWorkingDay(taby, at('2026-11-23 10:00'))?.toISOString()).toBe(at('2026-11-23 16:30').toISOString())
    expect(closingOfWorkingDay(taby, at('2026-11-27 22:10'))?.toISOString()).toBe(at('2026-11-30 16:30').toISOString())
    expect(closingOfWorkingDay(taby, at('2026-04-01 18:00'))?.toISOString()).toBe(at('2026-04-02 13:00').toISOString())
  })
})

describe('a time the jour writes down afterwards', () => {
  it.each([
    ['22:40 written at 00:15 is last evening', '22:40', '2026-11-26 00:15', '2026-11-25 22:40'],
    ['22:40 written at 23:00 is this evening', '22:40', '2026-11-25 23:00', '2026-11-25 22:40'],
    ['the same minute is now', '23:00', '2026-11-25 23:00', '2026-11-25 23:00'],
    ['a dot works as well as a colon', '7.05', '2026-11-26 08:00', '2026-11-26 07:05'],
  ])('%s', (_name, time, now, expected) => {
    expect(latestAtOrBefore(time, at(now)).toISOString()).toBe(at(expected).toISOString())
  })
})
