import { beforeAll, describe, expect, it } from 'vitest'
import { md5, type Request } from '../connect/index.ts'
import { FingerprintError, MAX_FINGERPRINT_KEY_LENGTH, fingerprintInput, loadFingerprintSandbox, type CompileFingerprint } from './custom-fingerprint.ts'
import { createWorld } from './world.ts'

const UA = 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6'

function request(extra: Record<string, string> = {}): Request {
  return {
    method: 'POST',
    url: '/login?user=ann',
    headers: { 'user-agent': UA, cookie: 'connect.sid=abc', ...extra },
    socket: { remoteAddress: '192.0.2.10' },
    session: { id: 'abc' } as Request['session'],
  }
}

/** The error a call or a compile throws (the test fails if it throws none). */
function errorOf(run: () => unknown): FingerprintError {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(FingerprintError)
    return err as FingerprintError
  }
  throw new Error('expected a FingerprintError, but nothing was thrown')
}

/** Lets the current task end, as a browser does between a reader's clicks. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

let compile: CompileFingerprint
beforeAll(async () => {
  compile = (await loadFingerprintSandbox()).compileFingerprint
})

describe('what a custom fingerprint reads', () => {
  it('is plain data: the candidate id, the address, the headers, the method and the url', () => {
    expect(fingerprintInput(request())).toEqual({
      session: { id: 'abc' },
      remoteAddress: '192.0.2.10',
      socket: { remoteAddress: '192.0.2.10' },
      headers: { 'user-agent': UA, cookie: 'connect.sid=abc' },
      method: 'POST',
      url: '/login?user=ann',
    })
  })

  it('is the same data inside the sandbox', () => {
    const f = compile('(req) => JSON.stringify(req)')
    expect(JSON.parse(f.custom(request()))).toEqual(fingerprintInput(request()))
  })
})

describe('compiling', () => {
  it('runs none of the code: not a side effect beside the function, not a default parameter', () => {
    // The counter lives in the sandbox's globals; had compiling evaluated anything, the first call would see 2.
    const beside = compile('(globalThis.n = (globalThis.n || 0) + 1, () => String(globalThis.n))')
    expect(beside.custom(request())).toBe('1')
    const param = compile('(req, hit = (globalThis.m = (globalThis.m || 0) + 1)) => String(globalThis.m)')
    expect(param.custom(request())).toBe('1')
  })

  it('keeps the source text for display and for links', () => {
    const source = '(req) => md5(req.session.id)'
    expect(compile(source).source).toBe(source)
  })

  it('refuses a source that does not parse, with the parser’s reason', () => {
    expect(errorOf(() => compile('(req) => {')).message).toMatch(/^the fingerprint source must be one JavaScript expression.*SyntaxError/)
    expect(errorOf(() => compile('   ')).message).toMatch(/is empty/)
    expect(errorOf(() => compile('x'.repeat(20_001))).message).toMatch(/20,001 characters; at most 20,000/)
  })

  it('refuses a source that closes the wrapper to run code beside it', () => {
    expect(errorOf(() => compile('0), (globalThis.x = 1), (0')).message).toMatch(/one JavaScript expression/)
    expect(errorOf(() => compile('() => "a") + (() => "b"')).message).toMatch(/one JavaScript expression/)
    expect(errorOf(() => compile('0\n})() ; (function () { return (0')).message).toMatch(/one JavaScript expression/)
  })
})

describe('calling', () => {
  it('gives the key the function returns, with md5 inside the sandbox', () => {
    const f = compile("(req) => md5(req.session.id + req.remoteAddress + req.headers['user-agent'])")
    expect(f.custom(request())).toBe(md5(`abc192.0.2.10${UA}`))
    expect(compile("(req) => md5('wahoo')").custom(request())).toBe('e493298061761236c96b02ea6aa8a2ad')
  })

  it('sees none of the page: no fetch, DOM, storage, timers, process or require', () => {
    const f = compile(
      '() => [typeof fetch, typeof document, typeof window, typeof localStorage, typeof indexedDB, typeof XMLHttpRequest, ' +
        'typeof setTimeout, typeof process, typeof require, typeof globalThis.fetch].join(",")',
    )
    expect(f.custom(request())).toBe(Array(10).fill('undefined').join(','))
  })

  it('stops an endless loop with a clear error; the fingerprint works again on the next task', async () => {
    const f = compile("(req) => { if (req.headers['x-loop']) { while (true) {} } return md5(req.session.id) }")
    expect(errorOf(() => f.custom(request({ 'x-loop': '1' }))).message).toMatch(/ran longer than 50 ms and was stopped \(is there an endless loop\?\)/)
    // In the same task a burst of requests costs no more budget: each fails at once, with the same message.
    expect(errorOf(() => f.custom(request())).message).toMatch(/ran longer than 50 ms/)
    await nextTask()
    expect(f.custom(request())).toBe(md5('abc'))
  })

  it('no longer runs a function stopped three times in a row; a call that finishes in between starts the count again', async () => {
    const looping = compile('() => { while (true) {} }')
    // The first two stops leave it a fresh chance in the next task; the third says it was the last.
    for (let i = 0; i < 2; i++) {
      expect(errorOf(() => looping.custom(request())).message).toMatch(/ran longer than 50 ms and was stopped \(is there an endless loop\?\); change the function and apply it again$/)
      await nextTask()
    }
    expect(errorOf(() => looping.custom(request())).message).toMatch(/ran longer than 50 ms .* \(it was stopped 3 times in a row, so it no longer runs\)$/)
    await nextTask()
    expect(errorOf(() => looping.custom(request())).message).toMatch(/no longer runs/)

    const sometimes = compile("(req) => { if (req.headers['x-loop']) { while (true) {} } return md5(req.session.id) }")
    for (let i = 0; i < 4; i++) {
      expect(errorOf(() => sometimes.custom(request({ 'x-loop': '1' }))).message).toMatch(/ran longer than 50 ms and was stopped \(is/)
      await nextTask()
      expect(sometimes.custom(request())).toBe(md5('abc'))
    }
  })

  it('stops `while (true) {}` itself', () => {
    const f = compile('() => { while (true) {} }')
    expect(errorOf(() => f.custom(request())).message).toMatch(/ran longer than 50 ms and was stopped/)
  })

  it('stops a function that takes too much memory', () => {
    const f = compile('() => "x".repeat(2 ** 24)')
    expect(errorOf(() => f.custom(request())).message).toMatch(/used more than 8 MB and was stopped/)
  })

  it('turns a throw, a deep recursion and a hostile thrown value into clear errors', () => {
    expect(errorOf(() => compile('() => { throw new Error("no key today") }').custom(request())).message).toBe(
      'the custom fingerprint threw Error: no key today',
    )
    expect(errorOf(() => compile('() => { const f = () => f(); return f() }').custom(request())).message).toMatch(/threw .*stack overflow/)
    expect(errorOf(() => compile('() => { throw 42 }').custom(request())).message).toBe('the custom fingerprint threw 42')
    expect(errorOf(() => compile('() => { throw { get message() { while (true) {} } } }').custom(request())).message).toMatch(/without a readable name or message/)
    expect(errorOf(() => compile('() => md5(5)').custom(request())).message).toMatch(/md5 takes a string; it was given number/)
  })

  it('refuses a result that is not a string, a source that is not a function, and a key that is too long', () => {
    expect(errorOf(() => compile('() => 42').custom(request())).message).toBe('the custom fingerprint must return a string (the store key); it returned number')
    expect(errorOf(() => compile('md5("abc")').custom(request())).message).toMatch(/must be a function such as .*; it is a string/)
    const long = compile(`() => "k".repeat(${MAX_FINGERPRINT_KEY_LENGTH + 1})`)
    expect(errorOf(() => long.custom(request())).message).toMatch(/returned 1,025 characters; a key may have at most 1,024/)
  })
})

describe('in a world', () => {
  it('a fingerprint that loops fails its request with the error in the trace; the world keeps serving', async () => {
    const w = createWorld({ fingerprint: compile('() => { while (true) {} }') })
    w.addBrowser({ name: 'alice', userAgent: UA, ip: '192.0.2.10' })
    const x = await w.send('alice', {})
    expect(x.response.status).toBe(500)
    expect(x.error).toMatchObject({ stage: 'fingerprint', name: 'FingerprintError' })
    expect(x.error?.message).toMatch(/ran longer than 50 ms and was stopped/)
    expect(w.sessions()).toEqual([])

    w.configure({ fingerprint: compile("(req) => md5('salt:' + req.session.id)") })
    const ok = await w.send('alice', {})
    expect(ok.response.status).toBe(200)
    const again = await w.send('alice', {})
    expect(again.response.status).toBe(200)
    expect(w.sessions()).toHaveLength(1)
    expect(w.sessions()[0]?.key).toBe(md5(`salt:${w.sessions()[0]?.id}`))
  })
})
