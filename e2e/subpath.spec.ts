// The site built for a sub-path (BASE_PATH=/sessionscope/, as GitHub Pages serves a project) and served there.
// scripts/test.sh builds it into dist-subpath; run alone, this spec builds it first if it is missing.
import { test, expect } from '@playwright/test'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { gotoHydrated, watchErrors } from './helpers.ts'

const BASE = '/sessionscope/'
const root = path.resolve(import.meta.dirname, '..')
const outDir = path.join(root, 'dist-subpath')
let server: ChildProcess | undefined
let origin = ''

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(300_000)
  if (!fs.existsSync(path.join(outDir, 'session', 'index.html'))) {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-site.ts'], { cwd: root, stdio: 'ignore', env: { ...process.env, BASE_PATH: BASE, OUT_DIR: 'dist-subpath' } })
  }
  const port = await freePort()
  origin = `http://127.0.0.1:${port}`
  server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', 'dist-subpath'], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, BASE_PATH: BASE },
  })
  await expect.poll(async () => (await fetch(`${origin}${BASE}`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200)
})

test.afterAll(() => {
  server?.kill()
})

test('under a sub-path: prerendered pages, links, navigation, search and the 404 page all stay under it', async ({ page, request }) => {
  const errors = watchErrors(page)
  const html = await (await request.get(`${origin}${BASE}session/`)).text()
  expect(html).toContain('<h1>Session</h1>')
  expect(html).toMatch(/<link rel="canonical" href="[^"]*\/sessionscope\/session\/"/)
  expect(await (await request.get(`${origin}${BASE}sitemap.xml`)).text()).toContain('/sessionscope/changes/</loc>')

  await gotoHydrated(page, `${origin}${BASE}`)
  await expect(page.getByRole('heading', { level: 1, name: 'SessionScope' })).toBeVisible()
  const site = page.getByRole('navigation', { name: 'Site' })
  for (const href of await site.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))) {
    expect(href.startsWith(BASE)).toBe(true)
  }
  await site.getByRole('link', { name: 'Session middleware' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Session', exact: true })).toBeVisible()
  await expect(page).toHaveURL(`${origin}${BASE}session/`)

  await page.keyboard.press('/')
  await page.getByRole('searchbox', { name: 'Search' }).fill('zombie')
  const first = page.getByRole('list', { name: 'Search results' }).getByRole('link').first()
  await expect(first).toHaveAttribute('href', new RegExp(`^${BASE}`))
  await first.click()
  // A hit lands on a page under the sub-path: on its section, or on its top when the match is in its name.
  await expect(page).toHaveURL(new RegExp(`^${origin}${BASE}[a-z0-9-]+/(#.+)?$`))

  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  expect(errors).toEqual([])

  const missing = await request.get(`${origin}${BASE}no/such/page`)
  expect(missing.status()).toBe(404)
  await gotoHydrated(page, `${origin}${BASE}no/such/page`)
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
  await page.getByRole('link', { name: 'Go to the home page' }).click()
  await expect(page).toHaveURL(`${origin}${BASE}`)
})
