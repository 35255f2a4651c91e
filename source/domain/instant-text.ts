/**
 * A point in time (UTC) in the fewest characters that still say it exactly: `2026-12-06 18:47`
 * for a candle's open (always on a minute), `2026-12-06 18:47:12.345` for a fill. Used in texts
 * that are kept in the ledger and read on an 80-column status bar (a stopped strategy's
 * reason), where the ISO form's `T`, `:00.000` and `Z` cost a fifth of the line and say nothing.
 * A time no date can hold (NaN, past year 275760: a corrupt candle) is said as the number it is.
 */
export function instantText(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return String(ms);
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23).replace(/\.000$/, '').replace(/:00$/, '')}`;
}
