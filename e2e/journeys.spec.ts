// The reader journeys of issue 4, in Chromium, finding everything by the names DESIGN.md promises.
import { createHash } from 'node:crypto'
import { test, expect } from '@playwright/test'
import {
  advance,
  browserCard,
  gotoHydrated,
  openDrawer,
  openPlayground,
  readRow,
  send,
  sessionRows,
  setDuration,
  storeTable,
  tableText,
  virtualTime,
  watchErrors,
} from './helpers.ts'

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

test('1: a browser sends two requests: one session, keyed md5(id + IP + User-Agent), same id, last access moves', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  const alice = browserCard(page, 'alice')
  const ip = await alice.getByRole('textbox', { name: 'IP address' }).inputValue()
  const ua = await alice.getByRole('textbox', { name: 'User-Agent' }).inputValue()
  await expect(sessionRows(page)).toHaveCount(0)

  await send(page, 'alice')
  await expect(sessionRows(page)).toHaveCount(1)
  const first = await readRow(sessionRows(page).first())
  expect(first.id).toMatch(/^[0-9a-f]{16,}$/)
  expect(first.key).toBe(md5(first.id + ip + ua))
  // The browser now holds the id in its cookie, shown in its cookie table (the value is an editable field).
  await expect(alice.getByRole('table', { name: 'Cookies of alice' })).toContainText('connect.sid')
  await expect(alice.getByRole('textbox', { name: 'Value of connect.sid' })).toHaveValue(first.id)

  await advance(page, 90, 's')
  await send(page, 'alice')
  await expect(sessionRows(page)).toHaveCount(1)
  const second = await readRow(sessionRows(page).first())
  expect(second.id).toBe(first.id)
  expect(second.key).toBe(first.key)
  expect(second.lastAccess).not.toBe(first.lastAccess)
  expect(second.lastAccess).toBe('12:01:30')
  await expect(alice).toContainText('views: 2')
  // The log tells the story of both requests, newest last.
  const log = page.getByRole('log', { name: 'Event log' })
  await expect(log.getByRole('listitem')).toHaveCount(2)
  await expect(log.getByRole('listitem').first()).toContainText('alice GET / → no cookie sent')
  await expect(log.getByRole('listitem').first()).toContainText('new session')
  await expect(log.getByRole('listitem').last()).toContainText('cookie sent → fingerprint')
  await expect(log.getByRole('listitem').last()).toContainText('store hit')
  expect(errors).toEqual([])
})

test('2: maxAge 5 s, reapInterval 2 s: the session is reaped at the first reap after it went stale, and the timeline marks it', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await setDuration(page, 'maxAge', 5, 's')
  await setDuration(page, 'reapInterval', 2, 's')
  await openDrawer(page, 'Settings')
  await expect(page.getByText('5,000 ms')).toBeVisible()
  await expect(page.getByText('2,000 ms')).toBeVisible()
  await page.getByRole('button', { name: 'Close settings' }).click()

  await send(page, 'alice')
  await expect(sessionRows(page)).toHaveCount(1)
  const clock = page.getByRole('group', { name: 'Clock' })
  const marks = page.getByRole('list', { name: 'Reaps on the timeline' }).getByRole('listitem')

  // Reaps at +2 s and +4 s find it idle for less than 5 s: it stays (marked stale before the +6 s reap).
  await clock.getByRole('button', { name: 'Step to next reap' }).click()
  await expect(virtualTime(page)).toContainText('12:00:02')
  await clock.getByRole('button', { name: 'Step to next reap' }).click()
  await expect(virtualTime(page)).toContainText('12:00:04')
  await expect(sessionRows(page)).toHaveCount(1)
  await expect(sessionRows(page).first()).toContainText('stale')
  await expect(marks).toHaveCount(0)

  // Past maxAge and not yet reaped: a zombie.
  await advance(page, 1500, 'ms')
  await expect(sessionRows(page).first()).toContainText('zombie')

  // The +6 s reap is the first after it went stale: it goes, and a mark stays on the timeline.
  await advance(page, 10, 's')
  await expect(virtualTime(page)).toContainText('12:00:15.5')
  await expect(sessionRows(page)).toHaveCount(0)
  await expect(marks).toHaveCount(1)
  await expect(marks.first()).toContainText('12:00:06: reap removed 1 session')
  await expect(page.getByRole('log', { name: 'Event log' })).toContainText('reap removed 1 session')

  // Scrubbing the timeline back to before that reap brings the row back.
  const timeline = page.getByRole('slider', { name: /Timeline/ })
  await timeline.focus()
  await page.keyboard.press('Home')
  await expect(virtualTime(page)).toContainText('12:00:00 UTC')
  await expect(sessionRows(page)).toHaveCount(1)
  expect(errors).toEqual([])
})

test('3: a cookie copied into a browser with another IP gets a new session; the victim keeps theirs', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await send(page, 'alice')
  const victim = await readRow(sessionRows(page).first())

  const alice = browserCard(page, 'alice')
  await alice.getByRole('combobox', { name: 'Browser to copy the cookie into' }).selectOption('bob')
  await alice.getByRole('button', { name: 'Copy cookie to bob' }).click()
  const bob = browserCard(page, 'bob')
  await expect(bob.getByRole('textbox', { name: 'Value of connect.sid' })).toHaveValue(victim.id)
  expect(await bob.getByRole('textbox', { name: 'IP address' }).inputValue()).not.toBe(await alice.getByRole('textbox', { name: 'IP address' }).inputValue())

  await send(page, 'bob')
  await expect(bob).toContainText('new session')
  await expect(sessionRows(page)).toHaveCount(2)
  await expect(bob.getByRole('textbox', { name: 'Value of connect.sid' })).not.toHaveValue(victim.id)

  await send(page, 'alice')
  await expect(alice).toContainText('views: 2')
  const ids = await sessionRows(page).evaluateAll((rows) => rows.map((r) => r.querySelectorAll('code')[1]?.textContent))
  expect(ids).toContain(victim.id)
  expect(errors).toEqual([])
})

test('4 (playground): with cookieDecoder below session, the request fails with the error shown', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await openDrawer(page, 'Settings')
  await page.getByRole('combobox', { name: 'cookieDecoder placement' }).selectOption('decoder-after')
  await send(page, 'alice')
  const alice = browserCard(page, 'alice')
  await expect(alice.locator('.sim-response')).toContainText('500')
  await expect(page.getByRole('log', { name: 'Event log' }).getByRole('listitem').last()).toContainText('error')
  await page.getByRole('combobox', { name: 'cookieDecoder placement' }).selectOption('decoder-first')
  await send(page, 'alice')
  await expect(alice.locator('.sim-response')).toContainText('200')
  expect(errors).toEqual([])
})

test('5: a shared link restores the same store table in a new page', async ({ page, context }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await send(page, 'alice')
  await advance(page, 3, 'min')
  await send(page, 'bob')
  await send(page, 'alice', '/login?user=alice')
  await setDuration(page, 'maxAge', 20, 'min')
  await advance(page, 30, 'min')
  await send(page, 'bob')
  const expected = await tableText(page)
  expect(expected.length).toBeGreaterThan(0)
  const time = await virtualTime(page).textContent()

  await openDrawer(page, 'Scenario tools')
  await page.getByRole('button', { name: 'Make a link to this state' }).click()
  const link = await page.getByRole('textbox', { name: 'Link to this state' }).inputValue()
  expect(link).toMatch(/\/playground\/?\?state=2\./)

  const other = await context.newPage()
  const otherErrors = watchErrors(other)
  await gotoHydrated(other, link)
  await expect(storeTable(other)).toBeVisible()
  await expect(virtualTime(other)).toHaveText(time ?? '')
  await expect.poll(() => tableText(other)).toEqual(expected)
  await openDrawer(other, 'Settings')
  await expect(other.getByRole('spinbutton', { name: 'maxAge', exact: true })).toHaveValue('20')
  expect(errors).toEqual([])
  expect(otherErrors).toEqual([])
})

test('6: the playground works from the keyboard alone', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  const focusedName = () => page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    const group = el?.closest('[role="group"]')?.getAttribute('aria-labelledby')
    return `${el?.textContent?.trim() ?? ''} in ${group ? document.getElementById(group)?.textContent : ''}`
  })
  // Tab to alice's Send request and press Enter.
  for (let i = 0; i < 40 && !/^Send request in alice/.test(await focusedName()); i++) await page.keyboard.press('Tab')
  expect(await focusedName()).toMatch(/^Send request in alice/)
  await page.keyboard.press('Enter')
  await expect(sessionRows(page)).toHaveCount(1)
  await page.keyboard.press('Enter')
  await expect(browserCard(page, 'alice')).toContainText('views: 2')

  // → steps to the next event (the 10-minute reap), Shift+→ to the reap after it.
  await page.keyboard.press('ArrowRight')
  await expect(virtualTime(page)).toContainText('12:10:00')
  await page.keyboard.press('Shift+ArrowRight')
  await expect(virtualTime(page)).toContainText('12:20:00')

  // Space plays and pauses once focus is off a button (on the store table's scroll area).
  const play = page.getByRole('button', { name: /^(Play|Pause)$/ })
  await expect(play).toHaveText(/Play/)
  while (!(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'region'))) await page.keyboard.press('Tab')
  await page.keyboard.press('Space')
  await expect(play).toHaveText(/Pause/)
  await page.keyboard.press('Space')
  await expect(play).toHaveText(/Play/)

  // A setting, typed and applied with Enter, in the Settings drawer opened from the keyboard.
  await page.getByRole('button', { name: 'Settings', exact: true }).focus()
  await page.keyboard.press('Enter')
  const maxAge = page.getByRole('spinbutton', { name: 'maxAge', exact: true })
  for (let i = 0; i < 80 && !(await maxAge.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
  await expect(maxAge).toBeFocused()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('2')
  await page.keyboard.press('Enter')
  await expect(page.getByText('7,200,000 ms')).toBeVisible()

  // The timeline, from the keyboard: Home goes back to the start (the requests were sent then), End returns.
  const timeline = page.getByRole('slider', { name: /Timeline/ })
  const latest = (await virtualTime(page).textContent()) ?? ''
  await timeline.focus()
  await page.keyboard.press('Home')
  await expect(virtualTime(page)).toContainText('12:00:00 UTC')
  await expect(page.getByText('7,200,000 ms')).toBeHidden()
  await page.keyboard.press('End')
  await expect(virtualTime(page)).toHaveText(latest)
  await expect(page.getByText('7,200,000 ms')).toBeVisible()
  await expect(sessionRows(page)).toHaveCount(1)
  expect(errors).toEqual([])
})
