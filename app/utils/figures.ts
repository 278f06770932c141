// One helper per figure, shared by pages, charts, JSON, CSV and files, so a figure reads the same everywhere.
// Percentages are ROUNDED DOWN to a tenth: 4,319 of 4,320 households is 99.9%, never "100%" (and never green)
// before the last household is done. Integer arithmetic on tenths, so no floating-point edge turns 99.95 into 100.

/** done of total as a percentage with one decimal, rounded down; 0 when there is nothing to count. */
export function percentFloor(done: number, total: number): number {
  if (!(total > 0) || !(done > 0)) return 0
  return Math.floor((done * 1000) / total) / 10
}

/** The same figure as text with its decimal, for files: '99.9', '100.0'. */
export function percentFloorText(done: number, total: number): string {
  return percentFloor(done, total).toFixed(1)
}
