// The playground's sharing, provided by the site: links and scenario files packed by ./share.
import type { Sharing } from '../components/index.ts'
import { SHARE_PARAM, ShareError, captureShare, customSources, decodeShare, encodeShare, exportScenario, restoreWorld } from './share/index.ts'

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Sharing through `?state=` links and scenario files. */
export const siteSharing: Sharing = {
  param: SHARE_PARAM,
  open(payload) {
    try {
      const state = decodeShare(payload)
      return {
        sources: customSources(state),
        start(compile) {
          const { world, origin } = restoreWorld(state, compile)
          return { options: { existing: world }, origin }
        },
      }
    } catch (err) {
      throw err instanceof ShareError ? err : new Error(`This link could not be opened: ${messageOf(err)}`)
    }
  },
  link: (simulation, origin) => encodeShare(captureShare(simulation.getState().world, origin)),
  exportScenario: (simulation, origin, title, description) => exportScenario(captureShare(simulation.getState().world, origin), title, description),
}
