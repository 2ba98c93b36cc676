// A solution's actions in words, for the caption shown while "Show solution" plays them.
import { checkCluster, describeCluster, type ActionData } from '../../sim/index.ts'
import { describeAgent } from '../sim/BrowserCard.tsx'
import { formatDuration, formatNumber } from '../ui/format.ts'

const ORDERS: Record<string, string> = {
  'decoder-first': 'cookieDecoder above session()',
  'decoder-after': 'cookieDecoder below session()',
  'decoder-missing': 'no cookieDecoder',
}

const FINGERPRINTS: Record<string, string> = {
  default: 'IP address and User-Agent',
  'user-agent': 'the User-Agent only',
  none: 'nothing (no binding)',
}

function settingsWords(a: Extract<ActionData, { kind: 'configure' }>): string {
  const parts: string[] = []
  if (a.maxAge !== undefined) parts.push(`maxAge becomes ${formatDuration(a.maxAge)}`)
  if (a.reapInterval !== undefined) parts.push(a.reapInterval < 0 ? 'reaping is turned off' : `reapInterval becomes ${formatDuration(a.reapInterval)}`)
  if (a.fingerprint !== undefined) parts.push(`the fingerprint uses ${typeof a.fingerprint === 'string' ? (FINGERPRINTS[a.fingerprint] ?? a.fingerprint) : 'a function of your own'}`)
  if (a.stackOrder !== undefined) parts.push(`the stack has ${ORDERS[a.stackOrder] ?? a.stackOrder}`)
  if (a.faults?.latency !== undefined) parts.push(`each store operation takes ${a.faults.latency} ms`)
  if (a.faults?.failNextGet !== undefined) parts.push(`the next ${a.faults.failNextGet} gets fail`)
  if (a.faults?.failNextSet !== undefined) parts.push(`the next ${a.faults.failNextSet} sets fail`)
  if (a.faults?.failureRate !== undefined) parts.push(`store operations fail at a rate of ${a.faults.failureRate}`)
  if (a.cookie !== undefined) parts.push('the cookie attributes change')
  if (a.cluster !== undefined) parts.push(`the deployment becomes ${describeCluster(checkCluster(a.cluster))}`)
  return parts.length === 0 ? 'the settings stay as they are' : parts.join(', ')
}

/** One action as a short sentence ("Mallory sends GET /whoami"). */
export function actionWords(a: ActionData): string {
  switch (a.kind) {
    case 'send':
      return `${a.browser} sends ${a.method ?? 'GET'} ${a.path ?? '/'}`
    case 'burst':
      return `${a.browser} sends ${formatNumber(a.count)} requests, keeping no cookies`
    case 'advance':
      return `the clock moves on ${formatDuration(a.ms)}`
    case 'addBrowser':
      return `a browser called ${a.name} joins`
    case 'removeBrowser':
      return `${a.browser} leaves`
    case 'stealCookie':
      return `${a.from}'s session cookie is copied into ${a.to}`
    case 'setIp':
      return `${a.browser}'s IP address becomes ${a.ip}`
    case 'setUserAgent':
      return `${a.browser}'s User-Agent becomes that of ${describeAgent(a.userAgent)}`
    case 'clearCookies':
      return `${a.browser}'s cookies are cleared`
    case 'setCookie':
      return `${a.browser}'s ${a.name} cookie is set by hand to ${a.value === '' ? 'an empty value' : a.value}`
    case 'configure':
      return settingsWords(a)
    case 'storeCall':
      return `the store's ${a.method}() is called`
  }
}
