// Shared steps for the end-to-end tests: everything is found by the accessible names DESIGN.md promises.
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'

/** Collects console errors and uncaught page errors from the moment it is called. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  // A static host answers an unknown path with its 404 page and status 404, and Chromium logs that status as a
  // console error. The page itself arriving as a 404 is the expected answer; any other resource that fails counts.
  const notFoundPages = new Set<string>()
  page.on('response', (response) => {
    if (response.status() === 404 && response.request().resourceType() === 'document') notFoundPages.add(response.url())
  })
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    if (/status of 404/.test(message.text()) && notFoundPages.has(message.location().url)) return
    errors.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  return errors
}

export type Scheme = 'light' | 'dark'

/**
 * Runs axe with the WCAG 2 A and AA rules (or only colour contrast); attaches the report and returns the serious and
 * critical findings. Axe runs inside the page (its legacy mode): the site has no frames, and the default mode opens a
 * second page for every run, which made each run take twice as long.
 */
export async function seriousViolations(page: Page, testInfo: TestInfo, label: string, rules: 'all' | 'contrast' = 'all') {
  const builder = new AxeBuilder({ page }).setLegacyMode(true)
  const results = await (rules === 'all' ? builder.withTags(['wcag2a', 'wcag2aa']) : builder.withRules(['color-contrast'])).analyze()
  await testInfo.attach(`axe-${label}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' })
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }))
}

/** Switches the system colour scheme and waits for the site to follow it (it does until the reader picks a theme). */
export async function setScheme(page: Page, scheme: Scheme) {
  await page.emulateMedia({ colorScheme: scheme })
  await expect(page.locator('html')).toHaveAttribute('data-theme', scheme)
  // Some widgets fade their colours (the pipeline's layers, staggered): wait until every transition the switch
  // started has ended, so that axe measures the theme's colours and not a blend of the two.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a instanceof CSSTransition)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  )
}

/**
 * Axe in both themes on the page as it stands, light then dark, leaving it light. The themes differ only in colours
 * (the same markup, other custom properties), so the dark run checks colour contrast and the light run everything.
 */
export async function seriousInBothThemes(page: Page, testInfo: TestInfo, label: string) {
  await setScheme(page, 'dark')
  const dark = await seriousViolations(page, testInfo, `${label}-dark`, 'contrast')
  await setScheme(page, 'light')
  const light = await seriousViolations(page, testInfo, `${label}-light`)
  return [...light.map((v) => ({ ...v, theme: 'light' })), ...dark.map((v) => ({ ...v, theme: 'dark' }))]
}

/**
 * Saves a screenshot as a test artifact: the viewport (or `part`), or the whole page when E2E_FULL_SCREENSHOTS=1.
 * Whole-page captures of the long pages cost seconds each, so CI takes the cheap ones.
 */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string, part?: Locator) {
  const path = testInfo.outputPath(name)
  // Animations are frozen so the capture needs one stable frame, not the end of every pulse.
  const options = { path, animations: 'disabled', caret: 'hide' } as const
  if (part !== undefined) await part.screenshot(options)
  else await page.screenshot({ ...options, fullPage: process.env.E2E_FULL_SCREENSHOTS === '1' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

const HEIGHT_AT: Readonly<Record<number, number>> = { 1280: 900, 375: 800 }

/**
 * Checks the page as it stands at each width (1280 and 375 px unless told), in both themes: nothing pushes it
 * sideways, axe finds nothing serious, and a screenshot of each (of `part`, when given) is attached. Returns every
 * problem found, named by width and theme; the page is left light at the last width.
 */
export async function checkLook(page: Page, testInfo: TestInfo, name: string, options: { widths?: readonly number[]; part?: Locator } = {}) {
  const problems: unknown[] = []
  const widths = options.widths ?? [1280, 375]
  for (const width of widths) {
    await page.setViewportSize({ width, height: HEIGHT_AT[width] ?? 800 })
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
    if (scrollWidth > width) problems.push(`${width}px: the page is ${scrollWidth}px wide`)
    for (const scheme of ['light', 'dark'] as const) {
      await setScheme(page, scheme)
      // Every rule in the light theme at each width (the layout changes what is shown); colour contrast in the dark
      // theme at the first width, since a narrower layout shows the same colours.
      const rules = scheme === 'light' ? 'all' : width === widths[0] ? 'contrast' : null
      if (rules !== null) {
        const found = await seriousViolations(page, testInfo, `${name}-${width}-${scheme}`, rules)
        for (const v of found) problems.push({ width, scheme, ...v })
      }
      await attachScreenshot(page, testInfo, `${name}-${width}-${scheme}.png`, options.part)
    }
  }
  await setScheme(page, 'light')
  return problems
}

/**
 * Waits until the page's content has hydrated: a prerendered page shows its controls before they work, and a field
 * filled in before hydration can be reset by it.
 */
export async function waitForHydration(page: Page) {
  await expect(page.locator('.page-frame[data-hydrated]')).toBeAttached()
}

/**
 * Scrolls to each demo (or embedded exercise) that has not started yet (they start only near the viewport) and waits
 * for it to go live, then puts the scroll position back, so that a test can use any of them.
 */
export async function wakeDemos(page: Page) {
  const asleep = page.locator('[data-deferred][aria-busy="true"]')
  if ((await asleep.count()) === 0) return
  const y = await page.evaluate(() => window.scrollY)
  // One sweep down the page brings each sleeping one into view for two frames, long enough for its observer to see
  // it (once seen it starts, wherever the page scrolls next); the sweep repeats while it still wakes more of them.
  for (let left = await asleep.count(); left > 0; left = await asleep.count()) {
    await page.evaluate(async () => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
      for (const element of document.querySelectorAll('[data-deferred][aria-busy="true"]')) {
        element.scrollIntoView({ block: 'center' })
        await frame()
        await frame()
      }
    })
    await expect(asleep).not.toHaveCount(left)
  }
  await page.evaluate((top) => window.scrollTo(0, top), y)
}

/**
 * Loads `url` and waits until its page has hydrated, so the next step acts on live controls; then wakes every demo
 * on it, except where the URL names a section (the scroll position is then what the test is about).
 */
export async function gotoHydrated(page: Page, url: string) {
  await page.goto(url)
  await waitForHydration(page)
  if (!url.includes('#')) await wakeDemos(page)
}

/** Opens the playground and waits for its simulation. */
export async function openPlayground(page: Page, query = '') {
  await gotoHydrated(page, `/playground${query}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Playground' })).toBeVisible()
  await expect(storeTable(page)).toBeVisible()
}

/** The simulated browser called `name`. */
export function browserCard(page: Page, name: string): Locator {
  return page.getByRole('group', { name: new RegExp(`^${name}\\b`, 'i') })
}

/** The store table. */
export function storeTable(page: Page): Locator {
  return page.getByRole('table', { name: /Sessions in the store/ })
}

/** The store table's session rows: not the spacers around the window, nor a reaped row fading out. */
export function sessionRows(page: Page): Locator {
  return storeTable(page).locator('tbody tr[data-key]:not([data-ghost])')
}

/** A row's fingerprint, id and last access, as shown. */
export async function readRow(row: Locator): Promise<{ key: string; id: string; lastAccess: string }> {
  const code = row.locator('code')
  return {
    key: (await code.nth(0).textContent()) ?? '',
    id: (await code.nth(1).textContent()) ?? '',
    lastAccess: ((await row.locator('td').nth(2).textContent()) ?? '').trim(),
  }
}

/** Every row of the table as text, for comparing two pages. */
export async function tableText(page: Page): Promise<string[]> {
  // Screen-reader-only notes ("(new)") depend on what the last update changed, not on the state: leave them out.
  return sessionRows(page).evaluateAll((rows) =>
    rows.map((r) =>
      Array.from(r.querySelectorAll('td'), (td) => {
        const copy = td.cloneNode(true) as HTMLElement
        copy.querySelectorAll('.visually-hidden').forEach((n) => n.remove())
        return copy.textContent?.trim() ?? ''
      }).join(' | '),
    ),
  )
}

/** Sends one request from a browser and waits for its response to show on the card. */
export async function send(page: Page, name: string, path?: string) {
  const card = browserCard(page, name)
  if (path !== undefined) await card.getByRole('combobox', { name: 'Path' }).fill(path)
  // Each exchange has its own number: wait for a new one to show.
  const before = (await card.locator('.sim-response').getAttribute('data-exchange')) ?? ''
  await card.getByRole('button', { name: 'Send request' }).click()
  await expect(card.locator('.sim-response')).not.toHaveAttribute('data-exchange', before)
}

/** Advances the virtual clock by an amount in a unit. */
export async function advance(page: Page, amount: number, unit: 'ms' | 's' | 'min' | 'h') {
  const clock = page.getByRole('group', { name: 'Clock' })
  await clock.getByRole('combobox', { name: 'Unit to advance in' }).selectOption(unit)
  await clock.getByRole('spinbutton', { name: 'Advance by' }).fill(String(amount))
  await clock.getByRole('button', { name: 'Advance', exact: true }).click()
}

/**
 * Opens one of the playground dashboard's drawers ("Settings", "Scenario tools") unless it is open already; returns
 * whether it opened it.
 */
export async function openDrawer(page: Page, name: 'Settings' | 'Scenario tools'): Promise<boolean> {
  const drawer = page.getByRole('region', { name, exact: true })
  if (await drawer.isVisible()) return false
  await page.getByRole('button', { name, exact: true }).click()
  await expect(drawer).toBeVisible()
  return true
}

/** Closes a drawer of the playground dashboard. */
export async function closeDrawer(page: Page, name: 'Settings' | 'Scenario tools') {
  await page.getByRole('button', { name: `Close ${name.toLowerCase()}` }).click()
  await expect(page.getByRole('region', { name, exact: true })).toBeHidden()
}

/**
 * Sets a duration setting (reapInterval, maxAge) to an amount in a unit. On the playground the settings sit in a
 * drawer: it is opened for this and closed again.
 */
export async function setDuration(page: Page, name: 'reapInterval' | 'maxAge', amount: number, unit: 'ms' | 's' | 'min' | 'h') {
  const field = page.getByRole('spinbutton', { name, exact: true })
  const inDrawer = (await field.count()) === 0 && (await page.getByRole('button', { name: 'Settings', exact: true }).count()) > 0
  if (inDrawer) await openDrawer(page, 'Settings')
  await field.fill(String(amount))
  await field.press('Enter')
  await page.getByRole('combobox', { name: `Unit for ${name}` }).selectOption(unit)
  await expect(field).toHaveValue(String(amount))
  if (inDrawer) await closeDrawer(page, 'Settings')
}

/** The virtual time as shown. */
export function virtualTime(page: Page): Locator {
  return page.getByLabel('Virtual time')
}
