// Writes the two sample HAR files in content/recordings/: traffic the project made up, shaped as DevTools saves it
// (HAR 1.2), for the playground's "Import HAR" and its tests. Deterministic: running it again writes the same files.
//   node scripts/make-har-samples.mjs
// HAR has no field for the client's address, so each entry carries SessionScope's own `_clientIPAddress` (custom
// fields start with an underscore in HAR); a file saved by a browser has none, and the reader assigns addresses.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'content', 'recordings')
const HOST = 'app.example.com'
const SERVER_IP = '93.184.216.34'

const UA = {
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  chromeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  firefoxWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
}

/** A made-up session id, the same every run. */
function sid(seed) {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32)
}

/** The body the demo app would answer with, for the sample's own responses. */
function answer(method, path, user, views) {
  const bare = path.split('?')[0]
  if (method === 'GET' && bare === '/') return { status: 200, text: `views: ${views}` }
  if (method === 'GET' && bare === '/whoami') return { status: 200, text: user ?? 'anonymous' }
  if (method === 'POST' && bare === '/login') return { status: 200, text: `logged in as ${user}` }
  if (method === 'POST' && bare === '/logout') return { status: 200, text: 'logged out' }
  return { status: 404, text: `Cannot ${method} ${bare}` }
}

/**
 * One HAR entry. `who` is the client's running state (its cookie, user and view count), updated as a browser would:
 * the first response sets the cookie, later requests send it.
 */
function entry(who, at, method, path, { body, ip } = {}) {
  const url = `https://${HOST}${path}`
  const query = new URL(url).searchParams
  const requestCookies = who.cookie === null ? [] : [{ name: 'connect.sid', value: who.cookie }]
  const headers = [
    { name: 'Host', value: HOST },
    { name: 'User-Agent', value: who.userAgent },
    { name: 'Accept', value: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    { name: 'Accept-Language', value: 'en-GB,en;q=0.9' },
  ]
  if (who.cookie !== null) headers.push({ name: 'Cookie', value: `connect.sid=${who.cookie}` })
  if (body !== undefined) headers.push({ name: 'Content-Type', value: 'application/x-www-form-urlencoded' })

  const bare = path.split('?')[0]
  if (method === 'POST' && bare === '/login') who.user = query.get('user') ?? new URLSearchParams(body ?? '').get('user')
  if (method === 'GET' && bare === '/') who.views++
  const { status, text } = answer(method, path, who.user, who.views)
  if (method === 'POST' && bare === '/logout') who.user = null

  const setCookie = []
  if (who.cookie === null) {
    who.cookie = sid(`${who.seed}`)
    const expires = new Date(at.getTime() + 4 * 3_600_000)
    setCookie.push({ name: 'connect.sid', value: who.cookie, path: '/', expires: expires.toISOString(), httpOnly: true, secure: false })
  }
  const wait = 18 + ((who.views * 7 + path.length * 3) % 40)
  const timings = { blocked: 1.2, dns: -1, connect: -1, ssl: -1, send: 0.2, wait, receive: 0.6 }
  const e = {
    pageref: `page_${who.page}`,
    startedDateTime: at.toISOString(),
    time: timings.blocked + timings.send + timings.wait + timings.receive,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: requestCookies,
      headers,
      queryString: [...query].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: body === undefined ? 0 : body.length,
    },
    response: {
      status,
      statusText: status === 200 ? 'OK' : 'Not Found',
      httpVersion: 'HTTP/1.1',
      cookies: setCookie,
      headers: [
        { name: 'Content-Type', value: 'text/plain' },
        { name: 'Content-Length', value: String(text.length) },
        ...setCookie.map((c) => ({ name: 'Set-Cookie', value: `connect.sid=${c.value}; path=/; expires=${new Date(c.expires).toUTCString()}; httpOnly` })),
      ],
      content: { size: text.length, mimeType: 'text/plain', text },
      redirectURL: '',
      headersSize: -1,
      bodySize: text.length,
    },
    cache: {},
    timings,
    serverIPAddress: SERVER_IP,
    connection: String(4100 + who.page),
    _clientIPAddress: ip ?? who.ip,
  }
  if (body !== undefined) {
    e.request.postData = { mimeType: 'application/x-www-form-urlencoded', text: body, params: [...new URLSearchParams(body)].map(([name, value]) => ({ name, value })) }
  }
  return e
}

function client(seed, userAgent, ip) {
  return { seed, userAgent, ip, cookie: null, user: null, views: 0, page: 1 }
}

function har(title, entries) {
  entries.sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime))
  const pages = [...new Set(entries.map((e) => e.pageref))].map((id) => {
    const first = entries.find((e) => e.pageref === id)
    return { startedDateTime: first.startedDateTime, id, title, pageTimings: { onContentLoad: -1, onLoad: -1 } }
  })
  return { log: { version: '1.2', creator: { name: 'SessionScope sample maker', version: '1.0' }, pages, entries } }
}

const minutes = (base, m, s = 0) => new Date(base.getTime() + m * 60_000 + s * 1000)

// A person on a phone: logs in on home Wi-Fi, walks out onto mobile data (a carrier NAT address), then sits down in a
// café on its Wi-Fi. The phone keeps its cookie throughout; only the address changes.
function phone() {
  const base = new Date('2026-03-02T07:58:00Z')
  const maria = client('maria-phone', UA.iphone, '192.0.2.44')
  const e = []
  e.push(entry(maria, minutes(base, 0), 'GET', '/'))
  e.push(entry(maria, minutes(base, 0, 3), 'GET', '/favicon.ico'))
  e.push(entry(maria, minutes(base, 1, 10), 'POST', '/login', { body: 'user=maria' }))
  e.push(entry(maria, minutes(base, 1, 12), 'GET', '/whoami'))
  e.push(entry(maria, minutes(base, 6), 'GET', '/'))
  maria.ip = '100.72.19.201' // mobile data, behind the carrier's NAT
  maria.page = 2
  e.push(entry(maria, minutes(base, 14, 30), 'GET', '/whoami'))
  e.push(entry(maria, minutes(base, 15), 'GET', '/'))
  e.push(entry(maria, minutes(base, 22, 40), 'GET', '/whoami'))
  maria.ip = '203.0.113.25' // the café's Wi-Fi
  maria.page = 3
  e.push(entry(maria, minutes(base, 31), 'GET', '/'))
  e.push(entry(maria, minutes(base, 31, 2), 'GET', '/whoami'))
  e.push(entry(maria, minutes(base, 48, 20), 'GET', '/'))
  e.push(entry(maria, minutes(base, 55), 'POST', '/logout'))
  e.push(entry(maria, minutes(base, 55, 4), 'GET', '/whoami'))
  return har('Phone between networks', e)
}

// An office behind one NAT: five people, every request from the same public address. Two of them run the company's
// standard Chrome build, so they send the same User-Agent too; only their cookies tell them apart.
function office() {
  const base = new Date('2026-03-03T08:55:00Z')
  const NAT = '198.51.100.23'
  const people = [
    ['ana', UA.chromeWin, 0],
    ['ben', UA.chromeWin, 2],
    ['chloe', UA.firefoxWin, 5],
    ['dev', UA.safariMac, 9],
    ['emil', UA.chromeWin, 14],
  ]
  const e = []
  for (const [user, userAgent, start] of people) {
    const who = client(`office-${user}`, userAgent, NAT)
    e.push(entry(who, minutes(base, start), 'GET', '/'))
    e.push(entry(who, minutes(base, start, 20), 'POST', `/login?user=${user}`))
    e.push(entry(who, minutes(base, start, 22), 'GET', '/whoami'))
    for (let k = 1; k <= 3; k++) e.push(entry(who, minutes(base, start + k * 11, user.length * 3), 'GET', '/'))
    e.push(entry(who, minutes(base, start + 40, 7), 'GET', '/whoami'))
    if (user !== 'dev') e.push(entry(who, minutes(base, start + 52), 'POST', '/logout'))
  }
  return har('Office behind one NAT', e)
}

mkdirSync(OUT, { recursive: true })
for (const [name, data] of [
  ['phone-between-networks.har', phone()],
  ['office-behind-nat.har', office()],
]) {
  writeFileSync(join(OUT, name), JSON.stringify(data, null, 2) + '\n')
  console.log(`wrote content/recordings/${name} (${data.log.entries.length} entries)`)
}
