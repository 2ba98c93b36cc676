// The docs site as a static site: prerendered HTML for every page, head tags, sitemap, 404, search, copy buttons,
// heading links, the grouped sidebar and offline reading after a first visit.
import { test, expect, type Page } from '@playwright/test'
import { ROUTES, PAGE_GROUPS } from '../src/site/routes.ts'
import { attachScreenshot, gotoHydrated, waitForHydration, wakeDemos, watchErrors } from './helpers.ts'

/** The page's URL as a static host serves it (pages live at `<path>/`). */
const urlOf = (path: string) => (path === '/' ? '/' : `${path}/`)

function textOf(html: string): string {
  return html
    .replace(/<(script|style|svg)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

test("every page: the server's HTML holds the heading and first paragraph a reader sees, and the head tags", async ({ page, request }) => {
  test.setTimeout(600_000)
  const errors = watchErrors(page)
  for (const route of ROUTES) {
    const url = urlOf(route.path)
    // What a reader with JavaScript on ends up seeing (a full load each time, so each page hydrates its own HTML).
    // Nothing here uses a demo, so they are left asleep.
    await page.goto(url)
    await waitForHydration(page)
    const h1 = page.getByRole('heading', { level: 1 })
    await expect(h1, url).toBeVisible()
    const heading = squash((await h1.textContent()) ?? '')
    const firstParagraph = squash((await page.locator('article.prose p:not(.eyebrow)').first().textContent()) ?? '')
    expect(firstParagraph.length, url).toBeGreaterThan(20)
    // Read from the markup, shown or not (a page can hide the list where a wide widget needs the room).
    const sections = await page.locator('nav.toc a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))

    // The HTML as sent, no scripts run: the same heading and paragraph are already in it.
    const response = await request.get(url)
    expect(response.status(), url).toBe(200)
    const html = await response.text()
    const text = textOf(html)
    // Compared without whitespace: inline elements may or may not have spaces around them in the raw markup.
    const bare = (t: string) => t.replace(/\s+/g, '')
    expect(bare(text), url).toContain(bare(heading))
    expect(bare(text), url).toContain(bare(firstParagraph))
    expect(html, url).not.toContain('Loading the page')
    // "On this page" is in the HTML too, with the sections the live page lists, so nothing moves when it hydrates.
    const tocHtml = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? ''
    expect([...tocHtml.matchAll(/href="([^"]*)"/g)].map((m) => m[1]), url).toEqual(sections)
    expect(html, url).toMatch(new RegExp(`<title>[^<]+</title>`))
    expect(html, url).toMatch(/<meta name="description" content="[^"]{40,}"/)
    expect(html, url).toMatch(new RegExp(`<link rel="canonical" href="https?://[^"]+${url.replace(/\//g, '\\/')}"`))
    for (const property of ['og:title', 'og:description', 'og:url', 'og:type']) expect(html, url).toContain(`property="${property}"`)
  }
  // Hydrating any page's HTML raised no error (React reports a mismatch with the prerendered markup as one).
  expect(errors).toEqual([])
})

test('on a phone, a page does not shift as it loads and hydrates', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  // Every layout shift from the first paint on, as the browser reports it (the ones right after an input excluded).
  await page.addInitScript(() => {
    const shifts: { value: number; at: string }[] = []
    Object.assign(window, { __shifts: shifts })
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
        if (!entry.hadRecentInput) shifts.push({ value: entry.value, at: entry.sources?.map((s) => (s.node as Element | undefined)?.className ?? '?').join(', ') ?? '' })
      }
    }).observe({ type: 'layout-shift', buffered: true })
  })
  for (const path of ['/', '/session', '/many-servers']) {
    await page.goto(urlOf(path))
    await waitForHydration(page)
    await expect(page.getByRole('navigation', { name: 'On this page' })).toBeVisible()
    // Two frames after hydration, so that a shift it caused has been reported.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    const shifts = await page.evaluate(() => (window as unknown as { __shifts: { value: number; at: string }[] }).__shifts)
    expect(shifts, path).toEqual([])
  }
  await context.close()
})

test('with JavaScript off, a page reads completely and each live widget shows a note in its place', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto('/session/')
  await expect(page.getByRole('heading', { level: 1, name: 'Session', exact: true })).toBeVisible()
  await expect(page.locator('article.prose p:not(.eyebrow)').first()).toContainText('session')
  await expect(page.getByRole('navigation', { name: 'Site' })).toBeAttached()
  const demo = page.locator('section.demo').first()
  await expect(demo).toBeVisible()
  const note = await demo.evaluate((el) => getComputedStyle(el, '::after').content)
  expect(note).toContain('needs JavaScript')
  await expect(demo.getByText('Starting the simulation')).toBeHidden()
  await context.close()
})

test('sitemap.xml lists every page, robots.txt points at it, and an unknown path gets the 404 page', async ({ request, page }) => {
  const sitemap = await (await request.get('/sitemap.xml')).text()
  for (const route of ROUTES) expect(sitemap).toContain(`${urlOf(route.path)}</loc>`)
  const robots = await (await request.get('/robots.txt')).text()
  expect(robots).toMatch(/Sitemap: https?:\/\/\S+\/sitemap\.xml/)
  const missing = await request.get('/no/such/page')
  expect(missing.status()).toBe(404)
  const missingHtml = await missing.text()
  expect(missingHtml).toContain('Page not found')
  // Read without JavaScript it names no path (it is served for all of them); the app names the one asked for.
  expect(missingHtml).toContain('Nothing lives at this address')
  const errors = watchErrors(page)
  await gotoHydrated(page, '/no/such/page')
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
  await expect(page.getByRole('main')).toContainText('/no/such/page')
  expect(errors.filter((e) => !e.includes('404'))).toEqual([])
})

test('a prerendered page hydrates without errors; its demos come alive as the reader nears them', async ({ page }) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto('/session/')
  await waitForHydration(page)
  await expect(page.getByRole('navigation', { name: 'On this page' })).toBeAttached()
  const demos = page.locator('section.demo')
  const total = await demos.count()
  expect(total).toBeGreaterThan(5)
  // The demos within a screen of the top start; the ones far below wait and say so.
  await expect(demos.first()).toHaveAttribute('aria-busy', 'false')
  const last = demos.last()
  await expect(last).toHaveAttribute('aria-busy', 'true')
  await expect(last).toContainText('Starting the simulation…')
  await last.scrollIntoViewIfNeeded()
  await expect(last).toHaveAttribute('aria-busy', 'false')
  await expect(last).not.toContainText('Starting the simulation…')
  await expect(last.getByRole('button').first()).toBeEnabled()
  expect(errors).toEqual([])
})

test('the sidebar lists every page under its group', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await gotoHydrated(page, '/')
  const site = page.getByRole('navigation', { name: 'Site' })
  for (const group of PAGE_GROUPS) {
    const pages = ROUTES.filter((r) => r.group === group)
    const list = site.getByRole('list', { name: group })
    if (pages.length === 0) {
      await expect(list).toHaveCount(0)
      continue
    }
    // A link may say more after its label (the exercises' progress badge).
    await expect(list.getByRole('link')).toHaveText(pages.map((r) => new RegExp(`^${r.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)))
  }
})

async function openSearch(page: Page, how: 'slash' | 'ctrl-k' | 'click') {
  if (how === 'slash') await page.keyboard.press('/')
  else if (how === 'ctrl-k') await page.keyboard.press('Control+k')
  else await page.getByRole('button', { name: 'Search' }).click()
  const field = page.getByRole('searchbox', { name: 'Search' })
  await expect(field).toBeFocused()
  return field
}

test('search code and index load only when search is opened', async ({ page }) => {
  const fetched: string[] = []
  page.on('request', (r) => fetched.push(r.url()))
  await gotoHydrated(page, '/')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await page.waitForLoadState('networkidle')
  expect(fetched.filter((u) => /search-index\.json|SearchDialog/.test(u))).toEqual([])
  await openSearch(page, 'click')
  await expect.poll(() => fetched.some((u) => u.includes('search-index.json'))).toBe(true)
})

const JOURNEYS = [
  { query: 'zombie', how: 'slash', heading: /zombie/i },
  { query: 'fingerprint', how: 'ctrl-k', heading: /fingerprint/i },
  { query: 'reapInterval', how: 'click', heading: /MemoryStore|reap/i },
] as const

for (const journey of JOURNEYS) {
  test(`search "${journey.query}" (${journey.how}) lands on the right section`, async ({ page }, testInfo) => {
    const errors = watchErrors(page)
    await gotoHydrated(page, '/changes/')
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    const field = await openSearch(page, journey.how)
    await field.pressSequentially(journey.query)
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('link')
    await expect(results.first()).toBeVisible()
    // Where the hit is: the page, and the section's heading when it is not the page's own.
    await expect(results.first().locator('.search-result-where')).toHaveText(journey.heading)
    await expect(results.first().locator('mark').first()).toHaveText(new RegExp(journey.query, 'i'))
    const href = (await results.first().getAttribute('href')) ?? ''
    // A hit on a page's top (a lesson named for the word) links to the page itself; any other to its section.
    const [path = '', anchor = ''] = href.split('#')
    expect(path).not.toBe('')
    await attachScreenshot(page, testInfo, `search-${journey.query}-1280.png`)
    await field.press('Enter')
    await expect(page.getByRole('dialog')).toBeHidden()
    await expect(page).toHaveURL(anchor === '' ? new RegExp(`${path.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')}$`) : new RegExp(`#${anchor}$`))
    const section = anchor === '' ? page.getByRole('heading', { level: 1 }) : page.locator(`[id="${anchor}"]`)
    await expect(section).toHaveText(journey.heading)
    await expect(section).toBeInViewport()
    expect(errors).toEqual([])
  })
}

test('search by keyboard only: Tab to the button, type, arrow to a result, Enter; Escape gives focus back', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 800 })
  await gotoHydrated(page, '/')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  const button = page.getByRole('button', { name: 'Search' })
  for (let i = 0; i < 10 && !(await button.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab')
  await expect(button).toBeFocused()
  await page.keyboard.press('Enter')
  const field = page.getByRole('searchbox', { name: 'Search' })
  await expect(field).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(field).toBeHidden()
  await expect(button).toBeFocused()

  await page.keyboard.press('Enter')
  // Keys typed before the dialog has focused its field would go to the page, as they would for a reader.
  await expect(field).toBeFocused()
  await page.keyboard.type('fingerprint')
  const results = page.getByRole('list', { name: 'Search results' }).getByRole('link')
  await expect(results.nth(1)).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /results?\./ })).toBeVisible()
  await attachScreenshot(page, testInfo, 'search-fingerprint-375.png')
  await page.keyboard.press('ArrowDown')
  await expect(results.nth(0)).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(results.nth(1)).toBeFocused()
  const href = (await results.nth(1).getAttribute('href')) ?? ''
  await page.keyboard.press('Enter')
  const anchor = href.split('#')[1] ?? ''
  await expect(page).toHaveURL(new RegExp(`${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`))
  if (anchor !== '') await expect(page.locator(`[id="${anchor}"]`)).toBeFocused()

  // Escape closes the dialog even with words in the field (a search field alone would only clear them).
  await button.click()
  await expect(field).toBeFocused()
  await page.keyboard.type('reap')
  await expect(results.first()).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(field).toBeHidden()
  await expect(button).toBeFocused()
})

test('code blocks have a copy button and section headings copy their link', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await gotoHydrated(page, '/cookie-decoder/')
  const block = page.locator('.code-block').first()
  await block.getByRole('button', { name: 'Copy' }).click()
  await expect(block.getByRole('button', { name: 'Copied' })).toBeVisible()
  const code = (await block.locator('pre').textContent()) ?? ''
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code)
  expect(page.locator('.code-block')).not.toHaveCount(0)
  for (const b of await page.locator('.code-block').all()) await expect(b.getByRole('button', { name: 'Copy' })).toBeVisible()

  await page.locator('h2#where-it-goes a').click()
  await expect(page.getByRole('status').filter({ hasText: 'Link to this section copied' })).toBeAttached()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/cookie-decoder\/#where-it-goes$/)
  await expect(page).toHaveURL(/#where-it-goes$/)
})

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' })
  test('after a first visit the site reloads and moves between pages with the network off', async ({ page, context }) => {
    await gotoHydrated(page, '/session/')
    await expect(page.getByRole('heading', { level: 1, name: 'Session', exact: true })).toBeVisible()
    // The service worker has installed (precached the build) and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      if (navigator.serviceWorker.controller === null) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
      }
    })
    await context.setOffline(true)
    await page.reload()
    await expect(page.getByRole('heading', { level: 1, name: 'Session', exact: true })).toBeVisible()
    // Every demo can start from the cache: each one's code is there without the network.
    await waitForHydration(page)
    await wakeDemos(page)
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'cookieDecoder' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'cookieDecoder' })).toBeVisible()
    const field = await openSearch(page, 'slash')
    await field.fill('zombie')
    await expect(page.getByRole('list', { name: 'Search results' }).getByRole('link').first()).toBeVisible()
    await context.setOffline(false)
  })
})
