// The compare view: one stream through several configurations, the table named "Comparison", its disagreements,
// a long run that can be cancelled, links, and the page's accessibility in both themes.
import { expect, test, type Page } from '@playwright/test'
import { checkLook, gotoHydrated, watchErrors } from './helpers.ts'

const comparison = (page: Page) => page.getByRole('table', { name: 'Comparison' })
const runStatus = (page: Page) => page.getByRole('status').filter({ hasText: /Not run yet|Running|Done|Cancelled|could not run/ })

async function openCompare(page: Page, query = '') {
  await gotoHydrated(page, `/compare${query}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Compare configurations' })).toBeVisible()
}

async function pickStream(page: Page, label: RegExp) {
  const select = page.getByLabel('Stream', { exact: true })
  const value = await select.locator('option').filter({ hasText: label }).first().getAttribute('value')
  await select.selectOption(value ?? '')
}

/** The rows of the Comparison table as text: the number cell, then each verdict. */
async function rowsOf(page: Page): Promise<string[][]> {
  const rows = comparison(page).locator('tbody tr:not(.sim-spacer)')
  return rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())))
}

/** The compare page over the stolen-cookie scenario, its second configuration given a custom fingerprint; that group. */
async function withCustomColumn(page: Page, source: string) {
  await openCompare(page)
  await pickStream(page, /stolen cookie used from another IP/)
  const second = page.getByRole('group', { name: /Configuration 2/ })
  await second.getByLabel('Fingerprint', { exact: true }).selectOption('custom')
  await second.getByLabel('Fingerprint function').fill(source)
  return second
}

/** The stolen-cookie scenario compared in three configurations (the two defaults and one added), at a width. */
async function threeConfigurations(page: Page, width: number) {
  await page.setViewportSize({ width, height: width < 600 ? 800 : 900 })
  await openCompare(page)
  await pickStream(page, /stolen cookie used from another IP/)
  await page.getByRole('button', { name: 'Add configuration' }).click()
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done')
}

test('two strategies over the stolen-cookie scenario disagree on exactly the theft', async ({ page }) => {
  const errors = watchErrors(page)
  await openCompare(page)
  await pickStream(page, /stolen cookie used from another IP/)
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done')
  const table = comparison(page)
  await expect(table.getByRole('columnheader', { name: /2010 default/ })).toBeVisible()
  await expect(table.getByRole('columnheader', { name: /id only/ })).toBeVisible()
  const rows = await rowsOf(page)
  expect(rows.map((r) => r.slice(2))).toEqual([
    ['new: no cookie', 'new: no cookie'],
    ['loaded', 'loaded'],
    ['blocked by the fingerprint', 'hijacked'],
    ['loaded', 'loaded'],
  ])
  // Only the third request is marked as a disagreement.
  expect(rows.map((r) => r[0]?.includes('disagreement') ?? false)).toEqual([false, false, true, false])

  await page.getByRole('button', { name: 'Next disagreement' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Disagreement 1 of 1: request 3.' })).toBeVisible()
  await expect(table.getByRole('button', { name: 'blocked by the fingerprint' })).toBeFocused()
  // N inside the table steps again (wrapping to the only one).
  await page.keyboard.press('n')
  await expect(page.getByRole('status').filter({ hasText: 'Disagreement 1 of 1' })).toBeVisible()

  await table.getByRole('button', { name: 'hijacked' }).click()
  const details = page.getByRole('region', { name: 'Request details' })
  await expect(details).toContainText('mallory loaded a session alice created: a hijack.')
  await expect(details).toContainText('The middleware decides')

  await expect(page.getByRole('table', { name: 'Summary per configuration' }).getByRole('row', { name: /Hijacks allowed/ })).toContainText(/Hijacks allowed\s*0\s*1/)
  expect(errors).toEqual([])
})

test('the phone that changes networks: the 2010 fingerprint locks it out, User-Agent only does not; the link replays it', async ({ page }) => {
  await openCompare(page)
  await pickStream(page, /phone changes networks/)
  const second = page.getByRole('group', { name: /Configuration 2/ })
  await second.getByLabel('Fingerprint').selectOption('user-agent')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done')
  const rows = await rowsOf(page)
  expect(rows.filter((r) => r[0]?.includes('disagreement')).map((r) => r.slice(2))).toEqual([
    ['locked out', 'loaded'],
    ['locked out', 'loaded'],
  ])
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.getByRole('button', { name: 'Copy link' }).click()
  await expect(page).toHaveURL(/\?compare=1\./)
  await page.reload()
  await expect(runStatus(page)).toContainText('Done')
  expect(await rowsOf(page)).toEqual(rows)
  // The file runs again as the link does: opened in a fresh page, without pressing Compare.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as file' }).click()])
  const other = await page.context().newPage()
  await gotoHydrated(other, '/compare')
  await other.getByLabel(/Load a file/).setInputFiles(await download.path())
  await expect(runStatus(other)).toContainText('Done')
  expect(await rowsOf(other)).toEqual(rows)
})

test('a field showing text it refused holds the run, the link and the file until it is corrected or given up', async ({ page }) => {
  await openCompare(page)
  await pickStream(page, /stolen cookie used from another IP/)
  const second = page.getByRole('group', { name: /Configuration 2/ })
  const compare = page.getByRole('button', { name: 'Compare', exact: true })
  const held = page.getByRole('status').filter({ hasText: 'shows a value that was not applied' })
  // Pressing Compare straight from the field: the field refuses its text as it loses the focus, and nothing runs.
  const cookie = second.getByLabel('Cookie attributes (JSON)')
  await cookie.fill('{bad json')
  await compare.click()
  await expect(held).toContainText('Configuration 2: Cookie attributes')
  await expect(compare).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Save as file' })).toBeDisabled()
  await expect(runStatus(page)).toHaveText('Not run yet.')
  // The library's own check of the attributes speaks in the field.
  await cookie.fill('{"path": "a;b"}')
  await cookie.press('Enter')
  await expect(second.getByRole('alert')).toContainText("cookie attribute path must not contain ';'")
  await cookie.press('Escape')
  await expect(held).toBeHidden()
  await expect(compare).toBeEnabled()
  // A duration is judged as it is typed, by the same rules the playground's settings follow.
  const reap = second.getByLabel('reapInterval', { exact: true })
  await reap.fill('0')
  await expect(held).toContainText('Configuration 2: reapInterval')
  await expect(compare).toBeDisabled()
  await reap.fill('1e30')
  await reap.press('Enter')
  await expect(second.getByRole('alert')).toContainText('reapInterval must be a positive number of milliseconds')
  await reap.fill('5')
  await reap.press('Enter')
  await expect(held).toBeHidden()
  await compare.click()
  await expect(runStatus(page)).toContainText('Done')
})

test('a HAR sample loaded as a file: the 2010 fingerprint locks the phone out where User-Agent only keeps it', async ({ page }) => {
  const errors = watchErrors(page)
  await openCompare(page)
  const file = page.getByLabel(/Load a file/)
  // A bad file first: one clear error, and the stream stays what it was.
  const before = await page.getByLabel('Stream', { exact: true }).inputValue()
  await file.setInputFiles({ name: 'notes.har', mimeType: 'application/json', buffer: Buffer.from('these are not requests') })
  await expect(page.getByText(/notes\.har was not loaded, nothing changed: This file is not JSON/)).toBeVisible()
  await expect(page.getByLabel('Stream', { exact: true })).toHaveValue(before)

  await file.setInputFiles('content/recordings/phone-between-networks.har')
  await expect(page.getByLabel('Stream', { exact: true }).locator('option:checked')).toHaveText('File: HAR: phone-between-networks.har')
  await expect(page.getByText(/notes\.har was not loaded/)).toHaveCount(0)
  await expect(page.getByText('13 requests from 1 browser.')).toBeVisible()
  // The reader sets where the phone starts from; an address that is none says so and leaves nothing to run.
  const clients = page.getByRole('table', { name: 'Clients in phone-between-networks.har' })
  const address = clients.getByRole('textbox', { name: /^Address of / })
  await address.fill('not an address')
  await expect(page.getByText(/The stream cannot be made with these addresses: The address for .* is not usable/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Compare', exact: true })).toBeDisabled()
  await address.fill('192.0.2.77')
  await expect(page.getByText(/The stream cannot be made/)).toHaveCount(0)
  await page.getByRole('group', { name: /Configuration 2/ }).getByLabel('Fingerprint').selectOption('user-agent')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done: 13 requests')
  const rows = await rowsOf(page)
  expect(rows).toHaveLength(13)
  const disagreeing = rows.filter((r) => r[0]?.includes('disagreement'))
  expect(disagreeing.map((r) => r.slice(2))).toEqual([
    ['locked out', 'loaded'],
    ['locked out', 'loaded'],
  ])
  expect(disagreeing.map((r) => r[0]?.replace(/\D+/g, ''))).toEqual(['6', '9'])
  await expect(page.getByRole('table', { name: 'Summary per configuration' }).getByRole('row', { name: /locked out/i })).toContainText(/locked out\s*2\s*0/)
  // The first request came from the address the reader gave.
  await comparison(page).locator('button[data-row="0"][data-col="0"]').click()
  await expect(page.getByRole('region', { name: 'Request details' })).toContainText('from 192.0.2.77')
  // The other sample is a button away, without a file of one's own.
  await page.getByRole('button', { name: 'Sample HAR: Office behind one NAT' }).click()
  await expect(page.getByLabel('Stream', { exact: true }).locator('option:checked')).toHaveText('File: HAR: office-behind-nat.har')
  await expect(page.getByRole('table', { name: 'Clients in office-behind-nat.har' }).getByRole('textbox', { name: /^Address of / })).toHaveCount(5)
  expect(errors).toEqual([])
})

test('a configuration in 2010 mode answers logout with a 500, and the link keeps it', async ({ page }) => {
  await openCompare(page)
  await pickStream(page, /Logging out destroys the session/)
  const second = page.getByRole('group', { name: /Configuration 2/ })
  await second.getByLabel('Fingerprint').selectOption('default')
  const mode = second.getByRole('checkbox', { name: '2010 mode' })
  await expect(mode).not.toBeChecked()
  await mode.check()
  await expect(second).toContainText('quirks of 2010 back')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done')
  const rows = await rowsOf(page)
  expect(rows.filter((r) => r[0]?.includes('disagreement')).map((r) => r.slice(2))).toEqual([['loaded', 'loaded · 500']])
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.getByRole('button', { name: 'Copy link' }).click()
  await expect(page).toHaveURL(/\?compare=1\./)
  await page.reload()
  await expect(runStatus(page)).toContainText('Done')
  await expect(page.getByRole('group', { name: /Configuration 2/ }).getByRole('checkbox', { name: '2010 mode' })).toBeChecked()
  expect(await rowsOf(page)).toEqual(rows)
})

test('a long comparison shows progress and can be cancelled while the page stays usable', async ({ page }) => {
  await openCompare(page)
  await pickStream(page, /Mixed traffic/)
  const requests = page.getByLabel('Requests')
  await requests.fill('100000')
  await requests.press('Enter')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Running')
  // The page answers input during the run: the checkbox toggles and Cancel is heard.
  const only = page.getByLabel('Show only the requests where the configurations disagree')
  await only.check()
  await expect(only).toBeChecked()
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(runStatus(page)).toContainText('Cancelled after')
  await expect(page.getByLabel('Comparison progress')).not.toHaveAttribute('value', '1')
})

test('a cell late in a long comparison opens at once and shows its record once its column has been replayed', async ({ page }) => {
  const errors = watchErrors(page)
  await openCompare(page)
  await pickStream(page, /Mixed traffic/)
  const requests = page.getByLabel('Requests')
  await requests.fill('30000')
  await requests.press('Enter')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done', { timeout: 60_000 })
  // From no selection, Previous goes to the last disagreement, far from the stream's start.
  await page.getByRole('button', { name: 'Previous disagreement' }).click()
  const stepped = page.getByRole('status').filter({ hasText: /^Disagreement (\d+) of \1: request/ })
  await expect(stepped).toBeVisible()
  const row = Number((await stepped.textContent())?.match(/request ([\d,]+)/)?.[1]?.replace(/,/g, ''))
  expect(row).toBeGreaterThan(20_000)
  // The step moves focus to the row's first cell once the table has scrolled there; Enter before that would press
  // Previous again.
  await expect(comparison(page).locator(`button[data-row="${row - 1}"][data-col="0"]`)).toBeFocused()
  await page.keyboard.press('Enter')
  const details = page.getByRole('region', { name: 'Request details' })
  await expect(details).toContainText(`Request ${row} in`)
  await expect(details.locator('.cmp-verdict-line')).toBeVisible()
  await expect(details.getByText(/Replaying this configuration/)).toHaveCount(0)
  expect(errors).toEqual([])
})

test('on a phone every configuration keeps its verdicts and figures; the table scrolls sideways to them', async ({ page }) => {
  await threeConfigurations(page, 375)
  // The theft row: each configuration's verdict is shown (not dropped as the store table drops its columns).
  const table = comparison(page)
  const theft = table.getByRole('row').filter({ hasText: 'disagreement' })
  const cells = theft.locator('td.cmp-cell')
  await expect(cells).toHaveCount(3)
  for (const cell of await cells.all()) await expect(cell).toBeVisible()
  // The last one is reached by scrolling the table's box, and its verdict is not cut short.
  const last = cells.last().getByRole('button')
  await last.scrollIntoViewIfNeeded()
  await expect(last).toBeInViewport()
  expect(await last.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true)
  // The summary shows a figure for every configuration too.
  const hijacks = page.getByRole('table', { name: 'Summary per configuration' }).getByRole('row', { name: /Hijacks allowed/ }).getByRole('cell')
  await expect(hijacks).toHaveCount(3)
  for (const cell of await hijacks.all()) await expect(cell).toBeVisible()
})

test('a custom fingerprint typed into a configuration runs in the sandbox: md5 of the id alone lets the thief in, as id only does', async ({ page }) => {
  const errors = watchErrors(page)
  const second = await withCustomColumn(page, '(req) => md5(req.session.id)')
  await second.getByLabel('Label').fill('md5 of the id')
  await second.getByLabel('Label').press('Enter')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done')
  // Typed here, so it is the reader's own code: no question asked.
  await expect(page.getByRole('region', { name: 'This comparison wants to run code' })).toHaveCount(0)
  expect((await rowsOf(page)).map((r) => r.slice(2))).toEqual([
    ['new: no cookie', 'new: no cookie'],
    ['loaded', 'loaded'],
    ['blocked by the fingerprint', 'hijacked'],
    ['loaded', 'loaded'],
  ])
  await comparison(page).getByRole('button', { name: 'hijacked' }).click()
  await expect(page.getByRole('region', { name: 'Request details' })).toContainText('mallory loaded a session alice created: a hijack.')
  expect(errors).toEqual([])
})

test('a custom fingerprint that never ends fails its requests, is retired after three stops, and the run finishes', async ({ page }) => {
  const errors = watchErrors(page)
  await withCustomColumn(page, '(req) => { while (true) {} }')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done')
  expect((await rowsOf(page)).map((r) => r[3])).toEqual(['error · 500', 'error · 500', 'error · 500', 'error · 500'])
  await comparison(page).locator('button[data-row="0"][data-col="1"]').click()
  const details = page.getByRole('region', { name: 'Request details' })
  await expect(details).toContainText('ran longer than 50 ms and was stopped')
  await comparison(page).locator('button[data-row="3"][data-col="1"]').click()
  await expect(details).toContainText('so it no longer runs')
  expect(errors).toEqual([])
})

test('N and P inside a long table step hundreds of rows at a time, and the focus follows to each row named', async ({ page }) => {
  await openCompare(page)
  await pickStream(page, /Mixed traffic/)
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done', { timeout: 60_000 })
  await comparison(page).locator('button[data-row="0"][data-col="0"]').focus()
  const cellOf = async (nth: number) => {
    const status = page.getByRole('status').filter({ hasText: new RegExp(`^Disagreement ${nth} of \\d+: request`) })
    await expect(status).toBeVisible()
    const at = Number((await status.textContent())?.match(/request ([\d,]+)/)?.[1]?.replace(/,/g, ''))
    return comparison(page).locator(`button[data-row="${at - 1}"][data-col="0"]`)
  }
  for (const [key, nth] of [['n', 1], ['n', 2], ['n', 3], ['p', 2]] as const) {
    await page.keyboard.press(key)
    const cell = await cellOf(nth)
    await expect(cell).toBeFocused()
    await expect(cell).toBeInViewport()
  }
})

test('code in a comparison file or link is shown whole and runs only after the reader allows it', async ({ page, context }) => {
  const errors = watchErrors(page)
  const code = "(req) => md5('pepper:' + req.session.id)"
  await withCustomColumn(page, code)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as file' }).click()])
  const file = await download.path()
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.getByRole('button', { name: 'Copy link' }).click()
  await expect(page).toHaveURL(/\?compare=1\./)
  const link = page.url()

  // The file, in a fresh page: its code is shown, and nothing runs until the reader says yes.
  const other = await context.newPage()
  await gotoHydrated(other, '/compare')
  await other.getByLabel(/Load a file/).setInputFiles(file)
  await expect(other.getByRole('group', { name: /Configuration 2/ }).getByLabel('Fingerprint function')).toHaveValue(code)
  await other.getByRole('button', { name: 'Compare', exact: true }).click()
  const gate = other.getByRole('region', { name: 'This comparison wants to run code' })
  await expect(gate.getByLabel('Fingerprint function 1 of the comparison')).toHaveText(code)
  await expect(runStatus(other)).toHaveText('Not run yet.')
  await gate.getByRole('button', { name: 'Do not run it' }).click()
  await expect(gate).toBeHidden()
  await expect(runStatus(other)).toHaveText('Not run yet.')
  await other.getByRole('button', { name: 'Compare', exact: true }).click()
  await gate.getByRole('button', { name: 'Allow and compare' }).click()
  await expect(runStatus(other)).toContainText('Done')
  await expect(gate).toBeHidden()
  expect((await rowsOf(other)).map((r) => r[3])).toEqual(['new: no cookie', 'loaded', 'hijacked', 'loaded'])

  // The link: the same question before anything runs. A change to the setup takes the question back; Compare asks it
  // again, as the code is still not the reader's.
  const third = await context.newPage()
  await gotoHydrated(third, link)
  const linkGate = third.getByRole('region', { name: 'This comparison wants to run code' })
  await expect(linkGate.getByLabel('Fingerprint function 1 of the comparison')).toHaveText(code)
  await expect(runStatus(third)).toHaveText('Not run yet.')
  const label = third.getByRole('group', { name: /Configuration 1/ }).getByLabel('Label')
  await label.fill('the 2010 one')
  await label.press('Enter')
  await expect(linkGate).toBeHidden()
  await third.getByRole('button', { name: 'Compare', exact: true }).click()
  await linkGate.getByRole('button', { name: 'Allow and compare' }).click()
  await expect(runStatus(third)).toContainText('Done')
  await expect(comparison(third).getByRole('columnheader', { name: /the 2010 one/ })).toBeVisible()
  expect(errors).toEqual([])
})

test('a damaged link says so and leaves the page usable', async ({ page }) => {
  await openCompare(page, '?compare=1.000000000000.garbage')
  await expect(page.getByRole('alert')).toContainText('This link is damaged')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(runStatus(page)).toContainText('Done')
})

test(`after a comparison, axe finds nothing serious; screenshots`, async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await threeConfigurations(page, 1280)
  await comparison(page).getByRole('button', { name: 'hijacked' }).first().click()
  await expect(page.locator('.cmp-chart-box canvas')).toBeVisible()
  expect(await checkLook(page, testInfo, `compare`)).toEqual([])
  expect(errors).toEqual([])
})
