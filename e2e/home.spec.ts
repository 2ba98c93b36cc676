import { test, expect } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { attachScreenshot, seriousViolations, watchErrors } from './helpers.ts'

test('home page loads without console errors and shows its heading', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/')
  await expect(page).toHaveTitle(/SessionScope/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1, name: 'SessionScope' })).toBeVisible()
  await expect(page.getByRole('banner')).toContainText('SessionScope')
  await expect(page.getByRole('main')).toBeVisible()
  await expect(page.getByRole('contentinfo')).toBeVisible()
  expect(errors).toEqual([])
})

test('the live mini-simulation: a first request makes a session, a second touches it', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto('/')
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
  expect(errors).toEqual([])
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical WCAG 2 A/AA violations (${colorScheme})`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme })
    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    expect(await seriousViolations(page, testInfo, colorScheme)).toEqual([])
  })

  for (const width of [1280, 375]) {
    test(`screenshot at ${width}px (${colorScheme})`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width, height: 800 })
      await page.emulateMedia({ colorScheme })
      await page.goto('/')
      await expect(page.getByRole('table', { name: /Sessions in the store/ })).toBeVisible()
      // Nothing may overflow sideways, least of all on a phone.
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(scrollWidth).toBeLessThanOrEqual(width)
      await attachScreenshot(page, testInfo, `home-${width}-${colorScheme}.png`)
    })
  }
}

test('axe does report an injected violation (so zero above means something)', async ({ page }) => {
  await page.goto('/')
  await page.evaluate(() => {
    const img = document.createElement('img')
    img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='
    document.querySelector('main')!.appendChild(img)
  })
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  const imageAlt = results.violations.find((v) => v.id === 'image-alt')
  expect(imageAlt?.impact).toBe('critical')
})
