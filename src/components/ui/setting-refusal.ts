import { checkSettings, type WorldSettings } from '../../sim/index.ts'

/**
 * The simulator's verdict on settings before they are applied (the library's own checks), or null when it takes them;
 * fields use it to say why a value would be refused while it is being typed.
 */
export function settingRefusal(settings: WorldSettings): string | null {
  try {
    checkSettings(settings)
    return null
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}
