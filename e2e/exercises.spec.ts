// The exercises page: each exercise solved through its own controls, found by role and accessible name; the goal
// checklist, hints, the solution player, undo and reset; progress kept across a reload and cleared; axe and
// screenshots in both themes.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { EXERCISE_IDS } from '../src/components/exercises/ids.ts'
import { checkLook, gotoHydrated, seriousInBothThemes, watchErrors } from './helpers.ts'

/** How many exercises the site lists: the progress count's denominator. */
const TOTAL = EXERCISE_IDS.length

/** Opens one exercise by its deep link and returns its region. */
async function openExercise(page: Page, id: string): Promise<Locator> {
  await gotoHydrated(page, `/exercises?exercise=${id}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Exercises' })).toBeVisible()
  const region = page.getByRole('region', { name: /Exercise/ })
  await expect(region).toBeVisible()
  await expect(status(region)).toHaveText(/goal items met/)
  return region
}

/** The exercise's status: "Solved", or how many goal items are met. */
function status(region: Locator): Locator {
  return region.getByRole('status').filter({ hasText: /Solved|goal items met/ })
}

function card(region: Locator, name: string): Locator {
  return region.getByRole('group', { name: new RegExp(`^${name}\\b`, 'i') })
}

/** Sends a request from a browser of the exercise and waits for its response to show on the card. */
async function send(region: Locator, name: string, path = '/') {
  const c = card(region, name)
  await c.getByRole('combobox', { name: 'Path' }).fill(path)
  const before = (await c.locator('.sim-response').getAttribute('data-exchange')) ?? ''
  await c.getByRole('button', { name: 'Send request' }).click()
  await expect(c.locator('.sim-response')).not.toHaveAttribute('data-exchange', before)
}

async function copyCookie(region: Locator, from: string, to: string) {
  await card(region, from).getByRole('button', { name: `Copy cookie to ${to}` }).click()
  await expect(card(region, to).getByRole('list', { name: `Cookies of ${to}` })).toBeVisible()
}

async function setField(region: Locator, browser: string, label: 'IP address' | 'User-Agent', value: string) {
  const field = card(region, browser).getByRole('textbox', { name: label })
  await field.fill(value)
  await field.press('Enter')
  await expect(field).toHaveValue(value)
}

async function setDuration(region: Locator, name: 'reapInterval' | 'maxAge', amount: number, unit: 'ms' | 's' | 'min' | 'h') {
  const field = region.getByRole('spinbutton', { name, exact: true })
  await region.getByRole('combobox', { name: `Unit for ${name}` }).selectOption(unit)
  await field.fill(String(amount))
  await field.press('Enter')
  await expect(field).toHaveValue(String(amount))
  await expect(region.getByRole('combobox', { name: `Unit for ${name}` })).toHaveValue(unit)
}

async function advance(region: Locator, amount: number, unit: 'ms' | 's' | 'min' | 'h') {
  const clock = region.getByRole('group', { name: 'Clock' })
  await clock.getByRole('combobox', { name: 'Unit to advance in' }).selectOption(unit)
  await clock.getByRole('spinbutton', { name: 'Advance by' }).fill(String(amount))
  await clock.getByRole('button', { name: 'Advance', exact: true }).click()
}

const SOLVE: Record<string, (region: Locator) => Promise<void>> = {
  async 'nat-hijack'(region) {
    const ua = await card(region, 'Alice').getByRole('textbox', { name: 'User-Agent' }).inputValue()
    await setField(region, 'Mallory', 'User-Agent', ua)
    await copyCookie(region, 'Alice', 'Mallory')
    await send(region, 'Mallory', '/whoami')
    await expect(card(region, 'Mallory').locator('.sim-response')).toContainText('alice')
  },
  async 'phone-ip'(region) {
    await region.getByRole('combobox', { name: 'Fingerprint' }).selectOption('user-agent')
    await send(region, 'Phone', '/login?user=pat')
    await setField(region, 'Phone', 'IP address', '10.20.30.40')
    await send(region, 'Phone', '/whoami')
    await expect(card(region, 'Phone').locator('.sim-response')).toContainText('pat')
    await copyCookie(region, 'Phone', 'Thief')
    await send(region, 'Thief', '/whoami')
    await expect(card(region, 'Thief').locator('.sim-response')).toContainText('anonymous')
  },
  async fixation(region) {
    await copyCookie(region, 'Mallory', 'Victim')
    await send(region, 'Victim', '/login?user=victim')
    await send(region, 'Mallory', '/whoami')
    await expect(card(region, 'Mallory').locator('.sim-response')).toContainText('victim')
    await send(region, 'Victim', '/login?user=victim&regenerate=1')
    await send(region, 'Mallory', '/whoami')
    await expect(card(region, 'Mallory').locator('.sim-response')).toContainText('anonymous')
  },
  async zombie(region) {
    await setDuration(region, 'maxAge', 2, 'min')
    await advance(region, 3, 'min')
    await expect(region.getByRole('list', { name: 'Goal checklist' }).getByRole('listitem').filter({ hasText: 'The store holds a zombie' })).toHaveAttribute('data-met', 'true')
    await send(region, 'Alice')
    await expect(card(region, 'Alice').locator('.sim-response')).toContainText('views: 2')
  },
  async 'reap-three'(region) {
    await setDuration(region, 'maxAge', 5, 'min')
    await region.getByRole('button', { name: 'Step to next reap' }).click()
  },
  async 'lost-update'(region) {
    const latency = region.getByRole('spinbutton', { name: 'Latency (ms)' })
    await latency.fill('50')
    await latency.press('Enter')
    await expect(latency).toHaveValue('50')
    const send = card(region, 'Alice').getByRole('button', { name: 'Send request' })
    await send.click()
    await send.click()
    await expect(card(region, 'Alice').locator('.sim-response')).toContainText('in flight')
    await advance(region, 1, 's')
  },
  async flood(region) {
    await setDuration(region, 'maxAge', 1, 'min')
    await setDuration(region, 'reapInterval', 30, 's')
    await region.getByRole('button', { name: /^Send 1,000 requests/ }).click()
    await expect(region.getByText('Sent 1,000 requests.')).toBeVisible()
    await expect(region.getByRole('list', { name: 'Goal checklist' }).getByRole('listitem').filter({ hasText: 'The flood leaves' })).toHaveAttribute('data-met', 'true')
    await advance(region, 2, 'min')
  },
  async 'decoder-order'(region) {
    const placement = region.getByRole('combobox', { name: 'cookieDecoder placement' })
    await placement.selectOption('decoder-after')
    await send(region, 'Alice')
    await expect(card(region, 'Alice').locator('.sim-response')).toContainText('500')
    await placement.selectOption('decoder-first')
    await send(region, 'Alice')
  },
  async 'round-trip'(region) {
    await region.getByRole('group', { name: 'Cluster' }).getByRole('combobox', { name: 'Session store' }).selectOption('shared')
    for (let i = 0; i < 3; i++) await send(region, 'Alice')
  },
}

test.describe('each exercise, solved through the page', () => {
  for (const [id, solve] of Object.entries(SOLVE)) {
    test(id, async ({ page }) => {
      const errors = watchErrors(page)
      const region = await openExercise(page, id)
      await expect(status(region)).not.toHaveText('Solved')
      await solve(region)
      await expect(status(region)).toHaveText('Solved')
      await expect(region.getByRole('list', { name: 'Goal checklist' }).locator('[data-met="false"]')).toHaveCount(0)
      // Reset is not a way to solve it.
      await region.getByRole('button', { name: 'Reset' }).click()
      await expect(status(region)).toHaveText(/^0 of \d goal items met$/)
      expect(errors).toEqual([])
    })
  }
})

test('phone-ip, solved with a fingerprint function of the reader’s own, run in the sandbox once allowed', async ({ page }) => {
  const errors = watchErrors(page)
  const region = await openExercise(page, 'phone-ip')
  await region.getByRole('combobox', { name: 'Fingerprint' }).selectOption('custom')
  await region.getByRole('textbox', { name: 'Fingerprint function source' }).fill("(req) => md5(req.session.id + (req.headers['user-agent'] || ''))")
  await region.getByRole('button', { name: 'Use this function' }).click()
  await expect(region.getByText('This function is in force.')).toBeVisible()
  await send(region, 'Phone', '/login?user=pat')
  await setField(region, 'Phone', 'IP address', '10.20.30.40')
  await send(region, 'Phone', '/whoami')
  await expect(card(region, 'Phone').locator('.sim-response')).toContainText('pat')
  // Undo replays the reader's actions, the allowed function included, without asking again.
  await region.getByRole('button', { name: 'Undo' }).click()
  await expect(status(region)).toHaveText('1 of 3 goal items met')
  await send(region, 'Phone', '/whoami')
  await copyCookie(region, 'Phone', 'Thief')
  await send(region, 'Thief', '/whoami')
  await expect(status(region)).toHaveText('Solved')
  expect(errors).toEqual([])
})

test('hints come one at a time, up to three; the solution plays visibly; undo and reset', async ({ page }) => {
  const region = await openExercise(page, 'nat-hijack')
  const hints = region.getByRole('list', { name: 'Hints' })
  const hint = region.getByRole('button', { name: /^Hint/ })
  await expect(hints.getByRole('listitem')).toHaveCount(0)
  for (let n = 1; n <= 3; n++) {
    await hint.click()
    await expect(hints.getByRole('listitem')).toHaveCount(n)
  }
  await expect(hint).toBeDisabled()

  await region.getByRole('button', { name: 'Show solution' }).click()
  await expect(region.getByRole('status').filter({ hasText: /Solution, step 1 of 3/ })).toBeVisible()
  await expect(status(region)).toHaveText('Solved')
  await expect(region.getByRole('status').filter({ hasText: /The solution has played/ })).toBeVisible()

  // Undo takes back the last action (the request that met the goal): no longer solved; the world is as it was.
  await region.getByRole('button', { name: 'Undo' }).click()
  await expect(status(region)).toHaveText('0 of 2 goal items met')
  await expect(card(region, 'Mallory').getByRole('list', { name: 'Cookies of Mallory' })).toBeVisible()
  await send(region, 'Mallory', '/whoami')
  await expect(status(region)).toHaveText('Solved')
  await region.getByRole('button', { name: 'Reset' }).click()
  await expect(status(region)).toHaveText('0 of 2 goal items met')
  await expect(region.getByRole('button', { name: 'Undo' })).toBeDisabled()
})

test('progress is shown in the navigation, kept across a reload, and cleared', async ({ page }) => {
  const navEntry = page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: /Exercises/ })
  const region = await openExercise(page, 'decoder-order')
  await expect(navEntry).toContainText(`0 of ${TOTAL} solved`)
  await SOLVE['decoder-order']?.(region)
  await expect(status(region)).toHaveText('Solved')
  await expect(navEntry).toContainText(`1 of ${TOTAL} solved`)
  const list = page.getByRole('navigation', { name: 'Exercises' })
  await expect(list.getByRole('link', { name: /cookieDecoder.*\(solved\)/ })).toBeVisible()

  await page.reload()
  await expect(navEntry).toContainText(`1 of ${TOTAL} solved`)
  await expect(list.getByRole('link', { name: /cookieDecoder.*\(solved\)/ })).toBeVisible()
  // The list's links are deep links to each exercise.
  await list.getByRole('link', { name: /Lose an update/ }).click()
  await expect(page).toHaveURL(/\?exercise=lost-update$/)
  await expect(page.getByRole('region', { name: /Exercise: Lose an update/ })).toBeVisible()
  // The navigation's entry leads back to the page without a choice: the first exercise.
  await navEntry.click()
  // The prerendered site serves the page as a directory, so the address may end in a slash.
  await expect(page).toHaveURL(/\/exercises\/?$/)
  await expect(page.getByRole('region', { name: /Exercise: Hijack/ })).toBeVisible()
  await page.goBack()
  await expect(page.getByRole('region', { name: /Exercise: Lose an update/ })).toBeVisible()

  await page.getByRole('button', { name: 'Clear progress' }).click()
  await expect(navEntry).toContainText(`0 of ${TOTAL} solved`)
  await expect(list.getByRole('link', { name: /\(solved\)/ })).toHaveCount(0)
  await page.reload()
  await expect(navEntry).toContainText(`0 of ${TOTAL} solved`)
})

test('hostile stored progress reads as nothing solved', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('sessionscope:exercises:v1', '{"solved":["nat-hijack","<img src=x>",{"a":1}],"__proto__":{"x":1}}'))
  const errors = watchErrors(page)
  await openExercise(page, 'zombie')
  await expect(page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: /Exercises/ })).toContainText(`1 of ${TOTAL} solved`)
  await page.addInitScript(() => localStorage.setItem('sessionscope:exercises:v1', 'not json'))
  await page.reload()
  await expect(page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: /Exercises/ })).toContainText(`0 of ${TOTAL} solved`)
  expect(errors).toEqual([])
})

test('a solved exercise: axe finds nothing serious in either theme', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  const region = await openExercise(page, 'nat-hijack')
  await region.getByRole('button', { name: /^Hint/ }).click()
  await SOLVE['nat-hijack']?.(region)
  await expect(status(region)).toHaveText('Solved')
  expect(await seriousInBothThemes(page, testInfo, 'exercises-solved')).toEqual([])
})

test('an exercise part-way: axe clean and nothing wider than the screen at 1280 and 375 in both themes; screenshots', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  const region = await openExercise(page, 'phone-ip')
  await region.getByRole('button', { name: /^Hint/ }).click()
  await region.getByRole('combobox', { name: 'Fingerprint' }).selectOption('user-agent')
  await send(region, 'Phone', '/login?user=pat')
  await expect(region.getByRole('list', { name: 'Goal checklist' }).getByRole('listitem').filter({ hasText: 'The phone logs in' })).toHaveAttribute('data-met', 'true')
  expect(await checkLook(page, testInfo, 'exercises')).toEqual([])
})
