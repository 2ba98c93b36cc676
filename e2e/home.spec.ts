import { test, expect } from '@playwright/test'
import { checkLook, gotoHydrated, watchErrors } from './helpers.ts'

test('home page loads without console errors and shows its heading', async ({ page }) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/')
  await expect(page).toHaveTitle(/SessionScope/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1, name: 'SessionScope' })).toBeVisible()
  await expect(page.getByRole('banner')).toContainText('SessionScope')
  await expect(page.getByRole('main')).toBeVisible()
  await expect(page.getByRole('contentinfo')).toBeVisible()
  expect(errors).toEqual([])
})

test('the live mini-simulation: a first request makes a session, a second touches it; axe and widths in both themes', async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/')
  const alice = page.getByRole('group', { name: /^Alice/ })
  const table = page.getByRole('table', { name: /Sessions in the store/ })
  const rows = table.locator('tbody tr[data-key]:not([data-ghost])')
  await expect(rows).toHaveCount(0)
  await alice.getByRole('button', { name: 'Send request' }).click()
  await expect(rows).toHaveCount(1)
  const key = await rows.first().locator('code').first().textContent()
  await page.getByRole('button', { name: 'Advance', exact: true }).click()
  await alice.getByRole('button', { name: 'Send request' }).click()
  await expect(alice).toContainText('views: 2')
  await expect(rows).toHaveCount(1)
  await expect(rows.first().locator('code').first()).toHaveText(key ?? '')
  await expect(rows.first().locator('td').nth(2)).toHaveText('12:01:00')
  // Bob is a different browser on a different address: a session of his own.
  await page.getByRole('group', { name: /^Bob/ }).getByRole('button', { name: 'Send request' }).click()
  await expect(rows).toHaveCount(2)
  // The page with its demo in use: axe in both themes, nothing wider than the screen at 1280 and 375.
  expect(await checkLook(page, testInfo, 'home')).toEqual([])
  expect(errors).toEqual([])
})
