import { describe, expect, it } from 'vitest'
import { countAxis, percentBars, stackedColumns } from '~/domain/charts'
import { tertialMonths } from '~/domain/statistics'

describe('a count axis', () => {
  it.each([
    ['nothing yet: an axis to 1', 0, { top: 1, step: 1 }],
    ['3 reports: steps of one', 3, { top: 3, step: 1 }],
    ['18 reports: steps of 5 up to 20', 18, { top: 20, step: 5 }],
    ['230 reports: steps of 50 up to 250', 230, { top: 250, step: 50 }],
    ['1000 reports: steps of 200', 1000, { top: 1000, step: 200 }],
  ])('%s', (_name, largest, axis) => {
    expect(countAxis(largest)).toEqual(axis)
  })
})

describe('reports per month as stacked columns', () => {
  const months = [
    { label: 'jan', values: { immediate: 2, urgent: 3, standard: 5 } },
    { label: 'feb', values: { immediate: 0, urgent: 0, standard: 0 } },
    { label: 'mar', values: { immediate: 4, urgent: 0, standard: 16 } },
    { label: 'apr', values: { immediate: 1, urgent: 1, standard: 1 } },
  ]
  const chart = stackedColumns(months, ['immediate', 'urgent', 'standard'])
  const bottom = chart.plot.y + chart.plot.height

  it('stacks the levels bottom up in order, each as tall as its count', () => {
    const [january] = chart.columns
    expect(january!.segments.map((segment) => segment.series)).toEqual(['immediate', 'urgent', 'standard'])
    expect(january!.segments[0]!.y + january!.segments[0]!.height).toBeCloseTo(bottom, 1)
    for (let index = 1; index < 3; index++) expect(january!.segments[index]!.y + january!.segments[index]!.height).toBeCloseTo(january!.segments[index - 1]!.y, 1)
    const perReport = chart.plot.height / 20
    expect(january!.segments.map((segment) => segment.height)).toEqual([2, 3, 5].map((count) => expect.closeTo(count * perReport, 1)))
  })

  it('reaches the top of the axis with the largest month, and a month without reports draws nothing', () => {
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 5, 10, 15, 20])
    expect(chart.columns[2]!.segments.at(-1)!.y).toBeCloseTo(chart.plot.y, 1)
    expect(chart.columns[1]).toMatchObject({ total: 0, segments: [] })
    expect(chart.columns.map((column) => column.total)).toEqual([10, 0, 20, 3])
  })

  it('keeps the columns apart and inside the plot, in the order of the months', () => {
    const xs = chart.columns.map((column) => column.segments[0]?.x ?? column.labelX)
    expect([...xs].sort((a, b) => a - b)).toEqual(xs)
    for (const column of chart.columns) {
      for (const segment of column.segments) {
        expect(segment.x).toBeGreaterThanOrEqual(chart.plot.x)
        expect(segment.x + segment.width).toBeLessThanOrEqual(chart.plot.x + chart.plot.width)
      }
    }
  })
})

describe('percentages as horizontal bars', () => {
  const chart = percentBars(
    [
      { label: 'Täby', values: [50, 100] },
      { label: 'Danderyd', values: [null, 0] },
      { label: 'Vallentuna', values: [130, -5] },
    ],
    2,
  )

  it('draw 100 % across the whole plot and half of it for 50 %', () => {
    const [taby] = chart.rows
    expect(taby!.bars[0]!.bar!.width).toBeCloseTo(chart.plot.width / 2, 1)
    expect(taby!.bars[1]!.bar!.width).toBeCloseTo(chart.plot.width, 1)
    expect(taby!.bars.map((bar) => bar.bar!.x)).toEqual([chart.plot.x, chart.plot.x])
  })

  it('draw no bar where there is nothing to divide, and keep what is beyond the axis on it', () => {
    const [, danderyd, vallentuna] = chart.rows
    expect(danderyd!.bars[0]).toMatchObject({ value: null, bar: null })
    expect(danderyd!.bars[1]!.bar!.width).toBe(0)
    expect(vallentuna!.bars[0]!.bar!.width).toBeCloseTo(chart.plot.width, 1)
    expect(vallentuna!.bars[1]!.bar!.width).toBe(0)
  })

  it('give every row its own band, the series one under the other, all inside the picture', () => {
    const ys = chart.rows.flatMap((row) => row.bars.map((bar) => bar.bar?.y ?? bar.valueY))
    expect([...ys].sort((a, b) => a - b)).toEqual(ys)
    expect(chart.plot.y + chart.plot.height).toBeLessThan(chart.height)
    expect(chart.ticks.map((tick) => tick.at)).toEqual([0, 0.25, 0.5, 0.75, 1].map((part) => expect.closeTo(chart.plot.x + part * chart.plot.width, 1)))
  })
})

describe('the months of a tertial', () => {
  it('are four, in order', () => {
    expect(tertialMonths({ year: 2026, part: 1 })).toEqual(['2026-01', '2026-02', '2026-03', '2026-04'])
    expect(tertialMonths({ year: 2026, part: 3 })).toEqual(['2026-09', '2026-10', '2026-11', '2026-12'])
  })
})
