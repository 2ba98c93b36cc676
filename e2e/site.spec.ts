import { test, expect, type Page } from '@playwright/test'
import { checkLook, gotoHydrated, watchErrors } from './helpers.ts'

/**
 * The site's shell on plain pages, with the h1 each must show. The home page, the session page and the playground are
 * checked the same way, with their widgets in use, in their own specs.
 */
const PAGES = [
  { path: '/cookie-decoder', name: 'cookie-decoder', h1: 'cookieDecoder' },
  { path: '/changes', name: 'changes', h1: 'What changed since 2010' },
  { path: '/no-such-page', name: 'not-found', h1: 'Page not found' },
] as const

async function openPage(page: Page, path: string, h1: string) {
  await gotoHydrated(page, path)
  await expect(page.getByRole('heading', { level: 1, name: h1, exact: true })).toBeVisible()
}

for (const p of PAGES) {
  test(`${p.name}: loads cleanly; axe clean and nothing wider than the screen in both themes at 1280 and 375`, async ({ page }, testInfo) => {
    const errors = watchErrors(page)
    await page.setViewportSize({ width: 1280, height: 900 })
    await openPage(page, p.path, p.h1)
    await expect(page.getByRole('navigation', { name: 'Site' })).toBeVisible()
    await expect(page.getByRole('banner')).toContainText('SessionScope')
    await expect(page.getByRole('contentinfo')).toBeVisible()
    expect(await checkLook(page, testInfo, p.name)).toEqual([])
    await expect(page.getByRole('button', { name: 'Menu' })).toBeVisible()
    expect(errors).toEqual([])
  })
}

test('the page is usable at 360 px: the menu opens the site navigation and follows a link', async ({ page }) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 360, height: 740 })
  await openPage(page, '/', 'SessionScope')
  const menu = page.getByRole('button', { name: 'Menu' })
  const site = page.getByRole('navigation', { name: 'Site' })
  await expect(site).toBeHidden()
  await expect(menu).toHaveAttribute('aria-expanded', 'false')
  await menu.click()
  await expect(menu).toHaveAttribute('aria-expanded', 'true')
  await expect(site).toBeVisible()
  await site.getByRole('link', { name: 'cookieDecoder' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'cookieDecoder' })).toBeVisible()
  await expect(page).toHaveURL(/\/cookie-decoder\/$/)
  await expect(site).toBeHidden()
  // Escape closes the menu too, and gives focus back to its button.
  await menu.click()
  await site.getByRole('link', { name: 'Home' }).focus()
  await page.keyboard.press('Escape')
  await expect(site).toBeHidden()
  await expect(menu).toBeFocused()
  // Wherever focus is: on the menu button itself, and with nothing focused at all.
  await menu.click()
  await expect(site).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(site).toBeHidden()
  await menu.click()
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('Escape')
  await expect(site).toBeHidden()
  await expect(menu).toHaveAttribute('aria-expanded', 'false')
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  expect(errors).toEqual([])
})

test('an unknown path shows the 404 page with a link home', async ({ page }) => {
  const errors = watchErrors(page)
  await openPage(page, '/sessions/that/do/not/exist', 'Page not found')
  await expect(page).toHaveTitle(/Page not found/)
  await expect(page.getByRole('main')).toContainText('/sessions/that/do/not/exist')
  await page.getByRole('link', { name: 'Go to the home page' }).click()
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByRole('heading', { level: 1, name: 'SessionScope' })).toBeVisible()
  expect(errors).toEqual([])
})

test('links navigate without a reload, mark the current page, and Back works', async ({ page }) => {
  const errors = watchErrors(page)
  await openPage(page, '/', 'SessionScope')
  await page.evaluate(() => {
    ;(window as unknown as { marker: string }).marker = 'still here'
  })
  const site = page.getByRole('navigation', { name: 'Site' })
  await site.getByRole('link', { name: 'Session middleware' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Session', exact: true })).toBeVisible()
  await expect(page).toHaveURL(/\/session\/$/)
  await expect(page).toHaveTitle('Session middleware · SessionScope')
  await expect(site.getByRole('link', { name: 'Session middleware' })).toHaveAttribute('aria-current', 'page')
  // Focus moves to the new page's heading, so a screen reader announces it.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused()
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('still here')

  await page.goBack()
  await expect(page.getByRole('heading', { level: 1, name: 'SessionScope' })).toBeVisible()
  await page.goForward()
  await expect(page.getByRole('heading', { level: 1, name: 'Session', exact: true })).toBeVisible()
  expect(errors).toEqual([])
})

test('a deep link scrolls to its section once the page has loaded', async ({ page }) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/session#memorystore')
  const heading = page.getByRole('heading', { level: 2, name: 'MemoryStore' })
  await expect(heading).toBeInViewport()
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300)
  // The heading sits just below the sticky header, not under it.
  const top = await heading.evaluate((h) => h.getBoundingClientRect().top)
  const headerBottom = await page.getByRole('banner').evaluate((h) => h.getBoundingClientRect().bottom)
  expect(top).toBeGreaterThanOrEqual(headerBottom - 1)

  await gotoHydrated(page, '/changes#q12')
  await expect(page.locator('#q12')).toBeInViewport()
  await expect(page.locator('#q12')).toContainText('The response waits for the save')
  expect(errors).toEqual([])
})

test('"On this page" lists the h2 and h3 sections and its links jump to them', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await openPage(page, '/session', 'Session')
  const toc = page.getByRole('navigation', { name: 'On this page' })
  await expect(toc.getByRole('link')).toHaveText([
    'Options',
    'The default fingerprint',
    'A custom fingerprint',
    'Store',
    'Methods a store must define',
    'Methods a store may define',
    'Methods every store inherits',
    'MemoryStore',
    'How idle sessions are reaped',
    'The cookie it sends',
    'Session',
    'See also',
  ])
  await toc.getByRole('link', { name: 'The cookie it sends' }).click()
  await expect(page).toHaveURL(/#the-cookie-it-sends$/)
  await expect(page.getByRole('heading', { name: 'The cookie it sends' })).toBeInViewport()
  await expect(toc.getByRole('link', { name: 'The cookie it sends' })).toHaveAttribute('aria-current', 'location')
  // Section headings link to themselves, for copying a deep link.
  await expect(page.getByRole('heading', { level: 2, name: 'Options' }).getByRole('link')).toHaveAttribute('href', '#options')

  // Every quirk of the changes page has its own anchor.
  await gotoHydrated(page, '/changes')
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]) {
    await expect(page.locator(`h3#q${n}`)).toHaveCount(1)
  }
})

test('code blocks are highlighted at build time, in both themes', async ({ page }) => {
  await openPage(page, '/session', 'Session')
  const block = page.locator('pre.shiki').first()
  await expect(block).toBeVisible()
  const light = await block.locator('span[style]').first().evaluate((s) => getComputedStyle(s).color)
  await page.getByRole('button', { name: 'Dark mode' }).click()
  const dark = await block.locator('span[style]').first().evaluate((s) => getComputedStyle(s).color)
  expect(light).not.toBe(dark)
  // No highlighter reaches the browser: the page's scripts do not contain one.
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')))
  expect(scripts.some((s) => /shiki|oniguruma|highlight/i.test(s))).toBe(false)
})

test('the dark-mode toggle follows the system until pressed, then remembers', async ({ page }) => {
  const errors = watchErrors(page)
  await page.emulateMedia({ colorScheme: 'dark' })
  await openPage(page, '/', 'SessionScope')
  const html = page.locator('html')
  const toggle = page.getByRole('button', { name: 'Dark mode' })
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')

  // Following the system: it changes, the page changes.
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(html).toHaveAttribute('data-theme', 'light')
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')

  // A pick overrides the system and survives a reload and another page.
  await toggle.click()
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  expect(await page.evaluate(() => localStorage.getItem('sessionscope:theme'))).toBe('dark')
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
  expect(background).toBe('rgb(14, 17, 23)')
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'SessionScope' })).toBeVisible()
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await gotoHydrated(page, '/changes')
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'true')

  await page.getByRole('button', { name: 'Dark mode' }).click()
  await expect(html).toHaveAttribute('data-theme', 'light')
  expect(await page.evaluate(() => localStorage.getItem('sessionscope:theme'))).toBe('light')
  expect(errors).toEqual([])
})

test('? opens the shortcuts dialog; focus stays inside; Escape closes it and restores focus', async ({ page }) => {
  const errors = watchErrors(page)
  await openPage(page, '/session', 'Session')
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(dialog).toBeHidden()

  await page.keyboard.press('?')
  await expect(dialog).toBeVisible()
  await expect(dialog).toHaveAttribute('aria-modal', 'true')
  await expect(dialog).toContainText('Show the keyboard shortcuts')
  await expect(dialog).toContainText('Switch between light and dark')
  // Focus is inside and stays inside however far you tab.
  for (let i = 0; i < 6; i++) {
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true)
    await page.keyboard.press('Tab')
  }
  // Site shortcuts do nothing while the dialog is open.
  const theme = await page.locator('html').getAttribute('data-theme')
  await page.keyboard.press('t')
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme ?? 'light')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  // Opened from the header button, it gives focus back to that button.
  const button = page.getByRole('button', { name: 'Keyboard shortcuts' })
  await button.focus()
  await page.keyboard.press('Enter')
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(button).toBeFocused()

  // t switches the theme from the keyboard.
  await page.keyboard.press('t')
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', theme ?? 'light')
  expect(errors).toEqual([])
})

test('single-character shortcuts can be switched off, and keys typed in fields are left alone', async ({ page }) => {
  await openPage(page, '/cookie-decoder', 'cookieDecoder')
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  const field = page.getByLabel('Cookie header')
  await field.fill('')
  await field.pressSequentially('a=?t')
  await expect(field).toHaveValue('a=?t')
  await expect(dialog).toBeHidden()

  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
  await dialog.getByRole('checkbox', { name: /Single-character shortcuts/ }).uncheck()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.getByRole('heading', { level: 1, name: 'cookieDecoder' }).click()
  await page.keyboard.press('?')
  await expect(dialog).toBeHidden()
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'cookieDecoder' })).toBeVisible()
  await page.keyboard.press('?')
  await expect(dialog).toBeHidden()
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
  await dialog.getByRole('checkbox', { name: /Single-character shortcuts/ }).check()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  // Closing returns focus to the button, where keys are left to the button; type from the page itself.
  await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toBeFocused()
  await page.getByRole('heading', { level: 1, name: 'cookieDecoder' }).click()
  await page.keyboard.press('?')
  await expect(dialog).toBeVisible()
})

test('the skip link jumps to the content', async ({ page }) => {
  await openPage(page, '/session', 'Session')
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Skip to content' })
  await expect(skip).toBeFocused()
  await expect(skip).toBeInViewport()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('main')).toBeFocused()
})

test('the cookie lab parses SID=123;SID=somethingElse to one row sid=123 and shows the duplicate rule', async ({ page }) => {
  const errors = watchErrors(page)
  await openPage(page, '/cookie-decoder', 'cookieDecoder')
  const field = page.getByLabel('Cookie header')
  await field.fill('')
  await field.fill('SID=123;SID=somethingElse')
  const table = page.getByRole('table', { name: /Parsed cookies/ })
  const rows = table.locator('tbody tr')
  await expect(rows).toHaveCount(1)
  await expect(rows.first().getByRole('cell')).toHaveText(['sid', '123'])
  const pieces = page.getByRole('list', { name: 'How each piece was read' }).getByRole('listitem').filter({ hasText: /^Piece/ })
  await expect(pieces).toHaveCount(2)
  await expect(pieces.nth(0)).toContainText('name lowercased')
  await expect(pieces.nth(1)).toContainText('duplicate ignored — first wins')
  await expect(pieces.nth(1)).toContainText('ignored')
  await expect(page.getByText('1 cookie from 2 pieces, 1 ignored as a duplicate.')).toBeVisible()

  // Presets: a name 2010 lost, and a euro sign with no name.
  await page.getByRole('group', { name: 'Tricky cases' }).getByRole('button', { name: '__proto__=x' }).click()
  await expect(field).toHaveValue('__proto__=x')
  await expect(rows.first().getByRole('cell')).toHaveText(['__proto__', 'x'])
  await expect(page.getByText('ordinary name (2010 dropped it)')).toBeVisible()
  await page.getByRole('button', { name: '%E2%82%AC' }).click()
  await expect(rows.first().getByRole('cell')).toHaveText(['(empty)', '€'])
  await expect(page.getByText("no '=' → empty name")).toBeVisible()
  await page.getByRole('group', { name: '2010 test vectors (U-03)' }).getByRole('button', { name: 'fbs="uid=0987654321&name=Test+User"' }).click()
  await expect(rows.first().getByRole('cell')).toHaveText(['fbs', 'uid=0987654321&name=Test User'])

  // An empty header: no cookies at all, as cookieDecoder leaves it.
  await field.fill('')
  await expect(table).toContainText('No cookies')
  expect(errors).toEqual([])
})

test('the home page needs little JavaScript: other pages load on demand', async ({ page }) => {
  const scripts: string[] = []
  page.on('response', (response) => {
    if (response.url().endsWith('.js')) scripts.push(response.url())
  })
  await openPage(page, '/', 'SessionScope')
  expect(scripts.some((s) => /changes|session-|cookie-decoder|playground/.test(s))).toBe(false)
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'What changed since 2010' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'What changed since 2010' })).toBeVisible()
  expect(scripts.some((s) => /changes-/.test(s))).toBe(true)
})

// A dialog's `close` event comes a task after it closes, with focus already back on the button that opened it: a
// click or Enter on that button in between must open it again (it used to open nothing, then the late event closed
// the dialog for good). The click is made in a microtask after the close, before that event.
for (const { button, open } of [
  { button: 'Search', open: (page: Page) => page.getByRole('searchbox', { name: 'Search' }) },
  { button: 'Keyboard shortcuts', open: (page: Page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' }) },
]) {
  test(`the ${button} dialog opens again when asked at once after closing`, async ({ page }) => {
    const errors = watchErrors(page)
    await gotoHydrated(page, '/')
    const opener = page.getByRole('button', { name: button })
    await opener.click()
    await expect(open(page)).toBeVisible()
    await page.evaluate((name) => {
      const dialog = document.querySelector<HTMLDialogElement>('dialog[open]')
      const again = document.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`)
      if (dialog === null || again === null) throw new Error('no open dialog, or no button to open it again')
      dialog.close()
      queueMicrotask(() => again.click())
    }, button)
    await expect(open(page)).toBeVisible()
    await expect(page.locator('dialog[open]')).toHaveCount(1)
    await page.keyboard.press('Escape')
    await expect(open(page)).toBeHidden()
    await expect(opener).toBeFocused()
    expect(errors).toEqual([])
  })
}
