import { createHash } from 'node:crypto'
import { test, expect, type Page } from '@playwright/test'
import { checkLook, gotoHydrated, watchErrors } from './helpers.ts'

// The session page's live sections, each its own simulation, found by the names their regions carry.

async function openSession(page: Page): Promise<void> {
  await gotoHydrated(page, '/session')
  await expect(page.getByRole('heading', { level: 1, name: 'Session', exact: true })).toBeVisible()
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex')

test('journey 4: moving cookieDecoder below session (or out) makes the NOTE’s error happen, and putting it back fixes it', async ({ page }) => {
  const errors = watchErrors(page)
  await openSession(page)
  const demo = page.getByRole('region', { name: 'The stack, live' })
  const send = demo.getByRole('button', { name: 'Send request' })
  const layers = demo.getByRole('list', { name: /Layers of the stack/ }).getByRole('listitem')

  await send.click()
  await expect(demo.getByText(/Request #1: 200 views: 1/)).toBeVisible()
  await expect(layers.filter({ hasText: 'app,' })).toContainText('answered')

  await demo.getByRole('radio', { name: 'cookieDecoder below session' }).check()
  await expect(layers.first()).toContainText('session(')
  await send.click()
  const alert = demo.getByRole('alert')
  await expect(alert).toContainText('500')
  await expect(alert).toContainText('session requires cookieDecoder to work properly')
  await expect(layers.filter({ hasText: 'errorPage' })).toContainText('answered')
  await expect(layers.filter({ hasText: 'cookieDecoder()' })).toContainText('not reached')
  // The layer that raised the error is marked as the one that failed, not as passed.
  await expect(layers.filter({ hasText: 'session(' })).toContainText('failed')

  await demo.getByRole('radio', { name: 'cookieDecoder missing' }).check()
  await expect(layers.filter({ hasText: 'cookieDecoder()' })).toHaveCount(0)
  await send.click()
  await expect(alert).toContainText('request #3')
  await expect(alert).toContainText('session requires cookieDecoder to work properly')

  await demo.getByRole('radio', { name: /cookieDecoder above session/ }).check()
  await send.click()
  await expect(demo.getByRole('alert')).toHaveCount(0)
  await expect(demo.getByText(/Request #4: 200 views: 2/)).toBeVisible()
  expect(errors).toEqual([])
})

test('the fingerprint explainer shows md5(id + IP + User-Agent) equal to the store key, and outlines the input that changed', async ({ page }) => {
  const errors = watchErrors(page)
  await openSession(page)
  const demo = page.getByRole('region', { name: 'Fingerprint explainer' })
  await expect(demo.getByRole('combobox', { name: 'Fingerprint', exact: true })).toHaveValue('default')
  await demo.getByRole('button', { name: 'Send request' }).click()

  const chain = demo.locator('figure').first()
  const value = (name: string) => chain.locator(`[data-input="${name}"] .fp-input-value`).innerText()
  await expect(chain.locator('[data-input="remoteAddress"]')).toContainText('192.0.2.10')
  const id = await value('id')
  const ip = await value('remoteAddress')
  const ua = await value('userAgent')
  expect(ua).toContain('Firefox/3.6.6')
  const key = (await chain.getByTestId('fingerprint-key').innerText()).trim()
  expect(key).toMatch(/^[0-9a-f]{32}$/)
  expect(key).toBe(md5(id + ip + ua))
  // The browser's cookie carries that id.
  await expect(demo.getByRole('group', { name: /^alice/ })).toContainText(`connect.sid=${id}`)
  await expect(chain.locator('.fp-changed')).toHaveCount(0)

  // A phone leaving Wi-Fi: same cookie, new address.
  await demo.getByLabel('IP address').fill('203.0.113.7')
  await demo.getByLabel('IP address').press('Enter')
  await demo.getByRole('button', { name: 'Send request' }).click()
  const ipChip = chain.locator('[data-input="remoteAddress"]')
  await expect(ipChip).toContainText('203.0.113.7')
  await expect(ipChip).toHaveClass(/fp-changed/)
  await expect(ipChip).toContainText('changed, was 192.0.2.10')
  await expect(chain.locator('[data-input="id"]')).not.toHaveClass(/fp-changed/)
  await expect(chain.locator('[data-input="userAgent"]')).not.toHaveClass(/fp-changed/)
  const missedKey = (await chain.getByTestId('fingerprint-key').innerText()).trim()
  expect(missedKey).toBe(md5(id + '203.0.113.7' + ua))
  await expect(demo.getByText('The store had no such key: a miss.')).toBeVisible()

  // The strategy picker switches to md5(id + User-Agent): the address is no longer an input.
  await demo.getByRole('combobox', { name: 'Fingerprint', exact: true }).selectOption('user-agent')
  await demo.getByRole('button', { name: 'Send request' }).click()
  await expect(chain.locator('[data-input="remoteAddress"]')).toHaveCount(0)
  await expect(demo).toContainText('strategy user-agent')
  expect(errors).toEqual([])
})

test('the lifetime lanes mark a reap after maxAge + reapInterval, and say so in text', async ({ page }) => {
  const errors = watchErrors(page)
  await openSession(page)
  const demo = page.getByRole('region', { name: 'reapInterval and maxAge' })
  // Durations apply on Enter or on leaving the field, not on every keystroke.
  await demo.getByRole('spinbutton', { name: 'maxAge' }).fill('5')
  await demo.getByRole('spinbutton', { name: 'maxAge' }).press('Enter')
  await demo.getByRole('spinbutton', { name: 'reapInterval' }).fill('2')
  await demo.getByRole('spinbutton', { name: 'reapInterval' }).press('Enter')
  await expect(demo.getByRole('spinbutton', { name: 'maxAge' })).toHaveValue('5')
  await expect(demo).toContainText('can survive up to 7 s')
  const text = demo.getByRole('list', { name: 'Lifetime of each session' })
  await expect(text.getByRole('listitem')).toHaveCount(2)
  await expect(text).toContainText('zombie window')
  await expect(demo.locator('.lane-reap')).toHaveCount(0)

  await demo.getByLabel('Advance by').fill('10')
  await demo.getByLabel('Unit to advance in').selectOption('s')
  await demo.getByRole('button', { name: 'Advance', exact: true }).click()
  await expect(demo.locator('.lane-reap')).toHaveCount(2)
  await expect(demo.locator('.lane-reap').first()).toBeVisible()
  await expect(text).toContainText('reaped at')
  await expect(demo).toContainText('Reap removed')
  expect(errors).toEqual([])
})

test('store method buttons: length answers a number, clear empties the table, and the log lists the calls', async ({ page }) => {
  const errors = watchErrors(page)
  await openSession(page)
  const demo = page.getByRole('region', { name: 'Store methods' })
  const table = demo.getByRole('table', { name: /Sessions in the store/ })
  await expect(table).toContainText('2 sessions')

  await demo.getByRole('button', { name: 'length', exact: true }).click()
  const result = demo.getByRole('status', { name: 'Last store call' })
  await expect(result).toContainText('length() → callback(null, 2)')

  await demo.getByRole('button', { name: 'all', exact: true }).click()
  await expect(result).toContainText('all() → callback(null, [{"id":')

  await demo.getByRole('button', { name: 'destroy', exact: true }).click()
  await expect(result).toContainText('callback(null, true)')
  await expect(table).toContainText('1 session')

  await demo.getByRole('button', { name: 'clear', exact: true }).click()
  await expect(result).toContainText('1 session removed')
  await expect(table).toContainText('The store is empty.')
  await demo.getByRole('button', { name: 'length', exact: true }).click()
  await expect(result).toContainText('callback(null, 0)')

  // The middleware's own calls: alice comes back with a cookie whose session was cleared — a get that misses, a set.
  await demo.getByRole('group', { name: /^alice/ }).getByRole('button', { name: 'Send request' }).click()
  const log = demo.getByRole('log', { name: 'Store calls' })
  await expect(log).toContainText('miss: nothing')
  await expect(log.getByRole('listitem').last()).toContainText('set(')
  await expect(table).toContainText('1 session')
  // That request changed the store under the last call's answer (length 0): the box says so instead of the stale answer.
  await expect(result).not.toContainText('callback(null, 0)')
  await expect(result).toContainText('The store has changed since your last call')

  await demo.getByRole('button', { name: 'regenerate', exact: true }).click()
  await expect(log).toContainText('set(')
  await expect(demo.getByRole('row', { name: /regenerate\(req, callback\)/ })).toContainText('1')
  expect(errors).toEqual([])
})

test('session methods: touch moves lastAccess, regenerate changes id and key, destroy removes the session', async ({ page }) => {
  const errors = watchErrors(page)
  await openSession(page)
  const demo = page.getByRole('region', { name: 'Session methods' })
  await demo.getByRole('button', { name: 'Advance', exact: true }).click()
  await demo.getByRole('button', { name: 'touch()' }).click()
  const rows = demo.locator('.session-outcome tbody tr')
  await expect(rows.nth(0)).toContainText('12:00:00')
  await expect(rows.nth(1)).toContainText('12:01:00')

  await demo.getByRole('button', { name: 'regenerate()' }).click()
  await expect(demo.locator('.session-outcome')).toContainText('Regenerated')
  const before = await rows.nth(0).locator('td').nth(0).innerText()
  const after = await rows.nth(1).locator('td').nth(0).innerText()
  expect(after).not.toBe(before)

  await demo.getByRole('button', { name: 'destroy()' }).click()
  await expect(demo.locator('.session-outcome')).toContainText('Destroyed: callback(null, true)')
  await expect(rows.nth(1).locator('td').nth(0)).toHaveText('—')
  await expect(demo.getByRole('table', { name: /Sessions in the store/ })).toContainText('1 session')
  expect(errors).toEqual([])
})

test('the decision trace keeps the three steps apart and can look back at an earlier request', async ({ page }) => {
  await openSession(page)
  const demo = page.getByRole('region', { name: 'One request, step by step' })
  const send = demo.getByRole('group', { name: /^alice/ }).getByRole('button', { name: 'Send request' })
  await send.click()
  await send.click()
  for (const phase of ['The browser sends', 'The middleware decides', 'The store changes']) {
    await expect(demo.getByRole('heading', { name: phase })).toBeVisible()
  }
  const steps = demo.locator('.decision-step .decision-label')
  await expect(steps).toHaveText(['cookie sent', 'fingerprint', 'store hit', 'loaded', 'touched', 'Set-Cookie'])
  await demo.getByLabel('Request').selectOption({ index: 1 })
  await expect(steps).toHaveText(['no cookie', 'fingerprint', 'new session', 'Set-Cookie'])
})

test('the live sections work from the keyboard', async ({ page }) => {
  await openSession(page)
  const demo = page.getByRole('region', { name: 'The stack, live' })
  await demo.getByRole('button', { name: 'Send request' }).focus()
  await page.keyboard.press('Enter')
  await expect(demo.getByText(/Request #1: 200/)).toBeVisible()
  await demo.getByRole('radio', { name: /cookieDecoder above session/ }).focus()
  await page.keyboard.press('ArrowRight')
  await expect(demo.getByRole('radio', { name: 'cookieDecoder below session' })).toBeChecked()
  await demo.getByRole('button', { name: 'Send request' }).focus()
  await page.keyboard.press('Space')
  await expect(demo.getByRole('alert')).toContainText('session requires cookieDecoder to work properly')
})

test('with reduced motion the changed-input outline and the touch pulse do not animate', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await openSession(page)
  const demo = page.getByRole('region', { name: 'Fingerprint explainer' })
  await demo.getByRole('button', { name: 'Send request' }).click()
  await demo.getByLabel('IP address').fill('203.0.113.9')
  await demo.getByLabel('IP address').press('Enter')
  await demo.getByRole('button', { name: 'Send request' }).click()
  const chip = demo.locator('.fp-changed').first()
  await expect(chip).toBeVisible()
  expect(await chip.evaluate((el) => getComputedStyle(el).animationName)).toBe('none')
  const dot = page.getByRole('region', { name: 'reapInterval and maxAge' }).locator('.lane-touch').first()
  expect(await dot.evaluate((el) => getComputedStyle(el).animationName)).toBe('none')
})

test(`the session page in use: no console errors, axe clean, screenshots at 1280 and 375`, async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 900 })
  await openSession(page)
  // Bring every section to life first, so axe and the screenshots see the widgets with content.
  const stack = page.getByRole('region', { name: 'The stack, live' })
  await stack.getByRole('radio', { name: 'cookieDecoder below session' }).check()
  await stack.getByRole('button', { name: 'Send request' }).click()
  await expect(stack.getByRole('alert')).toBeVisible()
  const steps = page.getByRole('region', { name: 'One request, step by step' })
  await steps.getByRole('button', { name: 'Send request' }).first().click()
  await steps.getByRole('button', { name: 'Send request' }).first().click()
  const fp = page.getByRole('region', { name: 'Fingerprint explainer' })
  await fp.getByRole('button', { name: 'Send request' }).click()
  await fp.getByLabel('IP address').fill('203.0.113.7')
  await fp.getByLabel('IP address').press('Enter')
  await fp.getByRole('button', { name: 'Send request' }).click()
  const store = page.getByRole('region', { name: 'Store methods' })
  await store.getByRole('button', { name: 'length', exact: true }).click()
  const lanes = page.getByRole('region', { name: 'reapInterval and maxAge' })
  await lanes.getByLabel('Advance by').fill('6')
  await lanes.getByLabel('Unit to advance in').selectOption('s')
  await lanes.getByRole('button', { name: 'Advance', exact: true }).click()
  await expect(lanes.locator('.lane-reap')).toHaveCount(1)
  const session = page.getByRole('region', { name: 'Session methods' })
  await session.getByRole('button', { name: 'Advance', exact: true }).click()
  await session.getByRole('button', { name: 'touch()' }).click()

  expect(await checkLook(page, testInfo, `session-live`)).toEqual([])
  expect(errors).toEqual([])
})
