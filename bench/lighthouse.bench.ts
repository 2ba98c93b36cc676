// `npm run bench:lighthouse`: Lighthouse 12 with Debian's Chromium against the built site served locally, on every
// page in ROUTES, with the mobile (default) and desktop presets; prints a table of the four category scores and the
// largest contentful paint. `-- --before=main` also builds that git ref the way it built then (a plain `vite build`)
// and measures it in the same run, for a before/after LCP. A benchmark, not part of `npm test`.
//   CHROME_PATH  Chromium to drive (default /usr/bin/chromium)
//   PAGES        comma-separated paths to measure instead of all of ROUTES
//   LH_REPORTS   a folder to keep each full Lighthouse report in (JSON, by page and preset), to see what costs
//   RUNS         how many times each page and preset is measured (default 3): the table gives the run with the
//                median performance score, and the lowest and highest score beside it, as a page's score moves
//                by several points between two runs of the same build
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ROUTES } from '../src/site/routes.ts'

const root = path.resolve(import.meta.dirname, '..')
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const PRESETS = ['mobile', 'desktop'] as const
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const

interface Row {
  site: string
  page: string
  preset: (typeof PRESETS)[number]
  scores: Record<(typeof CATEGORIES)[number], number>
  lcp: number
  failed: string[]
  /** The lowest and highest performance score over the runs. */
  range: [number, number]
}

const RUNS = Math.max(1, Number(process.env.RUNS ?? 3) || 1)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

async function serve(dir: string, cwd: string, port: number): Promise<ChildProcess> {
  // vite.js directly (not npx), so that the PID we hold is the server's;
  const child = spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', dir], {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, BASE_PATH: '/' },
  })
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`)
      if (response.ok) return child
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  child.kill()
  throw new Error(`the preview server on port ${port} did not answer`)
}

function lighthouse(url: string, preset: (typeof PRESETS)[number], run: number): Omit<Row, 'site' | 'page' | 'preset' | 'range'> {
  const out = path.join(os.tmpdir(), `lh-${process.pid}.json`)
  const args = [
    path.join(root, 'node_modules/lighthouse/cli/index.js'),
    url,
    `--only-categories=${CATEGORIES.join(',')}`,
    '--chrome-flags=--headless=new --no-sandbox',
    '--output=json',
    `--output-path=${out}`,
    '--quiet',
  ]
  if (preset === 'desktop') args.push('--preset=desktop')
  execFileSync(process.execPath, args, { env: { ...process.env, CHROME_PATH: CHROME }, stdio: 'inherit' })
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>
    audits: Record<string, { score: number | null; numericValue?: number; scoreDisplayMode: string }>
  }
  const keep = process.env.LH_REPORTS
  if (keep !== undefined && keep !== '') {
    fs.mkdirSync(keep, { recursive: true })
    fs.copyFileSync(out, path.join(keep, `${new URL(url).pathname.replace(/\W+/g, '-')}${preset}${RUNS > 1 ? `-run${run + 1}` : ''}.json`))
  }
  fs.rmSync(out, { force: true })
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((report.categories[c]?.score ?? 0) * 100)])) as Row['scores']
  // The audits that cost points outside performance (where every metric counts), to say what to fix.
  const failed: string[] = []
  for (const c of CATEGORIES.slice(1)) {
    for (const ref of report.categories[c]?.auditRefs ?? []) {
      const audit = report.audits[ref.id]
      if (ref.weight > 0 && audit !== undefined && audit.scoreDisplayMode === 'binary' && audit.score !== 1) failed.push(ref.id)
    }
  }
  return { scores, lcp: report.audits['largest-contentful-paint']?.numericValue ?? NaN, failed }
}

async function measure(site: string, dir: string, cwd: string, pages: string[]): Promise<Row[]> {
  const port = await freePort()
  const server = await serve(dir, cwd, port)
  const rows: Row[] = []
  try {
    for (const page of pages) {
      for (const preset of PRESETS) {
        const url = `http://127.0.0.1:${port}${page === '/' ? '/' : `${page}/`}`
        const runs = Array.from({ length: RUNS }, (_, run) => lighthouse(url, preset, run)).sort((a, b) => a.scores.performance - b.scores.performance)
        const result = runs[Math.floor((runs.length - 1) / 2)] as (typeof runs)[number]
        const range: [number, number] = [runs[0]?.scores.performance ?? 0, runs.at(-1)?.scores.performance ?? 0]
        rows.push({ site, page, preset, ...result, range })
        const each = RUNS > 1 ? ` (performance in each run: ${runs.map((r) => r.scores.performance).join(', ')})` : ''
        console.error(`${site} ${page} ${preset}: ${CATEGORIES.map((c) => result.scores[c]).join(' / ')}, LCP ${Math.round(result.lcp)} ms${each}${result.failed.length > 0 ? `, failed: ${result.failed.join(', ')}` : ''}`)
      }
    }
  } finally {
    server.kill()
  }
  return rows
}

/** Builds a git ref as it was built then (a plain `vite build`), in a scratch copy that borrows our node_modules. */
function buildRef(ref: string): string {
  const dir = path.join(os.tmpdir(), 'sessionscope-bench-before')
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir)
  execFileSync('bash', ['-c', `git -C "${root}" archive "${ref}" | tar -x -C "${dir}"`], { stdio: 'inherit' })
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'))
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: dir, stdio: 'inherit' })
  return dir
}

const before = process.argv.find((a) => a.startsWith('--before='))?.slice('--before='.length)
const pages = process.env.PAGES?.split(',').filter(Boolean) ?? ROUTES.map((r) => r.path)

// Our build, with canonical links pointing at the server it is measured on (as they would in production).
const port = await freePort()
const outDir = path.join(root, 'dist-bench')
execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build-site.ts')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, OUT_DIR: outDir, BASE_PATH: '/', SITE_URL: `http://127.0.0.1:${port}` },
})
const rows: Row[] = []
if (before !== undefined) {
  const dir = buildRef(before)
  rows.push(...(await measure(`before (${before})`, path.join(dir, 'dist'), dir, pages)))
}
rows.push(...(await measure('after', outDir, root, pages)))

const load = os.loadavg().map((l) => l.toFixed(2)).join(', ')
console.log(`\nLighthouse 12.2.3, ${path.basename(CHROME)} headless, ${os.cpus().length} cores, load average ${load} at the end`)
console.log(RUNS > 1 ? `Each row is the median of ${RUNS} runs by performance score; the lowest and highest score are in brackets.\n` : '')
console.log('| site | page | preset | performance | accessibility | best practices | SEO | LCP |')
console.log('|---|---|---|---:|---:|---:|---:|---:|')
for (const r of rows) {
  const performance = RUNS > 1 ? `${r.scores.performance} (${r.range[0]}–${r.range[1]})` : String(r.scores.performance)
  console.log(`| ${r.site} | \`${r.page}\` | ${r.preset} | ${performance} | ${r.scores.accessibility} | ${r.scores['best-practices']} | ${r.scores.seo} | ${Math.round(r.lcp)} ms |`)
}
const missed = rows.filter((r) => r.site === 'after' && (r.scores.performance < 95 || r.scores.accessibility < 100 || r.scores['best-practices'] < 100 || r.scores.seo < 100))
console.log(missed.length === 0 ? '\nEvery page meets the targets (performance ≥ 95, the rest 100).' : `\nBelow target: ${missed.map((r) => `${r.page} ${r.preset}`).join(', ')}`)
