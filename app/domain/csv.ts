/**
 * CSV as Swedish spreadsheet programs open it: semicolons, CRLF line ends and a byte-order
 * mark, so Excel reads å, ä and ö and splits the columns without an import dialogue.
 */

/** A cell as a spreadsheet reads it: quoted when it holds the separator, a quote or a line break. */
export function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value)
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The whole file: a header row and the rows, each a list of cells. */
export function csvDocument(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`
}
