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

/** Runs axe with the WCAG 2 A and AA rules; attaches the report and returns the serious and critical findings. */
export async function seriousViolations(page: Page, testInfo: TestInfo, label: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  await testInfo.attach(`axe-${label}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' })
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }))
}

/** Saves a full-page screenshot as a test artifact. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(name)
  // Animations are frozen so the capture needs one stable frame, not the end of every pulse.
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

/** Opens the playground and waits for its simulation. */
export async function openPlayground(page: Page, query = '') {
  await page.goto(`/playground${query}`)
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
