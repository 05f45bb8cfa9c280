// Comparing two lead sets on key columns (bench.mjs, compare_leads.mjs). Text columns must be
// equal. A numeric column (a distance, a count) must be *consistent*: the two values could be
// roundings of the same true value. A lead file (Clue's or DuckDB's) has distances rounded to
// 10^-4 m; expected.json has them rounded to 0.1 m. Rounding a lead file's value again to
// 0.1 m is a double rounding and is wrong at the ties: bars_near_schools at 5 M has a pair at
// 31.949950 m, written 31.95 by Clue and DuckDB (right to 10^-4), 31.9 in expected.json (right
// to 0.1), and 31.95 rounded again gives 32.0. So values are compared with the sum of the
// two half-steps as tolerance (plus a little for binary floating point):
//   - two lead files: 10^-4 (each within 0.5·10^-4 of the true value);
//   - a lead file and expected.json: 0.05 + 0.5·10^-4.
// Counts are integers on every side, so any tolerance below 1 keeps them exact.
export const TOL_LEADS = 1e-4 + 1e-9;
export const TOL_EXPECTED = 0.05 + 0.5e-4 + 1e-9;

// A numeric cell as a number, or null for an empty/missing one (null matches only null).
export function num(v) {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) ? n : NaN;  // NaN (text in a numeric column) matches nothing
}

// The distinct rows of `a` (arrays, one cell per key column) that have no consistent row in
// `b`, sorted; `numeric[i]` says whether column i is numeric.
export function onlyIn(a, b, numeric, tol) {
  const textKey = (r) => JSON.stringify(r.map((v, i) => (numeric[i] ? null : v === null || v === undefined ? '' : String(v))));
  const byText = new Map();
  for (const r of b) {
    const k = textKey(r);
    if (!byText.has(k)) byText.set(k, []);
    byText.get(k).push(r.map((v, i) => (numeric[i] ? num(v) : null)));
  }
  const close = (x, y) => (x === null || y === null ? x === y : Math.abs(x - y) <= tol);
  const seen = new Set();
  const out = [];
  for (const r of a) {
    const id = JSON.stringify(r);
    if (seen.has(id)) continue;
    seen.add(id);
    const cands = byText.get(textKey(r)) ?? [];
    const nr = r.map((v, i) => (numeric[i] ? num(v) : null));
    if (!cands.some((c) => c.every((y, i) => !numeric[i] || close(nr[i], y)))) out.push(r);
  }
  return out.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))))
    .sort((x, y) => (x.join('\u0000') < y.join('\u0000') ? -1 : x.join('\u0000') > y.join('\u0000') ? 1 : 0));
}
