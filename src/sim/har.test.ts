import { describe, expect, it } from 'vitest'
import phoneHar from '../../content/recordings/phone-between-networks.har?raw'
import officeHar from '../../content/recordings/office-behind-nat.har?raw'
import { parseRecording } from './action-schema.ts'
import { agentFamily, harToRecording, HarImportError, MAX_HAR_BYTES, MAX_HAR_ENTRIES, readHar, type HarProblem } from './har.ts'
import { restoreRecording } from './recording.ts'
import { loadScenario, runScenario, scenarioOf } from './scenario.ts'
import type { ExchangeRecord } from './trace.ts'

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'

/** A minimal, valid HAR entry. */
function entry(at: string, url: string, extra: { method?: string; cookie?: string; setCookie?: string; ua?: string; body?: string; ip?: string } = {}) {
  const headers = [{ name: 'User-Agent', value: extra.ua ?? UA }]
  if (extra.cookie !== undefined) headers.push({ name: 'Cookie', value: extra.cookie })
  return {
    startedDateTime: at,
    time: 12,
    request: {
      method: extra.method ?? 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers,
      queryString: [],
      headersSize: -1,
      bodySize: 0,
      ...(extra.body === undefined ? {} : { postData: { mimeType: 'application/x-www-form-urlencoded', text: extra.body } }),
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: extra.setCookie === undefined ? [] : [{ name: 'set-cookie', value: extra.setCookie }],
      content: { size: 0, mimeType: 'text/plain' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 10, receive: 2 },
    ...(extra.ip === undefined ? {} : { _clientIPAddress: extra.ip }),
  }
}

function har(entries: unknown[]) {
  return { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }
}

function problemOf(input: unknown): HarProblem | string {
  try {
    readHar(input)
    return 'accepted'
  } catch (err) {
    if (err instanceof HarImportError) return err.problem
    throw err
  }
}

describe('harToRecording', () => {
  it('keeps each request: its method, its path and query, its body, and its time since the first', () => {
    const rec = harToRecording(
      har([
        entry('2026-01-05T10:00:00.000Z', 'https://shop.example/', { setCookie: 'sid=1; path=/' }),
        entry('2026-01-05T10:00:02.500Z', 'https://shop.example/login?user=amy', { method: 'post', cookie: 'sid=1', body: 'user=amy' }),
        entry('2026-01-05T10:05:00.000Z', 'https://shop.example/whoami', { cookie: 'sid=1' }),
      ]),
    )
    expect(rec.config.startTime).toBe(Date.parse('2026-01-05T10:00:00.000Z'))
    expect(rec.browsers).toEqual([{ name: 'chrome-1', userAgent: UA, ip: '198.51.100.10' }])
    expect(rec.actions).toEqual([
      { kind: 'send', browser: 'chrome-1', method: 'GET', path: '/', at: 0 },
      { kind: 'send', browser: 'chrome-1', method: 'POST', path: '/login?user=amy', body: 'user=amy', at: 2500 },
      { kind: 'send', browser: 'chrome-1', method: 'GET', path: '/whoami', at: 300_000 },
    ])
    // It is a recording of the action language: the schema accepts it and a world plays it.
    expect(parseRecording(JSON.parse(JSON.stringify(rec)))).toEqual(rec)
  })

  it('sorts requests by their start time, whatever order the file lists them in', () => {
    const rec = harToRecording(har([entry('2026-01-05T10:00:09Z', 'https://a.example/whoami'), entry('2026-01-05T10:00:00Z', 'https://a.example/')]))
    expect(rec.actions.map((a) => [a.at, (a as { path?: string }).path])).toEqual([
      [0, '/'],
      [9000, '/whoami'],
    ])
  })

  it('tells clients apart by User-Agent and by cookies, and keeps a cookieless request with the client it belongs to', () => {
    const other = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0'
    const read = readHar(
      har([
        entry('2026-01-05T10:00:00Z', 'https://a.example/', { setCookie: 'sid=aaa' }),
        // Same User-Agent, no cookie, while the first client already holds one for this host: a second person.
        entry('2026-01-05T10:00:01Z', 'https://a.example/', { setCookie: 'sid=bbb' }),
        // A cookieless request to another host (a CDN) joins the most recent client of that User-Agent.
        entry('2026-01-05T10:00:02Z', 'https://cdn.example/app.css'),
        entry('2026-01-05T10:00:03Z', 'https://a.example/whoami', { cookie: 'sid=aaa' }),
        entry('2026-01-05T10:00:04Z', 'https://a.example/', { ua: other }),
        entry('2026-01-05T10:00:05Z', 'https://a.example/whoami', { cookie: 'sid=bbb' }),
      ]),
    )
    expect(read.clients.map((c) => [c.name, c.requests, c.hosts])).toEqual([
      ['chrome-1', 2, ['a.example']],
      ['chrome-2', 3, ['a.example', 'cdn.example']],
      ['firefox-1', 1, ['a.example']],
    ])
    const rec = read.toRecording()
    expect(rec.actions.map((a) => (a as { browser: string }).browser)).toEqual(['chrome-1', 'chrome-2', 'chrome-2', 'chrome-1', 'firefox-1', 'chrome-2'])
    // Each client gets an address of its own unless the reader picks one.
    expect(rec.browsers.map((b) => b.ip)).toEqual(['198.51.100.10', '198.51.100.11', '198.51.100.12'])
  })

  it("lets the reader set each client's starting address, and refuses an address that is not one", () => {
    const read = readHar(har([entry('2026-01-05T10:00:00Z', 'https://a.example/')]))
    expect(read.toRecording({ 'chrome-1': '2001:db8::7' }).browsers[0]?.ip).toBe('2001:db8::7')
    expect(() => read.toRecording({ 'chrome-1': '999.1.1.1' })).toThrow(/not usable/)
    expect(() => read.toRecording({ nobody: '192.0.2.1' })).toThrow(/no client called "nobody"/)
  })

  it('refuses each kind of bad file with one clear error', () => {
    expect(problemOf('this is not json')).toBe('not-json')
    expect(problemOf('{"hello": 1}')).toBe('not-har')
    expect(problemOf(har([]))).toBe('no-entries')
    expect(problemOf(har([{ ...entry('2026-01-05T10:00:00Z', 'https://a.example/'), request: { method: 'GET' } }]))).toBe('not-har')
    expect(problemOf(har([entry('yesterday', 'https://a.example/')]))).toBe('bad-entry')
    expect(problemOf(har([entry('2026-01-05T10:00:00Z', 'not a url')]))).toBe('bad-entry')
    expect(problemOf(har([entry('2026-01-05T10:00:00Z', 'https://a.example/', { ip: 'the office' })]))).toBe('bad-entry')
    expect(problemOf(' '.repeat(MAX_HAR_BYTES + 1))).toBe('too-large')
    const many = har(new Array(MAX_HAR_ENTRIES + 1).fill(entry('2026-01-05T10:00:00Z', 'https://a.example/')))
    expect(problemOf(many)).toBe('too-many')
  })

  it('names where a file breaks the HAR shape, and what to do when it is not JSON', () => {
    const bad = har([{ ...entry('2026-01-05T10:00:00Z', 'https://a.example/'), response: { status: 'fine' } }])
    expect(() => readHar(bad)).toThrow('This is not a valid HAR 1.2 file: log.entries[0].response.status expected number')
    expect(() => readHar('{')).toThrow(/not JSON.*Save all as HAR/)
    expect(() => readHar('[]')).toThrow(/no "log" object/)
  })

  it('names clients for the kind of browser they are', () => {
    expect(agentFamily('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1')).toBe('iphone')
    expect(agentFamily('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBe('bot')
    expect(agentFamily('curl/8.5.0')).toBe('curl')
    expect(agentFamily('')).toBe('client')
  })
})

/** Every exchange of a played recording, in order. */
function exchanges(json: string, ips?: Record<string, string>): ExchangeRecord[] {
  const scenario = loadScenario(scenarioOf(harToRecording(json, ips === undefined ? {} : { ips }), 'sample', ''))
  const run = runScenario(scenario)
  expect(run.failures).toEqual([])
  return run.steps.flatMap((s) => (s.exchange === null ? [] : [s.exchange]))
}

describe('the sample recordings', () => {
  it('phone between networks: one client whose address changes twice, and whose session the 2010 fingerprint loses', () => {
    const read = readHar(phoneHar)
    expect(read.clients).toHaveLength(1)
    expect(read.clients[0]?.name).toBe('iphone-1')
    expect(read.clients[0]?.addresses).toEqual(['192.0.2.44', '100.72.19.201', '203.0.113.25'])
    const rec = read.toRecording()
    expect(rec.actions.filter((a) => a.kind === 'setIp').map((a) => (a as { ip: string }).ip)).toEqual(['100.72.19.201', '203.0.113.25'])
    const xs = exchanges(phoneHar)
    expect(xs).toHaveLength(13)
    // The login holds on home Wi-Fi; on mobile data the fingerprint (id + address + User-Agent) no longer matches.
    const whoami = xs.filter((x) => x.request.path === '/whoami').map((x) => x.response.body)
    expect(whoami).toEqual(['maria', 'anonymous', 'anonymous', 'anonymous', 'anonymous'])
    // New sessions: at home, on mobile data, in the café, and after the logout destroyed the last one.
    expect(xs.filter((x) => x.newSession).length).toBe(4)
    // The favicon is not one of the demo app's routes: it gets the library's 404, as an unknown path should.
    expect(xs.find((x) => x.request.path === '/favicon.ico')?.response.status).toBe(404)
  })

  it('office behind one NAT: five clients on one address, two with the same User-Agent, each keeping its own session', () => {
    const read = readHar(officeHar)
    expect(read.clients.map((c) => c.name)).toEqual(['chrome-1', 'chrome-2', 'firefox-1', 'safari-1', 'chrome-3'])
    expect(new Set(read.clients.map((c) => c.ip))).toEqual(new Set(['198.51.100.23']))
    expect(read.clients[0]?.userAgent).toBe(read.clients[1]?.userAgent)
    const xs = exchanges(officeHar)
    expect(xs.filter((x) => x.newSession).length).toBe(5)
    const names = xs.filter((x) => x.request.path === '/whoami').map((x) => x.response.body)
    expect(names).toEqual(['ana', 'ben', 'chloe', 'dev', 'emil', 'ana', 'ben', 'chloe', 'dev', 'emil'])
  })

  it('plays with the addresses the reader assigned', () => {
    const world = restoreRecording(harToRecording(phoneHar, { ips: { 'iphone-1': '192.0.2.99' } }))
    expect(world.browsers()[0]?.ip).toBe('203.0.113.25')
    const first = restoreRecording({ ...harToRecording(phoneHar, { ips: { 'iphone-1': '192.0.2.99' } }), actions: [] })
    expect(first.browsers()[0]?.ip).toBe('192.0.2.99')
  })
})
