// The exercises in the order the site lists them: what the navigation's progress count needs, without loading the
// exercises themselves (the test beside the catalog checks this list against content/exercises).

/** Every exercise id, in order. */
export const EXERCISE_IDS = ['nat-hijack', 'phone-ip', 'fixation', 'zombie', 'reap-three', 'lost-update', 'flood', 'decoder-order', 'round-trip'] as const

/** The path of the exercises page, and of one exercise on it. */
export const EXERCISES_PATH = '/exercises'

/** The deep link to one exercise: a query string on the listed page (the site is static). */
export function exerciseHref(id: string): string {
  return `${EXERCISES_PATH}?exercise=${encodeURIComponent(id)}`
}
