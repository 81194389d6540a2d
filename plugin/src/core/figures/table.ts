/** Tables: a bare number takes the unit its column's header names (`| p99, мс |`). */
import {type Found, parseNumber} from './number';
import type {ProseLine} from './scan';
import type {FigureUnit} from './types';
import {
  at,
  DURATIONS,
  MONEY_AFTER,
  PERCENT,
  PERIODS,
  SIZE,
  sizeFactor,
} from './units';

/**
 * The unit a table column's header names after a comma or in parentheses (`p99, мс`, `Size (GB)`,
 * `Доля, %`), or as the whole header when it is a sign (`%`, `₽`). A header that is a unit word
 * and nothing else (`Год`) names what the column holds, not its unit.
 */
function headerUnit(
  header: string,
): {unit: FigureUnit; factor: number} | undefined {
  const text = header.replace(/\*\*|__/g, '').trim();
  const tail =
    /(?:,\s*|\(\s*)([^\s,()]+)\)?$/u.exec(text)?.[1] ??
    /^[%₽$€]$/u.exec(text)?.[0];
  if (!tail) return undefined;
  const probe = ` ${tail}`;
  const whole = (re: RegExp) => {
    const m = at(re, probe, 0);
    return m && m[0].length === probe.length ? m : null;
  };
  if (whole(PERCENT)) return {unit: 'percent', factor: 1};
  const size = whole(SIZE);
  if (size) return {unit: 'bytes', factor: sizeFactor(size)};
  for (const d of DURATIONS)
    if (whole(d.re)) return {unit: 'ms', factor: d.factor};
  for (const m of MONEY_AFTER)
    if (whole(m.re)) return {unit: `money:${m.code}`, factor: 1};
  if (whole(PERIODS[0]!.re)) return {unit: 'per_second', factor: 1};
  return undefined;
}

const CELL_NUMBER =
  /^(\s*(?:\*\*|__)?\s*(?:[~≈<>≤≥]\s?)?)(\d[\d\s.,]*?)(?:\s?[-–]\s?(\d[\d\s.,]*?))?\s*(?:\*\*|__)?\s*$/u;

/** Bare numbers in a table column whose header names the unit. */
export function tableFigures(row: ProseLine, masked: string): Found[] {
  if (!row.cells || row.tableHeader) return [];
  const label = /[pP](\d{2})(?!\d)/.exec(
    row.text.slice(row.cells[0]!.start, row.cells[0]!.end),
  );
  const found: Found[] = [];
  for (const cell of row.cells) {
    const unit = headerUnit(cell.header);
    const m = unit && CELL_NUMBER.exec(masked.slice(cell.start, cell.end));
    if (!unit || !m) continue;
    const numStart = cell.start + m[1]!.length;
    const first = parseNumber(masked, numStart);
    if (!first || first.end - numStart !== m[2]!.trim().length) continue;
    let n = first;
    let low: number | undefined;
    if (m[3]) {
      const secondAt = masked.indexOf(m[3], first.end);
      const second = parseNumber(masked, secondAt);
      if (!second || second.value < first.value) continue;
      [n, low] = [second, first.value];
    }
    const percentile = /[pP](\d{2})(?!\d)/.exec(cell.header)?.[1] ?? label?.[1];
    const approx = m[1]!.search(/[~≈<>≤≥]/);
    found.push({
      start: cell.start + (approx >= 0 ? approx : m[1]!.length),
      numStart,
      end: n.end,
      n: n.value,
      ...(low !== undefined ? {low} : {}),
      unit: unit.unit,
      factor: unit.factor,
      ...(percentile && unit.unit === 'ms'
        ? {percentile: Number(percentile)}
        : {}),
    });
  }
  return found;
}

/** A duration in a table column headed `p99 ...` is stated at that percentile. */
export function headerPercentile(row: ProseLine, f: Found): number | undefined {
  if (f.unit !== 'ms' || !row.cells || row.tableHeader) return undefined;
  const cell = row.cells.find((c) => c.start <= f.start && f.start < c.end);
  const p = cell && /[pP](\d{2})(?!\d)/.exec(cell.header)?.[1];
  return p ? Number(p) : undefined;
}
