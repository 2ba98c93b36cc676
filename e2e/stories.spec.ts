import { readdirSync } from 'node:fs'
import { test, expect, type Page } from '@playwright/test'
import { checkLook, gotoHydrated, watchErrors } from './helpers.ts'

// Story mode: a scenario stepped forward and back with its captions, a deep link to one story, leaving a story for
// free play and resuming it, and the lesson pages that embed stories.

function story(page: Page, name: RegExp | string = /Story/) {
  return page.getByRole('region', { name })
}

async function openStory(page: Page, id: string, title: RegExp): Promise<ReturnType<typeof story>> {
  await gotoHydrated(page, `/stories?story=${id}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Stories' })).toBeVisible()
  const region = story(page, title)
  await expect(region.getByRole('button', { name: 'Next step' })).toBeVisible()
  return region
}

test('a story steps forward through the three phases of a request and back, with a caption at every step', async ({ page }) => {
  const errors = watchErrors(page)
  const region = await openStory(page, 'persistence', /Story: A session persists across requests/)
  const caption = region.getByRole('status').first()
  const next = region.getByRole('button', { name: 'Next step' })
  const back = region.getByRole('button', { name: 'Previous step' })
  await expect(caption).toHaveText('6 steps. Press Next step to begin.')
  await expect(back).toBeDisabled()

  await next.click()
  await expect(caption).toContainText('Step 1 of 6 (the browser sends): Alice\'s first request carries no cookie')
  const phases = region.getByRole('list', { name: 'Phases of the request' }).locator(':scope > li')
  await expect(phases.nth(0)).toContainText('none: this browser holds no cookie to send')
  await expect(phases.nth(1)).toContainText('Next step shows this.')

  await next.click()
  await expect(caption).toContainText('Step 1 of 6 (the middleware decides)')
  await expect(phases.nth(1)).toContainText('new session')

  await next.click()
  await expect(caption).toContainText('Step 1 of 6 (the store changes)')
  await expect(phases.nth(2)).toContainText('Set-Cookie')
  await expect(region.getByText('What changed')).toBeVisible()
  await expect(region.getByRole('table', { name: /Sessions in the store/ }).locator('tbody tr[data-key]')).toHaveCount(1)

  // The keyboard steps too, while the story has focus.
  await next.focus()
  await page.keyboard.press('ArrowRight')
  await expect(caption).toContainText('Step 2 of 6: a minute passes')
  await page.keyboard.press('ArrowRight')
  await expect(caption).toContainText('Step 3 of 6 (the browser sends): the cookie comes back')
  await expect(phases.nth(0)).toContainText('connect.sid=')

  // Back: through the phases, then to the state before the action.
  await back.click()
  await expect(caption).toContainText('Step 2 of 6: a minute passes')
  await page.keyboard.press('ArrowLeft')
  await expect(caption).toContainText('Step 1 of 6 (the store changes)')
  for (let i = 0; i < 3; i++) await back.click()
  await expect(caption).toHaveText('6 steps. Press Next step to begin.')
  await expect(region.getByRole('table', { name: /Sessions in the store/ }).locator('tbody tr[data-key]')).toHaveCount(0)
  expect(errors).toEqual([])
})

// Every scenario file is a story with a link of its own.
const STORY_IDS = readdirSync(new URL('../content/scenarios/', import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''))

// Every story opens from its link in the list (a deep link, loaded afresh, is checked below); Vitest plays every one
// to its end (src/sim/story.test.ts), and here a few that exercise different parts of the widget are played to their
// last step through the page.
test('the stories page links to every scenario, and each link opens its story ready to play', async ({ page }) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/stories')
  const list = page.getByRole('navigation', { name: 'All stories' })
  const links = list.getByRole('link')
  await expect(links).toHaveCount(STORY_IDS.length)
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
  expect(hrefs.slice().sort()).toEqual(STORY_IDS.map((id) => `/stories?story=${id}`).sort())
  for (const href of hrefs) {
    await list.locator(`a[href="${href}"]`).click()
    await expect(page).toHaveURL(new RegExp(`\\?story=${href.split('=')[1]}$`))
    const region = story(page)
    await expect(region.getByRole('button', { name: 'Next step' }), href).toBeEnabled()
    await expect(region.getByRole('status').first(), href).toHaveText(/^\d+ steps\. Press Next step to begin\.$/)
  }
  expect(errors).toEqual([])
})

for (const id of ['lost-update', 'idle-expiry-zombie', 'cluster-round-robin-lost']) {
  test(`story ${id}: it plays to its last step`, async ({ page }) => {
    const errors = watchErrors(page)
    await gotoHydrated(page, `/stories?story=${id}`)
    const region = story(page)
    const next = region.getByRole('button', { name: 'Next step' })
    await expect(next).toBeEnabled()
    const caption = region.getByRole('status').first()
    const count = Number((await caption.textContent())?.match(/^(\d+) steps/)?.[1])
    expect(count).toBeGreaterThan(0)
    while (await next.isEnabled()) await next.click()
    await expect(caption).toContainText(`Step ${count} of ${count}`)
    expect(errors).toEqual([])
  })
}

test('a deep link opens the story it names, and the list links to every story', async ({ page }) => {
  const region = await openStory(page, 'fixation', /Story: Session fixation, without regenerate/)
  await expect(page.getByRole('link', { name: 'Session fixation, without regenerate' })).toHaveAttribute('aria-current', 'page')
  // Following another story's link changes the address and the story.
  await page.getByRole('link', { name: 'Idle expiry and the zombie window' }).click()
  await expect(page).toHaveURL(/\/stories\/\?story=idle-expiry-zombie$/)
  await expect(story(page, /Story: Idle expiry and the zombie window/)).toBeVisible()
  await expect(region).toHaveCount(0)
  await page.goBack()
  await expect(story(page, /Story: Session fixation, without regenerate/)).toBeVisible()
  await gotoHydrated(page, '/stories?story=no-such-story')
  await expect(page.getByText('There is no story called "no-such-story"')).toBeVisible()
})

test('a story can be left at any step for free play and resumed where it was left', async ({ page }) => {
  const errors = watchErrors(page)
  const region = await openStory(page, 'two-browsers', /Story: Two browsers/)
  const next = region.getByRole('button', { name: 'Next step' })
  for (let i = 0; i < 3; i++) await next.click()
  const caption = region.getByRole('status').first()
  await expect(caption).toContainText('Step 1 of 5 (the store changes)')
  const rows = region.getByRole('table', { name: /Sessions in the store/ }).locator('tbody tr[data-key]:not([data-ghost])')
  await expect(rows).toHaveCount(1)
  // While stepping, the world is shown but not changed by hand.
  const bob = region.getByRole('group', { name: /^bob\b/i })
  await expect(bob.getByRole('button', { name: 'Send request' })).toBeDisabled()

  await region.getByRole('button', { name: 'Play freely from here' }).click()
  await expect(caption).toContainText('You left the story at step 1 of 5')
  await expect(next).toBeDisabled()
  await bob.getByRole('button', { name: 'Send request' }).click()
  await bob.getByRole('button', { name: 'Send request' }).click()
  await expect(rows).toHaveCount(2)

  await region.getByRole('button', { name: 'Resume the story' }).click()
  await expect(caption).toContainText('Step 1 of 5')
  await expect(rows).toHaveCount(1)
  await next.click()
  await next.click()
  await next.click()
  await expect(caption).toContainText('Step 2 of 5 (the store changes): Bob gets one of his own')
  await expect(rows).toHaveCount(2)
  expect(errors).toEqual([])
})

for (const path of ['/stories?story=idle-expiry-zombie', '/expiry', '/fixation', '/since-2010']) {
  test(`${path}: axe clean with a story open, screenshots at 1280 and 375`, async ({ page }, testInfo) => {
    const errors = watchErrors(page)
    await page.setViewportSize({ width: 1280, height: 900 })
    await gotoHydrated(page, path)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    const first = story(page).first()
    await expect(first.getByRole('button', { name: 'Next step' })).toBeVisible()
    // A story part-way through, so its phases and highlights are checked too.
    for (let i = 0; i < 3; i++) await first.getByRole('button', { name: 'Next step' }).click()
    await expect(first.getByText('What changed')).toBeVisible()
    const name = path.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
    expect(await checkLook(page, testInfo, `${name}`)).toEqual([])
    expect(errors).toEqual([])
  })
}

// ---- the lessons' instructions, followed in the widgets beside them ----------------------------------------------

async function advanceBy(demo: ReturnType<Page['getByRole']>, amount: string, unit: 'ms' | 's' | 'min' | 'h') {
  await demo.getByLabel('Advance by').fill(amount)
  await demo.getByLabel('Unit to advance in').selectOption(unit)
  await demo.getByRole('button', { name: 'Advance', exact: true }).click()
}

async function sendFrom(demo: ReturnType<Page['getByRole']>, browser: string, path?: string) {
  const card = demo.getByRole('group', { name: new RegExp(`^${browser}\\b`, 'i') })
  if (path !== undefined) await card.getByLabel('Path').fill(path)
  await card.getByRole('button', { name: 'Send request' }).click()
  return card
}

function rowsOf(demo: ReturnType<Page['getByRole']>) {
  return demo.getByRole('table', { name: /Sessions in the store/ }).locator('tbody tr[data-key]:not([data-ghost])')
}

test('/expiry: a browser that honours the expiry starts over in the zombie window; a cookie issued before maxAge was lowered revives the zombie', async ({ page }) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/expiry')
  await expect(page.getByRole('heading', { level: 1, name: 'Expiry, reaping and the zombie window' })).toBeVisible()

  const honest = page.getByRole('region', { name: 'A browser that honours the expiry' })
  await expect(rowsOf(honest)).toHaveCount(1)
  await advanceBy(honest, '65', 's')
  await expect(rowsOf(honest).first()).toContainText('zombie')
  const alice = await sendFrom(honest, 'alice')
  await expect(alice.locator('.sim-response')).toContainText('views: 1')
  await expect(alice.locator('.sim-response')).toContainText('new session')
  await expect(rowsOf(honest)).toHaveCount(2)

  const lowered = page.getByRole('region', { name: 'maxAge lowered after the cookie was issued' })
  const maxAge = lowered.getByRole('spinbutton', { name: 'maxAge', exact: true })
  await maxAge.fill('20')
  await lowered.getByRole('combobox', { name: 'Unit for maxAge' }).selectOption('s')
  await maxAge.press('Enter')
  await expect(lowered).toContainText('maxAge 20 s, reapInterval 1 min')
  await advanceBy(lowered, '30', 's')
  await expect(rowsOf(lowered).first()).toContainText('zombie')
  const revived = await sendFrom(lowered, 'alice')
  await expect(revived.locator('.sim-response')).toContainText('views: 2')
  await expect(revived.locator('.sim-response')).not.toContainText('new session')
  await expect(rowsOf(lowered)).toHaveCount(1)
  await expect(rowsOf(lowered).first()).not.toContainText('zombie')
  expect(errors).toEqual([])
})

test('/fixation: the attack and the defence, played by hand as the page says, without touching the fingerprint', async ({ page }) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/fixation')
  await expect(page.getByRole('heading', { level: 1, name: 'Fixation and regenerate' })).toBeVisible()

  const attack = page.getByRole('region', { name: 'Fixation, live' })
  const mallory = await sendFrom(attack, 'mallory')
  await expect(mallory.locator('.sim-response')).toContainText('views: 1')
  await mallory.getByRole('button', { name: 'Copy cookie to victim' }).click()
  const victim = await sendFrom(attack, 'victim', '/login?user=victim')
  await expect(victim.locator('.sim-response')).toContainText('logged in as victim')
  await expect(rowsOf(attack)).toHaveCount(1)
  await sendFrom(attack, 'mallory', '/whoami')
  await expect(mallory.locator('.sim-response')).toContainText('victim')

  const defence = page.getByRole('region', { name: 'Regenerate, live' })
  const m2 = await sendFrom(defence, 'mallory')
  await expect(m2.locator('.sim-response')).toContainText('views: 1')
  await m2.getByRole('button', { name: 'Copy cookie to victim' }).click()
  const planted = (await defence.getByRole('list', { name: 'Cookies of victim' }).textContent()) ?? ''
  const v2 = await sendFrom(defence, 'victim', '/login?user=victim&regenerate=1')
  await expect(v2.locator('.sim-response')).toContainText('logged in as victim (session regenerated)')
  await expect(defence.getByRole('list', { name: 'Cookies of victim' })).not.toHaveText(planted)
  await sendFrom(defence, 'mallory', '/whoami')
  await expect(m2.locator('.sim-response')).toContainText('anonymous')
  expect(errors).toEqual([])
})

test('/since-2010: a new address under the browser-only binding, a new browser under none, and a Secure cookie withheld over HTTP', async ({ page }) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/since-2010')
  await expect(page.getByRole('heading', { level: 1, name: 'From 2010 to today' })).toBeVisible()

  const ua = page.getByRole('region', { name: 'Bound to the browser only' })
  const phone = ua.getByRole('group', { name: /^phone\b/i })
  await phone.getByLabel('IP address').fill('100.64.23.9')
  await phone.getByLabel('IP address').press('Enter')
  await sendFrom(ua, 'phone', '/whoami')
  await expect(phone.locator('.sim-response')).toContainText('carol')

  const none = page.getByRole('region', { name: 'No binding' })
  const alice = none.getByRole('group', { name: /^alice\b/i })
  await alice.getByLabel('User-Agent').fill('Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0')
  await alice.getByLabel('User-Agent').press('Enter')
  await sendFrom(none, 'alice', '/whoami')
  await expect(alice.locator('.sim-response')).toContainText('alice')

  const secure = page.getByRole('region', { name: 'A Secure cookie over plain HTTP' })
  await sendFrom(secure, 'alice')
  await expect(secure).toContainText('no Set-Cookie (insecure-connection)')
  await expect(secure.getByRole('list', { name: 'Cookies of alice' })).toHaveCount(0)
  expect(errors).toEqual([])
})

test('/session: the zombie revival the page now describes can be done in its demo', async ({ page }) => {
  const errors = watchErrors(page)
  await gotoHydrated(page, '/session')
  const demo = page.getByRole('region', { name: 'reapInterval and maxAge' })
  await demo.getByRole('button', { name: 'Step to next reap' }).click()
  const alice = await sendFrom(demo, 'alice')
  await expect(alice.locator('.sim-response')).toContainText('views: 2')
  const maxAge = demo.getByRole('spinbutton', { name: 'maxAge', exact: true })
  await maxAge.fill('1')
  await maxAge.press('Enter')
  await advanceBy(demo, '1.5', 's')
  await sendFrom(demo, 'alice')
  await expect(alice.locator('.sim-response')).toContainText('views: 3')
  await expect(alice.locator('.sim-response')).not.toContainText('new session')
  expect(errors).toEqual([])
})
