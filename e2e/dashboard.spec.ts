// The playground as a dashboard: five panels on one 1280×800 screen, stacked and usable at 375 px, an Inspector
// reached from every entry point, a cookie value forged by hand, and axe clean in both themes.
import { test, expect, type Locator, type Page } from '@playwright/test'
import { attachScreenshot, browserCard, openDrawer, openPlayground, send, seriousInBothThemes, seriousViolations, sessionRows, storeTable, watchErrors } from './helpers.ts'

/** The five panels, by the names the UI contract gives them. */
function panels(page: Page) {
  return {
    browsers: page.getByRole('region', { name: 'Browsers', exact: true }),
    store: page.getByRole('region', { name: 'Store', exact: true }),
    clock: page.getByRole('group', { name: 'Clock' }),
    log: page.getByRole('log', { name: 'Event log' }),
    inspector: page.getByRole('region', { name: 'Inspector', exact: true }),
  }
}

function inspector(page: Page): Locator {
  return page.getByRole('region', { name: 'Inspector', exact: true })
}

test('at 1280×800 the five panels are on one screen without scrolling the page', async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openPlayground(page)
  await send(page, 'alice')
  await send(page, 'bob')
  await send(page, 'alice')
  await page.getByRole('log', { name: 'Event log' }).getByRole('button').first().click()
  await expect(inspector(page)).toContainText('Request #1')
  expect(await page.evaluate(() => window.scrollY)).toBe(0)
  await attachScreenshot(page, testInfo, 'dashboard-1280x800.png')
  for (const [name, panel] of Object.entries(panels(page))) {
    const box = await panel.boundingBox()
    expect(box, name).not.toBeNull()
    if (box === null) continue
    expect(box.x, `${name} left`).toBeGreaterThanOrEqual(0)
    expect(box.y, `${name} top`).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width, `${name} right`).toBeLessThanOrEqual(1280)
    expect(box.y + box.height, `${name} bottom`).toBeLessThanOrEqual(800)
    expect(box.height, `${name} height`).toBeGreaterThan(60)
  }
  // Nothing pushes the page sideways either.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280)
  expect(errors).toEqual([])
})

test('at 375 px the panels stack and each one works', async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 375, height: 800 })
  await openPlayground(page)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  const p = panels(page)
  // Browsers: send from one.
  await send(page, 'alice')
  // Store: a row, and it opens the Inspector.
  await expect(sessionRows(page)).toHaveCount(1)
  await storeTable(page).getByRole('button', { name: /^Inspect session/ }).click()
  await expect(inspector(page)).toContainText('Session ')
  await expect(inspector(page)).toBeInViewport()
  // Clock: advance a minute.
  await p.clock.getByRole('spinbutton', { name: 'Advance by' }).fill('1')
  await p.clock.getByRole('button', { name: 'Advance', exact: true }).click()
  await expect(page.getByLabel('Virtual time')).toContainText('+00:01:00')
  // Event log: an entry opens the Inspector, which comes into view.
  await p.log.getByRole('button').first().click()
  await expect(inspector(page)).toContainText('Request #1')
  await expect(inspector(page)).toBeInViewport()
  await inspector(page).getByRole('button', { name: 'Close' }).click()
  await expect(inspector(page)).toContainText('Pick something to look into')
  // Drawers cover the screen and close again.
  await openDrawer(page, 'Settings')
  await expect(page.getByRole('spinbutton', { name: 'maxAge', exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Close settings' }).click()
  await expect(page.getByRole('region', { name: 'Settings', exact: true })).toBeHidden()
  for (const panel of Object.values(p)) await expect(panel).toBeVisible()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
  await attachScreenshot(page, testInfo, 'dashboard-375.png')
  expect(errors).toEqual([])
})

test('the Inspector opens from a log entry, a store row, a request on the timeline and a browser’s last request', async ({ page }) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openPlayground(page)
  await send(page, 'alice', '/login?user=alice')
  await send(page, 'bob')
  await send(page, 'alice', '/whoami')
  const insp = inspector(page)
  await expect(insp).toContainText('Pick something to look into')

  await page.getByRole('log', { name: 'Event log' }).getByRole('button').first().click()
  await expect(insp).toContainText('Request #1: alice POST /login?user=alice')
  await expect(insp.getByRole('group', { name: 'Decision trace' })).toContainText('The middleware decides')
  await expect(insp).toContainText('The request sent no session cookie')
  await expect(insp.getByRole('heading', { name: 'Set-Cookie sent' })).toBeVisible()
  await expect(insp).toContainText(/connect\.sid=[0-9a-f]+;/)

  await sessionRows(page).first().getByRole('button', { name: /^Inspect session/ }).click()
  await expect(insp).toContainText("The session's data")
  await expect(insp).toContainText('Cookie held by')

  await page.getByRole('list', { name: 'Requests on the timeline' }).getByRole('button', { name: /^Request #2 / }).click()
  await expect(insp).toContainText('Request #2: bob GET /')

  await browserCard(page, 'alice').getByRole('button', { name: /^Inspect the last request/ }).click()
  await expect(insp).toContainText('Request #3: alice GET /whoami')
  // A returning request: its fingerprint inputs stand beside the saved session's, and all match.
  await expect(insp.getByRole('table', { name: 'Fingerprint inputs compared' })).toContainText('remoteAddress')
  await expect(insp).toContainText('Every input matches')
  expect(errors).toEqual([])
})

test('a cookie value edited by hand: a forged id is refused by the fingerprint, then accepted without one', async ({ page }) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openPlayground(page)
  await send(page, 'alice', '/login?user=alice')
  await send(page, 'bob')
  const alice = browserCard(page, 'alice')
  const bob = browserCard(page, 'bob')
  const victim = await alice.getByRole('textbox', { name: 'Value of connect.sid' }).inputValue()
  expect(victim).toMatch(/^[0-9a-f]{16,}$/)
  await expect(alice.getByRole('table', { name: 'Cookies of alice' })).toContainText(/connect\.sid=[0-9a-f]+; .*httpOnly/i)

  // The one-field forgery: Bob's cookie now carries Alice's id.
  const value = bob.getByRole('textbox', { name: 'Value of connect.sid' })
  await value.fill(victim)
  await value.press('Enter')
  await expect(page.getByRole('log', { name: 'Event log' })).toContainText(`you set bob's connect.sid cookie by hand`)
  await expect(bob.getByRole('table', { name: 'Cookies of bob' })).toContainText('none: copied or set by hand')
  await send(page, 'bob', '/whoami')
  // Another address and browser: the key differs, so a new session, and the Inspector shows why.
  await expect(bob.locator('.sim-response')).toContainText('new session')
  await bob.getByRole('button', { name: /^Inspect the last request/ }).click()
  const insp = inspector(page)
  await expect(insp.getByRole('table', { name: 'Fingerprint inputs compared' })).toContainText('differs')
  await expect(insp).toContainText('An input differs')

  // A value no Cookie header can carry is refused beside the field, and changes nothing.
  await value.fill('has space')
  await value.press('Enter')
  await expect(bob.getByRole('alert')).toContainText('without spaces')
  await value.press('Escape')

  // Without a fingerprint the same forgery is a hijack. (Sessions saved under the old fingerprint are not found under
  // the new one, so Alice logs in again first.)
  await openDrawer(page, 'Settings')
  await page.getByRole('combobox', { name: 'Fingerprint', exact: true }).selectOption('none')
  await page.getByRole('button', { name: 'Close settings' }).click()
  await send(page, 'alice', '/login?user=alice')
  const fresh = await alice.getByRole('textbox', { name: 'Value of connect.sid' }).inputValue()
  expect(fresh).not.toBe(victim)
  await value.fill(fresh)
  await value.press('Enter')
  await send(page, 'bob', '/whoami')
  await expect(bob.locator('.sim-response')).toContainText('alice')
  await expect(bob.locator('.sim-response')).not.toContainText('new session')
  await expect(page.getByRole('log', { name: 'Event log' })).toContainText('you changed a setting: fingerprint none')
  expect(errors).toEqual([])
})

test('the store filters by holder, prefix and state; teaching speed and lifetime lanes are one click away', async ({ page }) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openPlayground(page)
  await send(page, 'alice')
  await send(page, 'bob')
  await expect(sessionRows(page)).toHaveCount(2)
  const store = page.getByRole('search', { name: 'Filter the store' })
  await store.getByRole('combobox', { name: 'Held by' }).selectOption('bob')
  await expect(sessionRows(page)).toHaveCount(1)
  await expect(sessionRows(page)).toContainText('bob')
  await store.getByRole('combobox', { name: 'Held by' }).selectOption('')
  const id = await browserCard(page, 'alice').getByRole('textbox', { name: 'Value of connect.sid' }).inputValue()
  await store.getByRole('textbox', { name: 'Id or fingerprint starts with' }).fill(id.slice(0, 5))
  await expect(sessionRows(page)).toHaveCount(1)
  await expect(sessionRows(page)).toContainText('alice')
  await store.getByRole('textbox', { name: 'Id or fingerprint starts with' }).fill('')
  await store.getByRole('combobox', { name: 'Show' }).selectOption('zombie')
  await expect(sessionRows(page)).toHaveCount(0)

  await page.getByRole('button', { name: 'Teaching speed' }).click()
  await expect(page.getByRole('button', { name: 'Teaching speed' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('status').filter({ hasText: 'maxAge 30 s' })).toBeVisible()
  await expect(page.getByRole('log', { name: 'Event log' })).toContainText('you changed a setting: maxAge 30 s, reapInterval 10 s')
  // 31 s on, both sessions are past maxAge: zombies until the next reap.
  await page.getByRole('spinbutton', { name: 'Advance by' }).fill('31')
  await page.getByRole('combobox', { name: 'Unit to advance in' }).selectOption('s')
  await page.getByRole('button', { name: 'Advance', exact: true }).click()
  await page.getByRole('button', { name: 'Step to next reap' }).click()
  await expect(sessionRows(page)).toHaveCount(0)
  await expect(page.getByRole('log', { name: 'Event log' })).toContainText('reap removed 2 sessions')

  await page.getByRole('button', { name: 'Lifetime lanes' }).click()
  await expect(page.getByRole('button', { name: 'Lifetime lanes' })).toHaveAttribute('aria-pressed', 'true')
  await expect(storeTable(page)).toHaveCount(0)
  await page.getByRole('button', { name: 'Lifetime lanes' }).click()
  await expect(storeTable(page)).toBeVisible()
  expect(errors).toEqual([])
})

test('axe finds nothing serious in either theme with the Inspector and the drawers open', async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openPlayground(page)
  await send(page, 'alice')
  await send(page, 'alice')
  await page.getByRole('log', { name: 'Event log' }).getByRole('button').last().click()
  await expect(inspector(page)).toContainText('Request #2')
  expect(await seriousInBothThemes(page, testInfo, 'dashboard')).toEqual([])
  await attachScreenshot(page, testInfo, 'dashboard-1280x800.png')
  await openDrawer(page, 'Scenario tools')
  expect(await seriousViolations(page, testInfo, 'dashboard-scenarios')).toEqual([])
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(page.getByRole('region', { name: 'Settings', exact: true })).toBeVisible()
  expect(await seriousInBothThemes(page, testInfo, 'dashboard-settings')).toEqual([])
  await attachScreenshot(page, testInfo, 'dashboard-settings.png')
  await page.setViewportSize({ width: 375, height: 800 })
  await page.keyboard.press('Escape')
  expect(await seriousViolations(page, testInfo, 'dashboard-375')).toEqual([])
  expect(errors).toEqual([])
})
