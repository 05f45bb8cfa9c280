// dt-sql-parser's ES modules import './parser' and './x' without file extensions, as bundlers
// allow and Node's ESM resolver does not: this resolve hook retries such a relative import
// inside node_modules as X.js, then X/index.js.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    const fromPackage = context.parentURL && context.parentURL.includes('/node_modules/');
    if (!relative || !fromPackage) throw err;
    for (const candidate of [`${specifier}.js`, `${specifier}/index.js`]) {
      try {
        return await next(candidate, context);
      } catch {
        // try the next form
      }
    }
    throw err;
  }
}
