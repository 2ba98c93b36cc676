// `npm run build`: the client build, a server build of src/entry-server.tsx, then the prerender step
// (scripts/prerender.ts) that writes every page's HTML, the search index, sitemap.xml, robots.txt, 404.html and the
// service worker. Environment (all optional):
//   BASE_PATH  the sub-path the site is served under, e.g. /sessionscope/ (default /)
//   SITE_URL   the public origin for canonical links, Open Graph and the sitemap, e.g. https://example.org
//              (default http://127.0.0.1:4173, the local preview)
//   OUT_DIR    where the site is written (default dist)
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'vite'
import { prerender } from './prerender.ts'

const root = path.resolve(import.meta.dirname, '..')
const outDir = path.resolve(root, process.env.OUT_DIR ?? 'dist')
// The server bundle is a build tool, not part of the site: it goes beside the site, never into it.
const serverDir = path.resolve(root, '.ssr', path.basename(outDir))

// Always from a clean client build: the prerender step overwrites the index.html it reads as its template.
fs.rmSync(outDir, { recursive: true, force: true })
fs.rmSync(serverDir, { recursive: true, force: true })
await build({ root, build: { outDir, emptyOutDir: true } })
// Dependencies are bundled in: some are CommonJS with named exports Node's ESM loader cannot see.
await build({ root, logLevel: 'warn', ssr: { noExternal: true }, build: { ssr: 'src/entry-server.tsx', outDir: serverDir, emptyOutDir: true, copyPublicDir: false } })
await prerender({ outDir, serverEntry: path.join(serverDir, 'entry-server.js'), siteUrl: process.env.SITE_URL })
