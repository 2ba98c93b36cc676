// Small things a first-time reader ran into (issue 8, section 7): each one checked as that reader would meet it.
import { expect, test } from '@playwright/test'
import { browserCard, openPlayground, send, sessionRows, setDuration, storeTable, watchErrors } from './helpers.ts'

test('the request method follows the path, and can still be changed by hand', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  const card = browserCard(page, 'alice')
  const method = card.getByRole('combobox', { name: 'Method' })
  const path = card.getByRole('combobox', { name: 'Path' })
  await expect(method).toHaveValue('GET')
  await path.fill('/logout')
  await expect(method).toHaveValue('POST')
  await path.fill('/login?user=carol')
  await expect(method).toHaveValue('POST')
  await path.fill('/')
  await expect(method).toHaveValue('GET')
  // By hand: a POST to / is the reader's choice, and typing more of the same path keeps it.
  await method.selectOption('POST')
  await path.fill('/?x=1')
  await expect(method).toHaveValue('POST')
  await send(page, 'alice')
  await expect(card.locator('.sim-response')).toContainText('POST /?x=1')
  expect(errors).toEqual([])
})

test('the store table shows its data in full on hover, and its key columns on a phone without sideways scrolling', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await send(page, 'alice', '/login?user=alice')
  const row = sessionRows(page).first()
  await expect(row.locator('.sim-cell-data')).toHaveAttribute('title', '{"user":"alice"}')

  await page.setViewportSize({ width: 375, height: 800 })
  const table = storeTable(page)
  for (const name of ['Fingerprint', 'Session id', 'Last access', 'Expires']) await expect(table.getByRole('columnheader', { name })).toBeVisible()
  const overflow = await page.locator('.sim-store-scroll').evaluate((box) => box.scrollWidth - box.clientWidth)
  expect(overflow).toBeLessThanOrEqual(1)
  expect(errors).toEqual([])
})

test('where the cookie expires at another time than the idle deadline, the store table says both', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await send(page, 'alice')
  await expect(page.locator('.sim-cookie-expiry')).toHaveCount(0)
  // The cookie keeps the expiry of its Set-Cookie (now + 4 h); the store's deadline follows the new maxAge.
  await setDuration(page, 'maxAge', 20, 'min')
  await expect(sessionRows(page).first().locator('.sim-cookie-expiry')).toContainText('cookie in 4 h')
  await expect(page.getByText("the store's idle deadline, last access + maxAge").first()).toBeVisible()
  expect(errors).toEqual([])
})
