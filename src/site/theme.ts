// Light and dark: the system decides until the reader picks one; the pick is kept in localStorage.
// index.html runs the same few lines before the first paint, so a stored pick never flashes the other theme.
import { useSyncExternalStore } from 'react'

export type Theme = 'light' | 'dark'

export const THEME_STORAGE_KEY = 'sessionscope:theme'
const DARK_QUERY = '(prefers-color-scheme: dark)'

const listeners = new Set<() => void>()

function readStored(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY)
    return value === 'light' || value === 'dark' ? value : null
  } catch {
    // Storage can be switched off; the system's preference still works.
    return null
  }
}

function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light'
}

/** The theme in force: the stored pick, else the system's. */
export function currentTheme(): Theme {
  return readStored() ?? systemTheme()
}

/** Whether the reader has picked a theme (rather than following the system). */
export function themeIsPicked(): boolean {
  return readStored() !== null
}

/** Writes the theme in force onto `<html data-theme>`, which theme.css keys every colour on. */
export function applyTheme(): void {
  document.documentElement.dataset.theme = currentTheme()
  for (const listener of listeners) listener()
}

/** Picks a theme and keeps it, or (null) goes back to following the system. */
export function pickTheme(theme: Theme | null): void {
  try {
    if (theme === null) localStorage.removeItem(THEME_STORAGE_KEY)
    else localStorage.setItem(THEME_STORAGE_KEY, theme)
  } catch {
    // Without storage the pick lasts for this page only.
    if (theme !== null) {
      document.documentElement.dataset.theme = theme
      for (const listener of listeners) listener()
      return
    }
  }
  applyTheme()
}

/** Switches to the other theme and keeps the pick. */
export function toggleTheme(): void {
  pickTheme(readTheme() === 'dark' ? 'light' : 'dark')
}

function readTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'
}

let watching = false

/** Follows system changes (while nothing is picked) and picks made in other tabs. Call once at start-up. */
export function watchTheme(): void {
  if (watching) return
  watching = true
  applyTheme()
  matchMedia(DARK_QUERY).addEventListener('change', applyTheme)
  window.addEventListener('storage', (event) => {
    if (event.key === THEME_STORAGE_KEY || event.key === null) applyTheme()
  })
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** The theme shown on `<html>`, re-rendering when it changes. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, readTheme, () => 'light')
}
