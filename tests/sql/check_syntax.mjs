// Parses every Trino and Spark SQL golden (tests/golden/sql/**/*.trino.sql, *.spark.sql) with
// dt-sql-parser's grammars of those dialects: neither engine can run here, so a real parser is
// what stands between a golden and SQL that Trino or Spark would refuse. Exits 1 on a syntax
// error (file:line:column and the parser's message), or when it finds no golden of a dialect.
// Run by tools/test: cd tests/sql && npm ci && node check_syntax.mjs [ROOT]
import { register } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

register('./resolve_extensionless.mjs', import.meta.url);
const { TrinoSQL, SparkSQL } = await import('dt-sql-parser');

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '..', '..');
const root = resolve(process.argv[2] ?? join(repo, 'tests', 'golden', 'sql'));
const parsers = { trino: new TrinoSQL(), spark: new SparkSQL() };

// A parser that accepted anything would make every golden pass: each must reject this.
for (const [dialect, parser] of Object.entries(parsers)) {
  if (parser.validate('SELECT a FROM t WHERE (').length === 0) {
    console.error(`sql syntax: the ${dialect} parser accepts "SELECT a FROM t WHERE (": it checks nothing`);
    process.exit(1);
  }
}

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

const counts = { trino: 0, spark: 0 };
let errors = 0;
for (const path of walk(root)) {
  const m = path.match(/\.(trino|spark)\.sql$/);
  if (!m) continue;
  const dialect = m[1];
  counts[dialect] += 1;
  const text = readFileSync(path, 'utf8');
  for (const e of parsers[dialect].validate(text)) {
    errors += 1;
    console.error(`${relative(repo, path)}:${e.startLine}:${e.startColumn}: ${dialect}: ${e.message}`);
  }
}
for (const [dialect, n] of Object.entries(counts)) {
  if (n === 0) {
    console.error(`sql syntax: no *.${dialect}.sql golden under ${relative(repo, root) || '.'}`);
    errors += 1;
  }
}
console.log(`sql syntax: ${counts.trino} Trino and ${counts.spark} Spark goldens parsed, ${errors} error(s)`);
process.exit(errors ? 1 : 0);
