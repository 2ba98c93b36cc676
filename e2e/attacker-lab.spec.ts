// The attacker lab: each case's demo opens with its verdict in words, the reader's own actions change the verdicts,
// the concatenation ambiguity is reproduced by setting an IP address, and the page is accessible in both themes.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { checkLook, gotoHydrated, watchErrors } from './helpers.ts'

function demo(page: Page, title: string): Locator {
  return page.getByRole('region', { name: title })
}

function cardIn(region: Locator, name: string): Locator {
  return region.getByRole('group', { name: new RegExp(`^${name}\\b`, 'i') })
}

function verdicts(region: Locator): Locator {
  return region.getByRole('list', { name: 'Verdict per request' }).getByRole('listitem')
}

async function openLesson(page: Page) {
  await gotoHydrated(page, '/attacker-lab')
  await expect(page.getByRole('heading', { level: 1, name: 'Hijacking and the fingerprint: the attacker lab' })).toBeVisible({ timeout: 120_000 })
}

/** Sends from a browser inside one demo and waits for the response to show on its card. */
async function sendIn(region: Locator, browser: string) {
  const card = cardIn(region, browser)
  const before = (await card.locator('.sim-response').getAttribute('data-exchange')) ?? ''
  await card.getByRole('button', { name: 'Send request' }).click()
  await expect(card.locator('.sim-response')).not.toHaveAttribute('data-exchange', before)
}

async function setField(region: Locator, browser: string, field: 'IP address' | 'User-Agent', value: string) {
  const input = cardIn(region, browser).getByRole('textbox', { name: field })
  await input.fill(value)
  await input.press('Enter')
}

test('the page is listed under Learn and every case opens with its verdict in words', async ({ page }) => {
  const errors = watchErrors(page)
  await openLesson(page)
  await expect(page.getByRole('link', { name: 'Hijacking and the fingerprint' }).first()).toBeVisible()

  const other = demo(page, 'Another network: blocked')
  await expect(verdicts(other).nth(2)).toContainText('blocked by the fingerprint')
  await expect(verdicts(other).nth(2)).toContainText('mallory (attacker)')
  const otherTable = other.getByRole('table', { name: /Fingerprint inputs/ })
  await expect(otherTable.locator('tr[data-field="id"]')).toHaveAttribute('data-same', 'true')
  await expect(otherTable.locator('tr[data-field="ip"]')).toHaveAttribute('data-same', 'false')
  await expect(otherTable.locator('tr[data-field="key"]')).toHaveAttribute('data-same', 'false')

  const nat = demo(page, 'Same NAT, same browser: hijacked')
  await expect(verdicts(nat).nth(1)).toContainText('hijacked')
  await expect(nat.getByRole('table', { name: /Fingerprint inputs/ }).locator('tr[data-field="key"]')).toHaveAttribute('data-same', 'true')

  const ua = demo(page, 'User-Agent copied: hijacked')
  await expect(verdicts(ua).nth(1)).toContainText('blocked by the fingerprint')

  const phone = demo(page, 'A phone changes network: locked out')
  await expect(verdicts(phone).nth(2)).toContainText('locked out')
  await expect(verdicts(phone).nth(3)).toContainText('locked out')
  expect(errors).toEqual([])
})

test('the instructions beside each demo work: same address hijacks, copied User-Agent hijacks, the phone is locked out again', async ({ page }) => {
  await openLesson(page)
  // Case 1: mallory moves onto alice's network, copies the cookie again and sends.
  const other = demo(page, 'Another network: blocked')
  await cardIn(other, 'alice').getByRole('button', { name: 'Copy cookie to mallory' }).click()
  await sendIn(other, 'mallory')
  await expect(other.getByRole('status').filter({ hasText: 'Latest:' })).toContainText('blocked by the fingerprint')
  await setField(other, 'mallory', 'IP address', '192.0.2.10')
  await cardIn(other, 'alice').getByRole('button', { name: 'Copy cookie to mallory' }).click()
  await sendIn(other, 'mallory')
  await expect(other.getByRole('status').filter({ hasText: 'Latest:' })).toContainText('mallory: hijacked')

  // Case 3: mallory copies alice's User-Agent out of alice's field.
  const ua = demo(page, 'User-Agent copied: hijacked')
  const aliceUa = await cardIn(ua, 'alice').getByRole('textbox', { name: 'User-Agent' }).inputValue()
  await setField(ua, 'mallory', 'User-Agent', aliceUa)
  await cardIn(ua, 'alice').getByRole('button', { name: 'Copy cookie to mallory' }).click()
  await sendIn(ua, 'mallory')
  await expect(ua.getByRole('status').filter({ hasText: 'Latest:' })).toContainText('mallory: hijacked')
  await expect(ua.getByRole('table', { name: /Fingerprint inputs/ }).locator('tr[data-field="userAgent"]')).toHaveAttribute('data-same', 'true')

  // Case 4: the phone onto the mobile network once more.
  const phone = demo(page, 'A phone changes network: locked out')
  await setField(phone, 'phone', 'IP address', '100.64.23.9')
  await sendIn(phone, 'phone')
  await expect(phone.getByRole('status').filter({ hasText: 'Latest:' })).toContainText('phone: locked out')
})

test('the concatenation ambiguity is reproduced by setting mallory’s IP address', async ({ page }) => {
  await openLesson(page)
  const region = demo(page, 'The concatenation ambiguity')
  const widget = region.getByRole('group', { name: 'Concatenation ambiguity' })
  const finding = widget.getByRole('status')
  await expect(finding).toContainText('Different strings')
  await expect(finding).toContainText('11.2.3.4')
  const victimJoined = widget.getByLabel("alice's saved session: joined string")
  const forgedJoined = widget.getByLabel('mallory with the id one character shorter: joined string')
  await expect(victimJoined).not.toHaveText((await forgedJoined.textContent()) ?? '')

  await setField(region, 'mallory', 'IP address', '11.2.3.4')
  await expect(finding).toContainText('Same string, same key')
  const joined = (await victimJoined.textContent()) ?? ''
  expect(joined).toContain('11.2.3.4')
  await expect(forgedJoined).toHaveText(joined)
  const victimMd5 = ((await widget.getByLabel("alice's saved session: md5").textContent()) ?? '').replace('md5 = ', '')
  await expect(widget.getByLabel('mallory with the id one character shorter: md5')).toHaveText(`md5 = ${victimMd5}`)
  // The key is the one alice's session is stored under.
  await expect(region.getByRole('table', { name: /Sessions in the store/ })).toContainText(victimMd5.slice(0, 8))

  await setField(region, 'mallory', 'IP address', '203.0.113.66')
  await expect(finding).toContainText('Different strings')
})

test(`the lesson in use: no console errors, axe clean, screenshots at 1280 and 375`, async ({ page }, testInfo) => {
  test.setTimeout(480_000)
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 900 })
  await openLesson(page)
  const region = demo(page, 'The concatenation ambiguity')
  await setField(region, 'mallory', 'IP address', '11.2.3.4')
  await expect(region.getByRole('status').filter({ hasText: 'Same string' })).toBeVisible()
  await expect(verdicts(demo(page, 'A phone changes network: locked out')).nth(3)).toContainText('locked out')
  expect(await checkLook(page, testInfo, `attacker-lab`)).toEqual([])
  expect(errors).toEqual([])
})
