// bars_near_schools at the radius, in Clue and in bench/sql/bars_near_schools.sql (DuckDB):
// both must round the distance to 10^-4 m before comparing it with 200 m, so a bar 200.00003 m
// from the school (200.0000 m) is a lead on both sides and one 200.00014 m away (200.0001 m) is
// not. The SQL compared the unrounded double before (no lead at 200.00003 m, where Clue has one).
//   node bench/sql_boundary_test.mjs --clue build/compiler/clue
// Run by bench/run_bench.sh --smoke (it needs bench/.duckdb). Exits 1 on a difference.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onlyIn, TOL_LEADS } from './lead_keys.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!args.clue) { console.error('usage: node bench/sql_boundary_test.mjs --clue CLUE'); process.exit(2); }
const data = path.join(here, 'fixtures', 'bars_boundary');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clue-bars-boundary-'));
const run = (cmd, argv) => {
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) { console.error(`${cmd} ${argv.join(' ')}: exit ${r.status}\n${r.stderr}`); process.exit(1); }
  return r.stdout;
};
run(args.clue, ['run', path.join(here, '..', 'models', 'bars_near_schools.model'), '--data-dir', data,
  '--out', path.join(tmp, 'clue'), '--threads', '1']);
run(process.execPath, [path.join(here, 'duckdb_run.mjs'), '--data-dir', data, '--model', 'bars_near_schools',
  '--threads', '1', '--out', path.join(tmp, 'duckdb')]);
// The first three columns (酒吧名称, 学校名称, 距离(米)); no cell here has a comma or a quote.
const keys = (file) => fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\n').slice(1)
  .map((l) => l.split(',').slice(0, 3));
const want = [['A内199.99米', '第一小学', '199.99'], ['B内200.00003米', '第一小学', '200']];
const N = [false, false, true];
let failed = false;
for (const [who, file] of [['clue', path.join(tmp, 'clue', '周边酒吧.csv')], ['duckdb', path.join(tmp, 'duckdb', 'bars_near_schools.csv')]]) {
  const got = keys(file);
  const extra = onlyIn(got, want, N, TOL_LEADS), missing = onlyIn(want, got, N, TOL_LEADS);
  if (extra.length || missing.length) {
    failed = true;
    console.error(`${who}: extra ${JSON.stringify(extra)}, missing ${JSON.stringify(missing)}`);
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(failed ? 'sql_boundary: FAILED' : 'sql_boundary: Clue and DuckDB agree at the radius');
process.exit(failed ? 1 : 0);
