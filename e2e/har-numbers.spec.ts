// Real traffic and the numbers: a HAR file imported into the playground through the file picker, and the /numbers
// page's calculator answering for its own world, its flood view, axe in both themes and screenshots at two widths.
import { expect, test, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { attachScreenshot, browserCard, checkLook, closeDrawer, gotoHydrated, openDrawer, openPlayground, sessionRows, watchErrors } from './helpers.ts'

const OFFICE = 'content/recordings/office-behind-nat.har'
const PHONE = 'content/recordings/phone-between-networks.har'

function harImport(page: Page) {
  return page.getByRole('region', { name: 'Import a HAR file' })
}

test('a HAR file picked in the playground becomes browsers and requests, with the addresses the reader set', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  // The import is one of the playground's scenario tools, in their drawer.
  await openDrawer(page, 'Scenario tools')
  const region = harImport(page)
  await region.getByLabel('HAR file').setInputFiles(OFFICE)
  const clients = region.getByRole('table', { name: 'Clients in office-behind-nat.har' })
  await expect(clients.getByRole('row')).toHaveCount(6)
  await expect(region.getByRole('status')).toContainText('39 requests from 5 clients')
  // The file says where each request came from (the office's one NAT address); the reader moves one client.
  await expect(region.getByRole('textbox', { name: 'Address of chrome-2' })).toHaveValue('198.51.100.23')
  await region.getByRole('textbox', { name: 'Address of chrome-1' }).fill('192.0.2.77')
  await region.getByRole('button', { name: 'Play the HAR' }).click()
  await expect(region.getByRole('status')).toContainText('Played 39 requests')
  await closeDrawer(page, 'Scenario tools')
  for (const name of ['chrome-1', 'chrome-2', 'chrome-3', 'firefox-1', 'safari-1']) await expect(browserCard(page, name)).toBeVisible()
  await expect(browserCard(page, 'alice')).toHaveCount(0)
  await expect(browserCard(page, 'chrome-1').getByRole('textbox', { name: 'IP address' })).toHaveValue('192.0.2.77')
  // Everyone logged out at the end but dev, on Safari: one session left.
  await expect(sessionRows(page)).toHaveCount(1)
  expect(errors).toEqual([])
})

test('a bad file gets one clear error and the playground stays as it was', async ({ page }) => {
  const errors = watchErrors(page)
  await openPlayground(page)
  // The import is one of the playground's scenario tools, in their drawer.
  await openDrawer(page, 'Scenario tools')
  const region = harImport(page)
  await region.getByLabel('HAR file').setInputFiles({ name: 'notes.har', mimeType: 'application/json', buffer: Buffer.from('these are not the requests you are looking for') })
  await expect(region.getByRole('alert')).toHaveText(/^Not imported, nothing changed\. This file is not JSON/)
  await region.getByLabel('HAR file').setInputFiles({ name: 'empty.har', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [] } })) })
  await expect(region.getByRole('alert')).toHaveText(/no requests in it/)
  await expect(region.getByRole('button', { name: 'Play the HAR' })).toHaveCount(0)
  await expect(browserCard(page, 'alice')).toBeVisible()
  await expect(browserCard(page, 'bob')).toBeVisible()
  // A good file after a bad one: the error goes, the file is read.
  await region.getByLabel('HAR file').setInputFiles({ name: 'phone.har', mimeType: 'application/json', buffer: readFileSync(PHONE) })
  await expect(region.getByRole('alert')).toHaveCount(0)
  await expect(region.getByRole('table', { name: 'Clients in phone.har' }).getByRole('row')).toHaveCount(2)
  expect(errors).toEqual([])
})

test('the calculator answers for the current world: more live sessions, a shorter expected time', async ({ page }) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/numbers')
  await expect(page.getByRole('heading', { level: 1, name: 'The numbers behind a session id' })).toBeVisible()
  const live = page.getByRole('status', { name: 'Live sessions in this world' })
  const table = page.getByRole('table', { name: 'Time to guess a live session id' })
  const today = table.getByRole('row', { name: /^Today/ })
  await expect(live).toHaveText('0')
  await expect(today).toContainText('never')
  await expect(today.getByRole('cell').first()).toHaveText('128')

  await browserCard(page, 'Alice').getByRole('button', { name: 'Send request' }).click()
  await expect(live).toHaveText('1')
  await expect(today).toContainText('1.1 × 10^27 years')
  await browserCard(page, 'Bob').getByRole('button', { name: 'Send request' }).click()
  await expect(live).toHaveText('2')
  await expect(today).toContainText('5.4 × 10^26 years')

  // A flood of cookieless requests: 1,002 live sessions.
  await page.getByRole('button', { name: 'Send 1,000 requests' }).click()
  await expect(live).toHaveText('1,002')
  await expect(today).toContainText('1.1 × 10^24 years')

  // The rate is the reader's: a billion guesses a second.
  const rate = page.getByRole('textbox', { name: 'Guesses per second' })
  await rate.fill('1e9')
  await rate.press('Enter')
  await expect(today).toContainText('1.1 × 10^19 years')
  await rate.fill('fast')
  await rate.press('Enter')
  await expect(page.getByRole('alert')).toContainText('guesses per second must be a number above 0')
  await expect(today).toContainText('1.1 × 10^19 years')
  expect(errors).toEqual([])
})

test('on a phone the calculator keeps huge and tiny rates readable and the page its width', async ({ page }) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 375, height: 800 })
  await gotoHydrated(page, '/numbers')
  await browserCard(page, 'Alice').getByRole('button', { name: 'Send request' }).click()
  await expect(page.getByRole('status', { name: 'Live sessions in this world' })).toHaveText('1')
  const calculator = page.getByRole('region', { name: 'Id guessing calculator' })
  const table = calculator.getByRole('table', { name: 'Time to guess a live session id' })
  const rate = calculator.getByRole('textbox', { name: 'Guesses per second' })
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

  // The largest rate a number can hold is accepted; refusing the next input names it in powers of ten.
  await rate.fill('1e308')
  await rate.press('Enter')
  await expect(table.getByRole('row', { name: /^Today/ })).toContainText('× 10^-')
  await rate.fill('-1')
  await rate.press('Enter')
  await expect(calculator.getByRole('alert')).toHaveText(/The calculation still uses 1 × 10\^308\.$/)
  expect(await pageWidth()).toBeLessThanOrEqual(0)
  // Results this small are in the same notation as the chance per guess, never JavaScript's 3.4e-267.
  await expect(table).not.toContainText(/\de[-+]?\d/)

  // A tiny rate is kept as it is, not rounded to 0.
  await rate.fill('0.0001')
  await rate.press('Enter')
  await expect(calculator.getByRole('alert')).toHaveCount(0)
  await rate.fill('Infinity')
  await rate.press('Enter')
  await expect(calculator.getByRole('alert')).toHaveText(/The calculation still uses 1 × 10\^-4\.$/)
  expect(await pageWidth()).toBeLessThanOrEqual(0)

  // The refusal quotes what was typed, however long a word that is, and still wraps inside the widget.
  await rate.fill('9'.repeat(400) + 'x')
  await rate.press('Enter')
  await expect(calculator.getByRole('alert')).toContainText('9x". The calculation still uses 1 × 10^-4.')
  expect(await pageWidth()).toBeLessThanOrEqual(0)
  expect(errors).toEqual([])
})

test('the 2010 generator is shown just under 112 bits, as the text says', async ({ page }) => {
  await gotoHydrated(page, '/numbers')
  await expect(page.getByText(/just under 112 bits/)).toBeVisible()
  const legacy = page.getByRole('table', { name: 'Time to guess a live session id' }).getByRole('row', { name: /^2010: Math.random, as written/ })
  await expect(legacy.getByRole('cell').first()).toHaveText('111.99999998')
})

test('the flood view plots the store with and without the reaper', async ({ page }) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/numbers')
  const flood = page.getByRole('region', { name: 'Flood memory' })
  await flood.getByRole('combobox', { name: 'Flood lasts' }).selectOption({ label: '1 h' })
  await flood.getByRole('combobox', { name: 'Requests per minute' }).selectOption('30')
  await flood.getByRole('combobox', { name: 'maxAge' }).selectOption({ label: '10 min' })
  await flood.getByRole('combobox', { name: 'reapInterval' }).selectOption({ label: '1 min' })
  await flood.getByRole('button', { name: 'Run the flood' }).click()
  const results = flood.getByRole('table', { name: 'Flood results' })
  // The cap is for a busy machine: the run waits for a state, however long it takes to arrive.
  await expect(results).toBeVisible({ timeout: 150_000 })
  const without = results.getByRole('row', { name: /^Without the reaper/ })
  await expect(without.getByRole('cell').nth(2)).toHaveText('1,800')
  const reaped = results.getByRole('row', { name: /^With the reaper/ })
  const held = Number((await reaped.getByRole('cell').nth(2).textContent())?.replace(/,/g, ''))
  expect(held).toBeGreaterThanOrEqual(300)
  expect(held).toBeLessThanOrEqual(330)
  await expect(flood.getByRole('img', { name: /Over 1 h: with the reaper the store levels off/ }).first()).toBeVisible()
  await expect(flood.locator('canvas')).toHaveCount(2)
  expect(errors).toEqual([])
})

test('on a phone each flood result carries the name of its column', async ({ page }) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 375, height: 800 })
  await gotoHydrated(page, '/numbers')
  const flood = page.getByRole('region', { name: 'Flood memory' })
  await flood.getByRole('combobox', { name: 'Flood lasts' }).selectOption({ label: '1 h' })
  await flood.getByRole('combobox', { name: 'Requests per minute' }).selectOption('30')
  await flood.getByRole('button', { name: 'Run the flood' }).click()
  const results = flood.getByRole('table', { name: 'Flood results' })
  await expect(results).toBeVisible({ timeout: 150_000 })
  // Laid out as cards, the rows keep their table roles...
  await expect(results.getByRole('row')).toHaveCount(3)
  await expect(results.getByRole('row', { name: /^Without the reaper/ }).getByRole('cell')).toHaveCount(4)
  // ...and each figure is shown under its column's name.
  const shown = await results.locator('tbody td').evaluateAll((cells) => cells.map((td) => getComputedStyle(td, '::before').content))
  const columns = ['"Requests"', '"Most sessions held"', '"Sessions at the end"', '"Memory at the end"']
  expect(shown).toEqual([...columns, ...columns])
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
  expect(errors).toEqual([])
})

test('the prerendered calculator and flood view hydrate in place, and the page is marked live once they work', async ({ page }) => {
  // Everything the page removes or adds while it starts, from before its first script runs.
  await page.addInitScript(() => {
    const seen: { removed: string[]; added: string[] } = { removed: [], added: [] }
    Object.assign(window, { __startup: seen })
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.removedNodes) if (n instanceof Element) seen.removed.push(n.className)
        for (const n of r.addedNodes) if (n instanceof Element) seen.added.push(n.textContent ?? '')
      }
    }).observe(document, { subtree: true, childList: true })
  })
  await gotoHydrated(page, '/numbers')
  // Live at the mark: a click straight after it is taken (the calculator's world gets its first session).
  await browserCard(page, 'Alice').getByRole('button', { name: 'Send request' }).click()
  await expect(page.getByRole('status', { name: 'Live sessions in this world' })).toHaveText('1')
  const startup = await page.evaluate(() => (window as unknown as { __startup: { removed: string[]; added: string[] } }).__startup)
  expect(startup.removed.filter((c) => /\bnb-(lab|flood)\b/.test(c))).toEqual([])
  expect(startup.added.filter((t) => t.startsWith('Loading the'))).toEqual([])
})

test(`the numbers page passes axe in both themes; screenshots`, async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 900 })
  await gotoHydrated(page, '/numbers')
  await browserCard(page, 'Alice').getByRole('button', { name: 'Send request' }).click()
  await expect(page.getByRole('status', { name: 'Live sessions in this world' })).toHaveText('1')
  const flood = page.getByRole('region', { name: 'Flood memory' })
  await flood.getByRole('combobox', { name: 'Flood lasts' }).selectOption({ label: '1 h' })
  await flood.getByRole('combobox', { name: 'Requests per minute' }).selectOption('30')
  await flood.getByRole('button', { name: 'Run the flood' }).click()
  await expect(flood.getByRole('table', { name: 'Flood results' })).toBeVisible({ timeout: 150_000 })
  await expect(flood.locator('canvas')).toHaveCount(2)
  expect(await checkLook(page, testInfo, 'numbers')).toEqual([])
  await attachScreenshot(page, testInfo, 'calculator-375.png', page.getByRole('region', { name: 'Id guessing calculator' }))
  await attachScreenshot(page, testInfo, 'flood-375.png', flood)
  expect(errors).toEqual([])
})

test(`the HAR import passes axe in both themes; screenshots`, async ({ page }, testInfo) => {
  const errors = watchErrors(page)
  await page.setViewportSize({ width: 1280, height: 900 })
  await openPlayground(page)
  await openDrawer(page, 'Scenario tools')
  const region = harImport(page)
  await region.getByRole('button', { name: 'Sample: Phone between networks' }).click()
  await expect(region.getByRole('table', { name: 'Clients in phone-between-networks.har' })).toBeVisible()
  expect(await checkLook(page, testInfo, 'har', { part: region })).toEqual([])
  expect(errors).toEqual([])
})
