/**
 * Compiles our library to plain JavaScript for the bench, the way it would ship, so it is measured on the
 * same footing as connect 0.2.1 (plain JS required from node_modules).
 *
 * Why not just import src/ through tsx: tsx compiles with esbuild's `keepNames`, which wraps every named
 * function expression or arrow in `__name(fn, "name")` — an Object.defineProperty call each time such a
 * closure is created. Code that builds closures per request (response hooks) pays for that on every
 * request, and no production build does.
 *
 * How: the TypeScript compiler (a devDependency) transpiles each module reachable from the entries (the library
 * bench passes src/connect/index.ts; the simulator bench src/sim/index.ts and src/connect/index.ts) (type stripping
 * only, target ES2022 like tsconfig), `.ts` import specifiers become `.js`, bare package imports are rewritten to
 * the file URLs they resolve to from this repository, and the result is written to a fresh directory under the OS
 * temp dir (never into the repository), which the caller removes when done. tsx does not transform plain .js
 * files, so what runs is exactly this output.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

export interface BuiltLibrary {
  /** file URL of the compiled first entry */
  entryUrl: string
  /** file URLs of every compiled entry, in the order given */
  entryUrls: string[]
  dir: string
  modules: number
  /** sha256 (first 12 hex) over the compiled sources' paths and contents: which src/ snapshot was measured. */
  sourceDigest: string
  /** Latest modification time among the compiled sources. */
  newestSourceMtime: string
  cleanup(): void
}

const BUILTINS = new Set(builtinModules)

function isBare(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('node:') && !specifier.includes('://') && !BUILTINS.has(specifier)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Compiles the modules reachable from `entryRelative` (one path, or several, relative to the repository root) into a
 * fresh temp dir. Every module must lie under the entries' common directory (the first entry's directory unless
 * `rootRelative` names a wider one, e.g. 'src' when src/sim imports src/connect), so the output keeps the same layout
 * and the entries share one copy of each module they both reach (one module instance at run time).
 */
export function buildOurs(entryRelative: string | readonly string[], rootRelative?: string): BuiltLibrary {
  const benchDir = path.dirname(fileURLToPath(import.meta.url))
  const repoRoot = path.resolve(benchDir, '..')
  const entries = (typeof entryRelative === 'string' ? [entryRelative] : entryRelative).map((e) => path.resolve(repoRoot, e))
  if (entries.length === 0) throw new Error('buildOurs needs at least one entry')
  const srcRoot = rootRelative !== undefined ? path.resolve(repoRoot, rootRelative) : path.dirname(entries[0]!)
  for (const entry of entries) {
    if (!entry.startsWith(srcRoot + path.sep)) throw new Error(`${path.relative(repoRoot, entry)} is outside ${path.relative(repoRoot, srcRoot)}`)
  }
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'sessionscope-bench-'))
  const cleanup = (): void => rmSync(outDir, { recursive: true, force: true })
  try {
    writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n')
    const pending = [...entries]
    const seen = new Set<string>()
    const sources = new Map<string, string>()
    while (pending.length > 0) {
      const file = pending.pop()!
      if (seen.has(file)) continue
      seen.add(file)
      const source = readFileSync(file, 'utf8')
      sources.set(path.relative(srcRoot, file), source)
      const imports = ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName)
      const bare = new Set<string>()
      for (const specifier of imports) {
        if (specifier.startsWith('.')) {
          const target = path.resolve(path.dirname(file), specifier)
          if (!target.startsWith(srcRoot + path.sep)) throw new Error(`${path.relative(srcRoot, file)} imports ${specifier}, outside ${path.relative(repoRoot, srcRoot)}`)
          pending.push(target)
        } else if (isBare(specifier)) {
          bare.add(specifier)
        }
      }
      const out = ts.transpileModule(source, {
        fileName: file,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          verbatimModuleSyntax: true,
          rewriteRelativeImportExtensions: true,
          sourceMap: false,
        },
        reportDiagnostics: true,
      })
      const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error)
      if (errors.length > 0) throw new Error(`transpiling ${file}: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n')}`)
      let code = out.outputText
      for (const specifier of bare) {
        // Resolved only when the import survives transpiling: a type-only import (of a types-only package) does not.
        const pattern = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(?\\s*)(['"])${escapeRegExp(specifier)}\\2`, 'g')
        if (!pattern.test(code)) continue
        const url = import.meta.resolve(specifier)
        pattern.lastIndex = 0
        code = code.replace(pattern, (_m, lead: string, quote: string) => `${lead}${quote}${url}${quote}`)
      }
      const target = path.join(outDir, path.relative(srcRoot, file)).replace(/\.ts$/, '.js')
      mkdirSync(path.dirname(target), { recursive: true })
      writeFileSync(target, code)
    }
    const entryUrls = entries.map((entry) => pathToFileURL(path.join(outDir, path.relative(srcRoot, entry)).replace(/\.ts$/, '.js')).href)
    const digest = createHash('sha256')
    let newest = 0
    for (const name of [...sources.keys()].sort()) {
      digest.update(name).update('\0').update(sources.get(name)!).update('\0')
      newest = Math.max(newest, statSync(path.join(srcRoot, name)).mtimeMs)
    }
    return {
      entryUrl: entryUrls[0]!,
      entryUrls,
      dir: outDir,
      modules: seen.size,
      sourceDigest: digest.digest('hex').slice(0, 12),
      newestSourceMtime: new Date(newest).toISOString(),
      cleanup,
    }
  } catch (err) {
    cleanup()
    throw err
  }
}
