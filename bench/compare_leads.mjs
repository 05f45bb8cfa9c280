// Compares the lead sets of two lead files (a Clue output CSV and a DuckDB one) on key columns,
// as bench.mjs does after its runs: keys as text (a null key as ''), EXCEPT both ways. For runs
// made outside bench.mjs (the 20 M run in docs/performance.md).
//   node bench/compare_leads.mjs --a FILE --b FILE --keys 终本案号,民事案号
//   node bench/compare_leads.mjs --a FILE --b FILE --keys 酒吧名称,学校名称,距离(米) --numeric 距离(米)
// --numeric names key columns compared as numbers within a tolerance (bench/lead_keys.mjs;
// --tol, default 10^-4: two lead files, each rounded to 10^-4), so 27 and 27.0 are equal.
// Prints the row counts, the distinct keys and the first keys found on one side only; exits 1
// when the sets differ.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onlyIn, TOL_LEADS } from './lead_keys.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '.duckdb', 'node_modules', 'x.js'));
const { DuckDBInstance } = require('@duckdb/node-api');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!args.a || !args.b || !args.keys) {
  console.error('usage: node bench/compare_leads.mjs --a FILE --b FILE --keys COL,COL');
  process.exit(2);
}
const keys = args.keys.split(',');
const numericCols = args.numeric ? args.numeric.split(',') : [];
for (const c of numericCols) if (!keys.includes(c)) { console.error(`--numeric ${c} is not one of --keys`); process.exit(2); }
const numeric = keys.map((c) => numericCols.includes(c));
const tol = args.tol !== undefined ? Number(args.tol) : TOL_LEADS;
const sq = (s) => `'${String(s).replace(/'/g, "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const rows = async (sql) => (await con.runAndReadAll(sql)).getRows();
const cols = keys.map((c) => `"${c}"`).join(', ');
for (const [name, file] of [['a', args.a], ['b', args.b]]) {
  const sel = keys.map((c) => `coalesce("${c}", '') AS "${c}"`).join(', ');
  await con.run(`CREATE TABLE ${name} AS SELECT ${sel} FROM read_csv(${sq(file)}, header = true, all_varchar = true, ` +
    `delim = ',', quote = '"', escape = '"')`);
}
const count = async (t) => Number((await rows(`SELECT count(*) FROM ${t}`))[0][0]);
const distinct = async (t) => Number((await rows(`SELECT count(*) FROM (SELECT DISTINCT ${cols} FROM ${t})`))[0][0]);
const only = async (x, y) => onlyIn(await rows(`SELECT DISTINCT ${cols} FROM ${x}`), await rows(`SELECT DISTINCT ${cols} FROM ${y}`),
  numeric, tol);
const onlyA = await only('a', 'b');
const onlyB = await only('b', 'a');
const out = {
  a: { file: args.a, rows: await count('a'), distinct_keys: await distinct('a') },
  b: { file: args.b, rows: await count('b'), distinct_keys: await distinct('b') },
  same: !onlyA.length && !onlyB.length,
  only_a: onlyA.length, only_b: onlyB.length,
  first_only_a: onlyA.slice(0, 5).map((r) => r.join(' / ')),
  first_only_b: onlyB.slice(0, 5).map((r) => r.join(' / ')),
};
console.log(JSON.stringify(out, null, 1));
process.exit(out.same ? 0 : 1);
