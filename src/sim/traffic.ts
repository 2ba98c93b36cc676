// Request streams made to order, for the compare view and its benchmark: busy mixed traffic, and a crawler's flood.
import type { ActionData, TimedAction } from './actions.ts'
import type { Recording } from './recording.ts'

/**
 * Mixed traffic as a recording: 2,000 returning browsers (or `browserCount`) on 7 User-Agents, a request every 20 virtual ms, a phone
 * changing network every 400 requests, a stolen cookie replayed from another address every 1,000, and a 100-request
 * crawl every 5,000.
 */
export function mixedTraffic(requests: number, browserCount = 2_000): Recording {
  const BROWSERS = browserCount
  const browsers = []
  for (let i = 0; i < BROWSERS; i++) browsers.push({ name: `b${i}`, userAgent: `Agent/${i % 7}`, ip: `10.0.${(i >> 8) & 255}.${i & 255}` })
  browsers.push({ name: 'thief', userAgent: 'Agent/0', ip: '203.0.113.9' }, { name: 'crawler', userAgent: 'Crawler/1', ip: '198.51.100.1' })
  const actions: TimedAction<ActionData>[] = []
  let sent = 0
  let i = 0
  while (sent < requests) {
    const at = i * 20
    const b = `b${(i * 7919) % BROWSERS}`
    if (i % 400 === 399) actions.push({ kind: 'setIp', browser: b, ip: `100.64.${(i >> 8) & 255}.${i & 255}`, at })
    if (i % 1000 === 999 && sent + 1 < requests) {
      actions.push({ kind: 'stealCookie', from: b, to: 'thief', at })
      actions.push({ kind: 'send', browser: 'thief', path: '/whoami', at })
      sent++
    }
    if (i % 5000 === 4999 && sent + 100 <= requests) {
      actions.push({ kind: 'burst', browser: 'crawler', count: 100, at })
      sent += 100
    }
    if (sent < requests) {
      actions.push({ kind: 'send', browser: b, path: '/', at })
      sent++
    }
    i++
  }
  return { config: { seed: 5 }, browsers, actions }
}


/** A crawler that keeps no cookies sends `count` requests, one a second, beside one returning visitor. */
export function crawlerFlood(count: number): Recording {
  const actions: TimedAction<ActionData>[] = []
  for (let i = 0; i < count; i++) {
    actions.push({ kind: 'burst', browser: 'crawler', count: 1, at: i * 1000 })
    if (i % 60 === 0) actions.push({ kind: 'send', browser: 'visitor', path: '/', at: i * 1000 })
  }
  return {
    config: {},
    browsers: [
      { name: 'visitor', userAgent: 'Mozilla/5.0 (Windows NT 6.1) Firefox/3.6', ip: '192.0.2.10' },
      { name: 'crawler', userAgent: 'Crawler/1.0', ip: '198.51.100.1' },
    ],
    actions,
  }
}
