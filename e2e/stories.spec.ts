import { test, expect, type Page } from '@playwright/test'
import { attachScreenshot, seriousViolations, watchErrors } from './helpers.ts'

// Story mode: a scenario stepped forward and back with its captions, a deep link to one story, leaving a story for
// free play and resuming it, and the lesson pages that embed stories.

function story(page: Page, name: RegExp | string = /Story/) {
  return page.getByRole('region', { name })
}

async function openStory(page: Page, id: string, title: RegExp): Promise<ReturnType<typeof story>> {
  await page.goto(`/stories?story=${id}`)
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
  const phases = region.getByRole('list', { name: 'Phases of the request' }).getByRole('listitem')
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

test('every story plays to its last step', async ({ page }) => {
  await page.goto('/stories')
  const links = page.getByRole('navigation', { name: 'All stories' }).getByRole('link')
  await expect(links).toHaveCount(14)
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
  for (const href of hrefs) {
    await page.goto(href)
    const region = story(page)
    const next = region.getByRole('button', { name: 'Next step' })
    await expect(next).toBeEnabled()
    const count = Number((await region.getByRole('status').first().textContent())?.match(/^(\d+) steps/)?.[1])
    expect(count).toBeGreaterThan(0)
    while (await next.isEnabled()) await next.click()
    await expect(region.getByRole('status').first()).toContainText(`Step ${count} of ${count}`)
  }
})

test('a deep link opens the story it names, and the list links to every story', async ({ page }) => {
  const region = await openStory(page, 'fixation', /Story: Session fixation, without regenerate/)
  await expect(page.getByRole('link', { name: 'Session fixation, without regenerate' })).toHaveAttribute('aria-current', 'page')
  // Following another story's link changes the address and the story.
  await page.getByRole('link', { name: 'Idle expiry and the zombie window' }).click()
  await expect(page).toHaveURL(/\/stories\?story=idle-expiry-zombie$/)
  await expect(story(page, /Story: Idle expiry and the zombie window/)).toBeVisible()
  await expect(region).toHaveCount(0)
  await page.goBack()
  await expect(story(page, /Story: Session fixation, without regenerate/)).toBeVisible()
  await page.goto('/stories?story=no-such-story')
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

for (const colorScheme of ['light', 'dark'] as const) {
  for (const path of ['/stories?story=idle-expiry-zombie', '/expiry', '/fixation', '/since-2010']) {
    test(`${path} (${colorScheme}): axe clean with a story open, screenshots at 1280 and 375`, async ({ page }, testInfo) => {
      const errors = watchErrors(page)
      await page.emulateMedia({ colorScheme })
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.goto(path)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      const first = story(page).first()
      await expect(first.getByRole('button', { name: 'Next step' })).toBeVisible()
      // A story part-way through, so its phases and highlights are checked too.
      for (let i = 0; i < 3; i++) await first.getByRole('button', { name: 'Next step' }).click()
      await expect(first.getByText('What changed')).toBeVisible()
      const name = path.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
      expect(await seriousViolations(page, testInfo, `${name}-${colorScheme}-1280`)).toEqual([])
      await attachScreenshot(page, testInfo, `${name}-1280-${colorScheme}.png`)
      await page.setViewportSize({ width: 375, height: 800 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
      expect(await seriousViolations(page, testInfo, `${name}-${colorScheme}-375`)).toEqual([])
      await attachScreenshot(page, testInfo, `${name}-375-${colorScheme}.png`)
      expect(errors).toEqual([])
    })
  }
}
