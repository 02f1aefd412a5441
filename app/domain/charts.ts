/**
 * The geometry of the statistics page's charts, drawn on the server as SVG (no chart
 * script in the browser). Plain numbers in, rectangles and ticks out, in the units of the
 * SVG's viewBox; the component only draws them. The same numbers are in a table below each
 * chart (WCAG 1.1.1), so a chart only has to be read at a glance.
 */

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

export interface Tick {
  value: number
  /** The tick's position along its axis (y for columns, x for bars). */
  at: number
}

/**
 * The top of a count axis and its step: a step of 1, 2 or 5 times a power of ten, so that
 * at most `maxTicks` steps reach the largest value. An empty chart still has an axis to 1.
 */
export function countAxis(largest: number, maxTicks = 5): { top: number; step: number } {
  if (largest <= 0) return { top: 1, step: 1 }
  const rough = largest / maxTicks
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough)!,
  )
  return { top: Math.ceil(largest / step) * step, step }
}

const COLUMNS = { width: 640, height: 260, left: 44, right: 12, top: 12, bottom: 32 }

export interface ColumnChart<Series extends string> {
  width: number
  height: number
  /** The plot area: the axis line runs along its bottom, the tick lines across it. */
  plot: Rectangle
  ticks: Tick[]
  columns: Array<{
    label: string
    total: number
    /** Where the column's label sits under it. */
    labelX: number
    /** From the bottom up, in the order the series were given; a zero leaves no rectangle. */
    segments: Array<Rectangle & { series: Series; value: number }>
  }>
}

/**
 * Stacked columns, one per group (a month), each split by series (the levels), bottom up in
 * the order of `series`. Heights are proportional to the counts on an axis from zero.
 */
export function stackedColumns<Series extends string>(groups: ReadonlyArray<{ label: string; values: Record<Series, number> }>, series: readonly Series[]): ColumnChart<Series> {
  const plot = { x: COLUMNS.left, y: COLUMNS.top, width: COLUMNS.width - COLUMNS.left - COLUMNS.right, height: COLUMNS.height - COLUMNS.top - COLUMNS.bottom }
  const totals = groups.map((group) => series.reduce((sum, name) => sum + Math.max(0, group.values[name]), 0))
  const { top, step } = countAxis(Math.max(0, ...totals))
  const scale = (value: number) => (value / top) * plot.height
  const slot = groups.length === 0 ? plot.width : plot.width / groups.length
  const columnWidth = Math.min(slot * 0.6, 80)
  const ticks: Tick[] = []
  for (let value = 0; value <= top; value += step) ticks.push({ value, at: round(plot.y + plot.height - scale(value)) })
  return {
    width: COLUMNS.width,
    height: COLUMNS.height,
    plot,
    ticks,
    columns: groups.map((group, index) => {
      const x = plot.x + index * slot + (slot - columnWidth) / 2
      let below = 0
      const segments = series.flatMap((name) => {
        const value = Math.max(0, group.values[name])
        if (value === 0) return []
        const segment = { series: name, value, x: round(x), width: round(columnWidth), y: round(plot.y + plot.height - scale(below + value)), height: round(scale(value)) }
        below += value
        return [segment]
      })
      return { label: group.label, total: totals[index]!, labelX: round(x + columnWidth / 2), segments }
    }),
  }
}

const BARS = { width: 640, left: 150, right: 64, top: 8, bottom: 28, band: 22, gap: 12 }

export interface PercentBarChart {
  width: number
  height: number
  plot: Rectangle
  ticks: Tick[]
  rows: Array<{
    label: string
    /** Where the row's label sits: its middle, read from the right edge of the label column. */
    labelY: number
    /** One bar per series, side by side in the row's band; a missing percentage has no bar, only its value text. */
    bars: Array<{ series: number; value: number | null; bar: Rectangle | null; valueX: number; valueY: number }>
  }>
}

/**
 * Horizontal bars on a 0-100 % axis, one row per label and one bar per series within it
 * (the jour's share: one series; deadlines met: protection assessments and decisions).
 * Values beyond the axis are drawn at its end; `null` (nothing to divide) draws no bar.
 */
export function percentBars(rows: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null> }>, seriesCount: number): PercentBarChart {
  const bandHeight = BARS.band * seriesCount
  const plotHeight = rows.length * (bandHeight + BARS.gap)
  const plot = { x: BARS.left, y: BARS.top, width: BARS.width - BARS.left - BARS.right, height: plotHeight }
  const scale = (percent: number) => (Math.min(100, Math.max(0, percent)) / 100) * plot.width
  return {
    width: BARS.width,
    height: BARS.top + plotHeight + BARS.bottom,
    plot,
    ticks: [0, 25, 50, 75, 100].map((value) => ({ value, at: round(plot.x + scale(value)) })),
    rows: rows.map((row, index) => {
      const bandTop = plot.y + index * (bandHeight + BARS.gap) + BARS.gap / 2
      return {
        label: row.label,
        labelY: round(bandTop + bandHeight / 2),
        bars: Array.from({ length: seriesCount }, (_, series) => {
          const value = row.values[series] ?? null
          const y = bandTop + series * BARS.band
          const length = value === null ? 0 : scale(value)
          return {
            series,
            value,
            bar: value === null ? null : { x: plot.x, y: round(y + 2), width: round(length), height: BARS.band - 4 },
            valueX: round(plot.x + length + 6),
            valueY: round(y + BARS.band / 2),
          }
        }),
      }
    }),
  }
}

/** Two decimals are finer than a screen or a printer draws, and keep the markup short. */
function round(value: number): number {
  return Math.round(value * 100) / 100
}
