// Offline reading: the build (scripts/prerender.ts) writes a Workbox service worker, `sw.js`, that precaches every
// page and asset. Registering it after the page has loaded keeps it off the critical path.
import { BASE } from './base.ts'

/** Registers the build's service worker (production builds only; the dev server has none). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  const register = () => {
    navigator.serviceWorker.register(`${BASE}sw.js`, { scope: BASE }).catch(() => {
      // Without a service worker the site still works online; nothing to tell the reader.
    })
  }
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}
