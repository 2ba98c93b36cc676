// One colour per column, readable on both themes (the chart's line is 2 px; the legend and headings name each column
// too, so the colour only helps to match them up).
const COLUMN_COLOURS = ['#2f7de1', '#e0662f', '#2aa876', '#b04fd1', '#c9a227', '#d6336c', '#3bb3c3', '#7a7a7a']

/** The colour of the column at `index` (colours repeat past eight columns). */
export function columnColour(index: number): string {
  return COLUMN_COLOURS[index % COLUMN_COLOURS.length] as string
}

/** A table's heading cell for a configuration: its colour swatch, then its label. */
export function ColumnHeading({ index, label, className }: { index: number; label: string; className?: string }) {
  return (
    <th scope="col" className={className} title={label}>
      <span className="cmp-swatch" aria-hidden="true" style={{ background: columnColour(index) }} />
      {label}
    </th>
  )
}
