import type { ReactNode } from 'react'
import { percentBars, stackedColumns } from '~/domain/charts'

/**
 * A chart as an image with a name and a text alternative (WCAG 1.1.1): `role="img"` named by
 * its `<title>` and described by its `<desc>`, which says the numbers in words. The page puts
 * the same numbers in a table right below. Colour is never the only key: a legend names each
 * series, and the values are written beside the bars.
 */
function ChartFrame({
  id,
  title,
  description,
  width,
  height,
  legend,
  children,
}: ChartText & { width: number; height: number; legend?: ReadonlyArray<{ name: string; className: string }>; children: ReactNode }) {
  return (
    <figure className="chart">
      <svg className="chart__svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} focusable="false">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children}
      </svg>
      {legend ? (
        <ul className="chart__legend" aria-hidden="true">
          {legend.map((entry) => (
            <li key={entry.className}>
              <span className={`chart__swatch ${entry.className}`} />
              {entry.name}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  )
}

interface ChartText {
  /** Prefix of the ids of the title and description, unique on the page. */
  id: string
  title: string
  /** The numbers in words, for those who do not see the chart. */
  description: string
}

/** Stacked columns, one per group, each split into its series (reports per month by level). */
export function StackedColumnChart<Series extends string>({
  groups,
  series,
  ...text
}: ChartText & { groups: ReadonlyArray<{ label: string; values: Record<Series, number> }>; series: ReadonlyArray<{ key: Series; name: string }> }) {
  const chart = stackedColumns(
    groups,
    series.map((entry) => entry.key),
  )
  const { plot } = chart
  return (
    <ChartFrame {...text} width={chart.width} height={chart.height} legend={series.map((entry) => ({ name: entry.name, className: `chart--${entry.key}` }))}>
      <g aria-hidden="true">
        {chart.ticks.map((tick) => (
          <g key={tick.value}>
            <line className="chart__grid" x1={plot.x} x2={plot.x + plot.width} y1={tick.at} y2={tick.at} />
            <text className="chart__tick" x={plot.x - 6} y={tick.at} textAnchor="end" dominantBaseline="middle">
              {tick.value}
            </text>
          </g>
        ))}
        {chart.columns.map((column) => (
          <g key={column.label}>
            {column.segments.map((segment) => (
              <rect key={segment.series} className={`chart__bar chart--${segment.series}`} x={segment.x} y={segment.y} width={segment.width} height={segment.height} />
            ))}
            <text className="chart__label" x={column.labelX} y={plot.y + plot.height + 20} textAnchor="middle">
              {column.label}
            </text>
            {column.total > 0 ? (
              <text className="chart__value" x={column.labelX} y={(column.segments.at(-1)?.y ?? plot.y + plot.height) - 4} textAnchor="middle">
                {column.total}
              </text>
            ) : null}
          </g>
        ))}
        <line className="chart__axis" x1={plot.x} x2={plot.x + plot.width} y1={plot.y + plot.height} y2={plot.y + plot.height} />
      </g>
    </ChartFrame>
  )
}

/** Horizontal bars on a 0-100 % axis, a row per label and a bar per series (shares, deadlines met). */
export function PercentBarChart({
  rows,
  series,
  emptyValue,
  ...text
}: ChartText & { rows: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null> }>; series: ReadonlyArray<{ name: string }>; emptyValue: string }) {
  const chart = percentBars(rows, series.length)
  const { plot } = chart
  return (
    <ChartFrame
      {...text}
      width={chart.width}
      height={chart.height}
      legend={series.length > 1 ? series.map((entry, index) => ({ name: entry.name, className: `chart--series-${index}` })) : undefined}
    >
      <g aria-hidden="true">
        {chart.ticks.map((tick) => (
          <g key={tick.value}>
            <line className="chart__grid" x1={tick.at} x2={tick.at} y1={plot.y} y2={plot.y + plot.height} />
            <text className="chart__tick" x={tick.at} y={plot.y + plot.height + 18} textAnchor="middle">
              {`${tick.value} %`}
            </text>
          </g>
        ))}
        {chart.rows.map((row) => (
          <g key={row.label}>
            <text className="chart__label" x={plot.x - 8} y={row.labelY} textAnchor="end" dominantBaseline="middle">
              {row.label}
            </text>
            {row.bars.map((bar) => (
              <g key={bar.series}>
                {bar.bar ? <rect className={`chart__bar chart--series-${bar.series}`} x={bar.bar.x} y={bar.bar.y} width={bar.bar.width} height={bar.bar.height} /> : null}
                <text className="chart__value" x={bar.valueX} y={bar.valueY} dominantBaseline="middle">
                  {bar.value === null ? emptyValue : `${bar.value} %`}
                </text>
              </g>
            ))}
          </g>
        ))}
        <line className="chart__axis" x1={plot.x} x2={plot.x} y1={plot.y} y2={plot.y + plot.height} />
      </g>
    </ChartFrame>
  )
}
