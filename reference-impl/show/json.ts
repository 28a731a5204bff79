/**
 * The table model as JSON: one object per row, keyed by the columns' keys, values as typed in
 * the row (numbers stay numbers; bigint becomes a decimal string; undefined becomes null).
 */
import type { CellValue, Row, TableModel } from './model';

function plain(v: CellValue): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

export function tableToJson<R extends Row>(m: TableModel<R>): Record<string, string | number | boolean | null>[] {
  return m.rows.map((r) => Object.fromEntries(m.columns.map((c) => [c.key, plain(r[c.key])])));
}

/** Pretty-printed, two-space indent, one trailing newline. */
export function renderJson<R extends Row>(m: TableModel<R>): string {
  return JSON.stringify(tableToJson(m), null, 2) + '\n';
}
