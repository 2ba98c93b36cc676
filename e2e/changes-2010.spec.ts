// The "what 2010 did" toggles of /changes: each runs its quirk's demo the old way and today's, side by side.
import { expect, test } from '@playwright/test'
import { attachScreenshot, gotoHydrated, seriousViolations, watchErrors } from './helpers.ts'

test('a 2010 toggle on /changes shows both behaviours', async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/changes')
  await expect(page.getByRole('heading', { level: 1, name: 'What changed since 2010' })).toBeVisible()

  const toggle = page.getByRole('button', { name: 'What 2010 did (Q3)' })
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const panel = page.getByRole('region', { name: 'What 2010 did (Q3)' })
  const then = panel.getByRole('table', { name: 'In 2010: destroy-answers-500' })
  const now = panel.getByRole('table', { name: 'Today: destroy-answers-500' })
  await expect(then.getByRole('row').filter({ hasText: 'GET /logout' })).toContainText("500 “TypeError: Cannot read properties of undefined (reading 'id')”")
  await expect(now.getByRole('row').filter({ hasText: 'GET /logout' })).toContainText('200 “bye”, no Set-Cookie')

  // Another entry, opened from the keyboard: the decoder's prototype names.
  const cookies = page.getByRole('button', { name: 'What 2010 did (Q7)' })
  await cookies.focus()
  await page.keyboard.press('Enter')
  const cookiePanel = page.getByRole('region', { name: 'What 2010 did (Q7)' })
  await expect(cookiePanel.getByRole('table', { name: 'In 2010: prototype-cookie-names' })).toContainText('req.cookies has theme')
  await expect(cookiePanel.getByRole('table', { name: 'Today: prototype-cookie-names' })).toContainText('req.cookies has __proto__, constructor, map, theme')

  // Closing hides the outcome again.
  await toggle.click()
  await expect(panel).toBeHidden()
  await toggle.click()
  await expect(then).toBeVisible()

  await then.scrollIntoViewIfNeeded()
  await attachScreenshot(page, testInfo, 'changes-2010-desktop.png')
  await panel.screenshot({ path: testInfo.outputPath('changes-2010-panel-light.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await panel.screenshot({ path: testInfo.outputPath('changes-2010-panel-dark.png') })
  expect(await seriousViolations(page, testInfo, 'changes-2010')).toEqual([])
  expect(errors).toEqual([])
})

test('the 2010 toggles fit a phone screen', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 800 })
  await gotoHydrated(page, '/changes#q11')
  const toggle = page.getByRole('button', { name: 'What 2010 did (Q11)' })
  await toggle.click()
  const panel = page.getByRole('region', { name: 'What 2010 did (Q11)' })
  await expect(panel.getByRole('table', { name: 'In 2010: writehead-drops-headers' })).toContainText('X-Frame-Options missing')
  await expect(panel.getByRole('table', { name: 'Today: writehead-drops-headers' })).toContainText('X-Frame-Options DENY')
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await panel.scrollIntoViewIfNeeded()
  await page.screenshot({ path: testInfo.outputPath('changes-2010-phone.png') })
})

test('Q9 says what its demo shows: any non-ASCII character, ö included, changes the key', async ({ page }) => {
  await gotoHydrated(page, '/changes#q9')
  const entry = await page.evaluate(() => {
    // The entry's prose: from its heading to the next one.
    const parts: string[] = []
    for (let node = document.getElementById('q9')?.nextElementSibling; node && !/^H[1-4]$/.test(node.tagName); node = node.nextElementSibling) parts.push(node.textContent ?? '')
    return parts.join(' ')
  })
  expect(entry).toContain('non-ASCII')
  expect(entry).not.toContain('outside Latin-1')
  await page.getByRole('button', { name: 'What 2010 did (Q9)' }).click()
  const panel = page.getByRole('region', { name: 'What 2010 did (Q9)' })
  const then = panel.getByRole('table', { name: 'In 2010: latin1-fingerprint' })
  await expect(then).toContainText('Mözilla')
  // ö is inside Latin-1, and the 2010 key is still not the UTF-8 md5.
  const [key, utf8] = await then.getByRole('row').filter({ hasText: /md5/ }).evaluateAll((rows) => rows.map((r) => /[0-9a-f]{32}/.exec(r.textContent ?? '')?.[0] ?? ''))
  expect(key).toMatch(/^[0-9a-f]{32}$/)
  expect(utf8).toMatch(/^[0-9a-f]{32}$/)
  expect(key).not.toBe(utf8)
})

test('no heading id on /changes ends in a hyphen, and the limits of 2010 mode have a clean one', async ({ page }) => {
  await gotoHydrated(page, '/changes')
  const ids = await page.locator('h2[id], h3[id], h4[id]').evaluateAll((hs) => hs.map((h) => h.id))
  expect(ids.filter((id) => id.endsWith('-'))).toEqual([])
  await expect(page.getByRole('heading', { level: 2, name: 'What 2010 mode cannot bring back' })).toHaveAttribute('id', 'limits-of-2010-mode')
})
