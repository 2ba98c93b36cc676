// The lesson "Sessions on more than one server": each demo starts from its scenario, the reader can change the
// deployment, the exercise's goal is met by the reader's own actions, and the page is accessible in both themes.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { checkLook, gotoHydrated, watchErrors } from './helpers.ts'

/** The simulated browser called `name` inside a demo. */
function cardIn(region: Locator, name: string): Locator {
  return region.getByRole('group', { name: new RegExp(`^${name}\\b`, 'i') })
}

async function openLesson(page: Page) {
  await gotoHydrated(page, '/many-servers')
  // The page's chunk and five live demos: generous on a machine shared by many builds.
  await expect(page.getByRole('heading', { level: 1, name: 'Sessions on more than one server' })).toBeVisible({ timeout: 120_000 })
}

/** Sends from a browser inside one demo and waits for the response to show on its card. */
async function sendIn(page: Page, demo: string, browser: string) {
  const card = cardIn(page.getByRole('region', { name: demo }), browser)
  const before = (await card.locator('.sim-response').getAttribute('data-exchange')) ?? ''
  await card.getByRole('button', { name: 'Send request' }).click()
  await expect(card.locator('.sim-response')).not.toHaveAttribute('data-exchange', before)
}

/** The exercise embedded at the end of the lesson (its region is named by its heading). */
const EXERCISE = 'Exercise: Make a session survive a round trip through three servers'

function serverColumn(page: Page, demo: string) {
  return page
    .getByRole('region', { name: demo })
    .getByRole('table', { name: /Sessions in the store/ })
    .locator('tbody tr[data-key]:not([data-ghost]) td.sim-cell-server')
}

test('the lesson is listed under Learn and opens with every demo primed from its scenario', async ({ page }) => {
  const errors = watchErrors(page)
  await openLesson(page)
  await expect(page.getByRole('link', { name: 'Sessions on more than one server' }).first()).toBeVisible()
  // Round robin, a MemoryStore each: Alice's four requests left four sessions over three stores.
  const lost = page.getByRole('region', { name: 'Three servers, a MemoryStore each' })
  await expect(lost.getByRole('columnheader', { name: /Server/ })).toBeVisible()
  await expect(serverColumn(page, 'Three servers, a MemoryStore each')).toHaveText(['app-1', 'app-1', 'app-2', 'app-3'])
  await expect(lost.getByRole('group', { name: 'Cluster' }).locator('.sim-cluster-server-last')).toContainText('app-1')
  // Shared store: one row, held by the shared store.
  await expect(serverColumn(page, 'Three servers, one shared store')).toHaveText(['shared'])
  // Sticky by address, then a proxy: everyone ended on app-3.
  await expect(serverColumn(page, 'Sticky by address, then a proxy')).toHaveText(['app-1', 'app-2', 'app-3', 'app-3'])
  expect(errors).toEqual([])
})

test('a request in the lost-session demo goes to the next server, which misses, and the trace says where', async ({ page }) => {
  await openLesson(page)
  const demo = 'Three servers, a MemoryStore each'
  await sendIn(page, demo, 'alice')
  const trace = page.getByRole('region', { name: demo }).getByRole('group', { name: 'Decision trace' })
  await expect(trace.getByRole('heading', { name: 'The middleware decides on app-2' })).toBeVisible()
  await expect(trace.getByRole('heading', { name: "app-2's store changes" })).toBeVisible()
  await expect(trace).toContainText('store miss')
  await expect(serverColumn(page, demo)).toHaveCount(5)
})

test('behind the proxy the fingerprint uses its address; trusting the header gives back the client address', async ({ page }) => {
  await openLesson(page)
  const proxied = page.getByRole('region', { name: 'Behind a proxy, only the User-Agent binds' })
  const trace = proxied.getByRole('group', { name: 'Decision trace' })
  await expect(trace).toContainText('from address 10.0.0.1')
  await expect(trace).toContainText('store hit')
  await expect(cardIn(proxied, 'mallory').locator('.sim-response')).toContainText('alice')
  // The reader switches the proxy to trusted and sends Mallory's request again: her own address, a miss.
  await proxied.getByRole('combobox', { name: 'Reverse proxy' }).selectOption('trusted')
  await sendIn(page, 'Behind a proxy, only the User-Agent binds', 'mallory')
  await expect(trace).toContainText('from address 198.51.100.7')
  await expect(trace).toContainText('store miss')
  const trusted = page.getByRole('region', { name: "The proxy's header, trusted" }).getByRole('group', { name: 'Decision trace' })
  await expect(trusted).toContainText('from address 198.51.100.7')
})

test('the exercise: round robin loses the session; a shared store sends one session round three servers, and it is Solved', async ({ page }) => {
  await openLesson(page)
  const demo = page.getByRole('region', { name: EXERCISE })
  const status = demo.getByRole('status').filter({ hasText: /Solved|goal items met/ })
  await expect(status).toHaveText('0 of 2 goal items met')
  // A MemoryStore each: three requests, three servers, three sessions, and no item met.
  for (let i = 0; i < 3; i++) await sendIn(page, EXERCISE, 'alice')
  await expect(demo.getByRole('group', { name: 'Cluster' }).locator('.sim-cluster-server-last')).toContainText('app-3')
  await expect(status).toHaveText('0 of 2 goal items met')
  await demo.getByRole('button', { name: /^Hint/ }).click()
  await expect(demo.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1)
  // The fix: one store for every server, then a round of three requests.
  await demo.getByRole('group', { name: 'Cluster' }).getByRole('combobox', { name: 'Session store' }).selectOption('shared')
  for (let i = 0; i < 2; i++) await sendIn(page, EXERCISE, 'alice')
  await expect(status).toHaveText('1 of 2 goal items met')
  await sendIn(page, EXERCISE, 'alice')
  await expect(status).toHaveText('Solved')
  await expect(demo.getByRole('list', { name: 'Goal checklist' }).locator('[data-met="false"]')).toHaveCount(0)
  // Solving it here counts on the exercises page too.
  await expect(page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: /Exercises/ })).toContainText('1 of')
})

test(`the lesson in use: no console errors, axe clean, screenshots at 1280 and 375`, async ({ page }, testInfo) => {
  // A long page of live demos, screenshotted whole twice: on a loaded machine that takes minutes, not seconds.
  test.setTimeout(480_000)
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 900 })
  await openLesson(page)
  await sendIn(page, 'Three servers, a MemoryStore each', 'alice')
  await sendIn(page, EXERCISE, 'alice')
  await page.getByRole('region', { name: EXERCISE }).getByRole('button', { name: /^Hint/ }).click()
  expect(await checkLook(page, testInfo, `many-servers`)).toEqual([])
  expect(errors).toEqual([])
})
