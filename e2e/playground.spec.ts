// The playground beyond the journeys: presets, scenario files, links that are damaged or carry code, the burst, and
// accessibility with the widgets full of state.
import { test, expect, type Page } from '@playwright/test'
import { advance, browserCard, checkLook, gotoHydrated, openDrawer, openPlayground, send, sessionRows, setDuration, storeTable, tableText, virtualTime, watchErrors } from './helpers.ts'

async function loadPreset(page: Page, title: RegExp) {
  await openDrawer(page, 'Scenario tools')
  const picker = page.getByRole('combobox', { name: 'Scenario', exact: true })
  const value = await picker.locator('option').filter({ hasText: title }).getAttribute('value')
  await picker.selectOption(value ?? '')
  await page.getByRole('button', { name: 'Load scenario' }).click()
}

test('a scenario preset loads: its title and description show, and the store holds what it should', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await loadPreset(page, /stolen cookie used from another IP/i)
  await expect(page.getByText(/Mallory copies Alice's connect.sid/)).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Loaded “A stolen cookie used from another IP is refused”.' })).toBeVisible()
  await expect(browserCard(page, 'mallory')).toBeVisible()
  await expect(sessionRows(page)).toHaveCount(2)
  await expect(browserCard(page, 'mallory')).toContainText('anonymous')
  expect(errors).toEqual([])
})

test('export then import gives the same world; a broken file is refused and changes nothing', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await send(page, 'alice')
  await advance(page, 2, 'min')
  await send(page, 'bob', '/login?user=bob')
  await browserCard(page, 'bob').getByRole('combobox', { name: 'Method' }).selectOption('POST')
  await send(page, 'bob')
  const before = await tableText(page)
  const time = await virtualTime(page).textContent()

  await openDrawer(page, 'Scenario tools')
  await page.getByRole('button', { name: 'Export scenario' }).click()
  // The scenario format is fetched on first use: wait for the export to be there.
  await expect(page.getByRole('status').filter({ hasText: 'Exported.' })).toBeVisible()
  const json = page.getByRole('textbox', { name: 'Scenario JSON' })
  const exported = JSON.parse(await json.inputValue()) as { version: number; actions: unknown[] }
  expect(exported.version).toBe(2)
  expect(exported.actions.length).toBeGreaterThan(2)

  // A broken edit: refused with the loader's reason, and the world is untouched.
  await json.fill((await json.inputValue()).replace('"version": 2', '"version": 7'))
  await page.getByRole('button', { name: 'Import this JSON' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Not loaded, the playground is unchanged.' })).toContainText('version')
  expect(await tableText(page)).toEqual(before)
  await json.fill('{ not json')
  await page.getByRole('button', { name: 'Import this JSON' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'not valid JSON' })).toBeVisible()
  expect(await tableText(page)).toEqual(before)

  // The real file, imported after starting over, rebuilds the same store.
  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(sessionRows(page)).toHaveCount(0)
  await json.fill(JSON.stringify(exported))
  await page.getByRole('button', { name: 'Import this JSON' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Loaded “My playground”.' })).toBeVisible()
  // The status can show a frame before the windowed table draws the loaded rows: wait for them.
  await expect.poll(() => tableText(page)).toEqual(before)
  await expect(virtualTime(page)).toHaveText(time ?? '')
  expect(errors).toEqual([])
})

test('a damaged or malformed link says so and opens the default playground', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await send(page, 'alice')
  await openDrawer(page, 'Scenario tools')
  await page.getByRole('button', { name: 'Make a link to this state' }).click()
  const link = await page.getByRole('textbox', { name: 'Link to this state' }).inputValue()
  const cut = link.slice(0, -12)
  await gotoHydrated(page, cut)
  await expect(page.getByRole('alert').filter({ hasText: 'The link could not be opened' })).toContainText(/altered or cut short|damaged/)
  await expect(sessionRows(page)).toHaveCount(0)
  await expect(browserCard(page, 'alice')).toBeVisible()

  await gotoHydrated(page, '/playground?state=not-a-state')
  await expect(page.getByRole('alert').filter({ hasText: 'The link could not be opened' })).toContainText('malformed')
  await gotoHydrated(page, link.replace('state=2.', 'state=9.'))
  await expect(page.getByRole('alert').filter({ hasText: 'The link could not be opened' })).toContainText('version 9')
  await page.getByRole('button', { name: 'Dismiss' }).click()
  await expect(page).toHaveURL(/\/playground\/$/)
  expect(errors).toEqual([])
})

/** Types a custom fingerprint and waits until the sandbox has compiled it and the world uses it. */
async function useCustomFingerprint(page: Page, source: string) {
  await openDrawer(page, 'Settings')
  await page.getByRole('combobox', { name: 'Fingerprint', exact: true }).selectOption('custom')
  await page.getByRole('textbox', { name: 'Fingerprint function source' }).fill(source)
  await page.getByRole('button', { name: 'Use this function' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'This function is in force.' })).toBeVisible()
}

test('a custom fingerprint that never ends is stopped with a clear error, and the page stays responsive', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  // The sandbox is fetched on first use of custom code, not with the page.
  const wasmLoaded = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('.wasm')))
  expect(await wasmLoaded()).toBe(false)
  await useCustomFingerprint(page, '(req) => { while (true) {} }')
  expect(await wasmLoaded()).toBe(true)
  await send(page, 'alice')
  await expect(browserCard(page, 'alice').locator('.sim-response')).toContainText('500')
  await expect(page.getByRole('log', { name: 'Event log' })).toContainText('ran longer than 50 ms and was stopped')
  // The tab was never frozen: the next clicks are answered, and a sound fingerprint serves requests again.
  await page.getByRole('combobox', { name: 'Fingerprint', exact: true }).selectOption('default')
  await send(page, 'alice')
  await expect(sessionRows(page)).toHaveCount(1)
  expect(errors).toEqual([])
})

test('a custom fingerprint in a link is shown whole and runs only after the reader allows it', async ({ page, context }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  // 3,000 spaces would push the code out of view; the prompt folds them into a mark.
  const code = "(req) => md5('salt:' + req.session.id)"
  const source = `${' '.repeat(3000)}${code}`
  await useCustomFingerprint(page, source)
  await send(page, 'alice')
  await send(page, 'alice')
  await expect(browserCard(page, 'alice')).toContainText('views: 2')
  const expected = await tableText(page)
  await openDrawer(page, 'Scenario tools')
  await page.getByRole('button', { name: 'Make a link to this state' }).click()
  const link = await page.getByRole('textbox', { name: 'Link to this state' }).inputValue()

  const other = await context.newPage()
  const otherErrors = watchErrors(other)
  // Anything the link's code would do is visible: count calls by watching the store table fill.
  await gotoHydrated(other, link)
  const gate = other.getByRole('region', { name: 'This link wants to run code' })
  await expect(gate).toBeVisible()
  const shown = gate.getByLabel('Fingerprint function 1 from the link')
  await expect(shown).toHaveText(`⟨3,000 spaces⟩${code}`)
  await expect(gate).toContainText('1 line, 3,038 characters')
  // Scrolled to, the prompt shows the payload itself: nothing runs off to the right.
  await shown.scrollIntoViewIfNeeded()
  await expect(shown.getByText(code)).toBeInViewport()
  expect(await shown.evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true)
  // Until allowed: the default playground, nothing from the link.
  await expect(sessionRows(other)).toHaveCount(0)
  await gate.getByRole('button', { name: 'Allow and run this code' }).click()
  await expect(gate).toBeHidden()
  await expect.poll(() => tableText(other)).toEqual(expected)
  expect(errors).toEqual([])
  expect(otherErrors).toEqual([])

  // Declining keeps the default playground and drops the link from the address.
  await gotoHydrated(other, link)
  await other.getByRole('button', { name: 'Keep the default playground' }).click()
  await expect(other).toHaveURL(/\/playground\/$/)
  await expect(sessionRows(other)).toHaveCount(0)
})

test('a bad setting shows the library message and changes nothing', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await openDrawer(page, 'Settings')
  const reap = page.getByRole('spinbutton', { name: 'reapInterval', exact: true })
  await reap.fill('0')
  await reap.press('Enter')
  await expect(page.getByRole('alert').filter({ hasText: /reapInterval/ })).toBeVisible()
  await expect(page.getByText('600,000 ms')).toBeVisible()
  const ip = browserCard(page, 'alice').getByRole('textbox', { name: 'IP address' })
  await ip.fill('')
  await ip.press('Enter')
  await expect(browserCard(page, 'alice').getByRole('alert')).toContainText('IP address')
  await expect(ip).toHaveValue('')
  await ip.fill('10.0.0.1')
  await ip.press('Enter')
  await expect(browserCard(page, 'alice').getByRole('alert')).toBeHidden()
  expect(errors).toEqual([])
})

test('browsers can be added and removed', async ({ page }) => {
  await openPlayground(page)
  const add = page.getByRole('form', { name: 'Add a browser' })
  await add.getByRole('textbox', { name: 'Name' }).fill('carol')
  await add.getByRole('combobox', { name: 'Browser' }).selectOption({ label: 'iPhone, iOS 4' })
  await add.getByRole('textbox', { name: 'Address' }).fill('198.51.100.99')
  await add.getByRole('button', { name: 'Add browser' }).click()
  const carol = browserCard(page, 'carol')
  await expect(carol).toContainText('Safari on iOS')
  await send(page, 'carol')
  await expect(sessionRows(page)).toHaveCount(1)
  await carol.getByRole('button', { name: 'Remove browser carol' }).click()
  await expect(carol).toBeHidden()
})

test('10,000 requests from the burst fill the store, and the table still scrolls', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await page.getByRole('button', { name: 'Send 10,000 requests' }).click()
  await expect(page.getByText('Sent 10,000 requests.')).toBeVisible()
  const table = storeTable(page)
  await expect(table).toHaveAttribute('aria-rowcount', '10001')
  await expect(table.getByRole('caption')).toContainText('10,000 sessions')
  // Only a window of rows is in the DOM; scrolling to the end shows the last rows.
  expect(await sessionRows(page).count()).toBeLessThan(80)
  const box = page.getByRole('region', { name: /Sessions in the store/ })
  await box.evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect(sessionRows(page).last()).toHaveAttribute('aria-rowindex', '10001')
  await box.evaluate((el) => (el.scrollTop = el.scrollHeight / 2))
  await expect(sessionRows(page).first()).not.toHaveAttribute('aria-rowindex', '2')
  // The timeline marks the newest four requests of the instant and counts the rest, rather than running off its end.
  const marks = page.getByRole('list', { name: 'Requests on the timeline' })
  await expect(marks.getByRole('button')).toHaveCount(4)
  await expect(marks).toContainText('+9,996')
  // The log draws its newest 40 entries, scrolled up or not; the button above them draws the 200 it keeps, with the
  // entries in view staying in view and focus staying in the log; back at the bottom it draws 40 again.
  const log = page.getByRole('log', { name: 'Event log' })
  const entries = log.locator('.sim-log-entry')
  await expect(entries).toHaveCount(40)
  const more = log.getByRole('button', { name: 'Show 160 older entries' })
  await log.evaluate((el) => el.scrollTo(0, 0))
  await expect(more).toBeInViewport()
  await expect(entries).toHaveCount(40)
  const oldestDrawn = (await entries.first().textContent()) ?? ''
  await more.focus()
  await page.keyboard.press('Enter')
  await expect(entries).toHaveCount(200)
  await expect(more).toHaveCount(0)
  await expect(log).toBeFocused()
  await expect(entries.first()).not.toHaveText(oldestDrawn)
  await expect(entries.filter({ hasText: oldestDrawn })).toBeInViewport()
  await log.evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(entries).toHaveCount(40)
  expect(errors).toEqual([])
})

test('with the widgets full of state, axe finds nothing serious in either theme; screenshots', async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 900 })
  await openPlayground(page)
  await setDuration(page, 'maxAge', 5, 'min')
  await send(page, 'alice')
  await send(page, 'bob')
  await advance(page, 4, 'min')
  await send(page, 'alice')
  await page.getByRole('button', { name: 'Step to next reap' }).click()
  await advance(page, 5, 'min')
  await send(page, 'bob')
  await advance(page, 5, 'min')
  await expect(sessionRows(page).first()).toContainText(/stale|zombie/)
  expect(await checkLook(page, testInfo, 'playground-busy')).toEqual([])
  expect(errors).toEqual([])
})

test('after scrubbing back, Play replays the recorded future; a new action forks the timeline, says so, and can be undone', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  await send(page, 'alice')
  await advance(page, 1, 'min')
  await send(page, 'alice')
  await advance(page, 1, 'min')
  const clock = page.getByRole('group', { name: 'Clock' })
  const timeline = page.getByRole('slider', { name: /Timeline/ })
  await timeline.focus()
  await page.keyboard.press('Home')
  await expect(virtualTime(page)).toContainText('12:00:00 UTC')
  await expect(clock).toContainText(/recorded actions ahead: Play replays them/)

  // Play goes through the recorded future (the second request comes back), then on live past its end.
  const play = clock.getByRole('button', { name: /^(Play|Pause)$/ })
  await play.click()
  await expect(virtualTime(page)).toContainText(/12:0[3-9]/, { timeout: 30_000 })
  await play.click()
  await expect(play).toHaveText(/Play/)
  await expect(clock).not.toContainText('recorded actions ahead')
  await expect(clock.getByRole('status').filter({ hasText: 'forked' })).toHaveCount(0)
  await expect(browserCard(page, 'alice')).toContainText('views: 2')

  // Scrub back again and act: the timeline forks, the reader is told, and Undo fork brings the future back.
  await timeline.focus()
  await page.keyboard.press('Home')
  await expect(virtualTime(page)).toContainText('12:00:00 UTC')
  await send(page, 'bob')
  const note = clock.getByRole('status').filter({ hasText: 'The timeline forked at' })
  await expect(note).toContainText('is set aside')
  await expect(sessionRows(page)).toHaveCount(2)
  await clock.getByRole('button', { name: 'Undo fork' }).click()
  await expect(virtualTime(page)).toContainText('12:00:00 UTC')
  await expect(sessionRows(page)).toHaveCount(1)
  await expect(note).toContainText('(1 action,')
  await expect(clock).toContainText(/recorded actions ahead/)
  expect(errors).toEqual([])
})
