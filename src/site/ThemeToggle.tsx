import { toggleTheme, useTheme } from './theme.ts'
import { MoonIcon, SunIcon } from '../components/index.ts'

/** The header's dark-mode switch: pressed means dark. The pick is remembered; until then the system decides. */
export function ThemeToggle() {
  const theme = useTheme()
  const dark = theme === 'dark'
  return (
    <button
      type="button"
      className="icon-button theme-toggle"
      aria-pressed={dark}
      aria-label="Dark mode"
      title={dark ? 'Switch to the light theme (t)' : 'Switch to the dark theme (t)'}
      onClick={toggleTheme}
    >
      {dark ? <MoonIcon /> : <SunIcon />}
    </button>
  )
}
