import { describe, it, expect, afterEach } from 'vitest'
import assert from 'node:assert'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { createServer, type App } from './server.ts'
import type { ErrorHandler, Handler, Next, OutgoingHeaders, Request, Response } from './http-types.ts'

// --- a tiny in-memory request/response pair, shaped like Node's where the server looks ---

type TestRequest = Request & { body?: string }

interface TestResponse extends Response {
  body: string
  ended: boolean
  writeHeadCalls: number
  headers: Record<string, string | number | readonly string[]>
}

function makeReq(method: string, url: string, extra: Partial<TestRequest> = {}): TestRequest {
  return { method, url, headers: {}, ...extra }
}

function makeRes(onEnd: () => void = () => {}): TestResponse {
  const res: TestResponse = {
    statusCode: 200,
    headersSent: false,
    body: '',
    ended: false,
    writeHeadCalls: 0,
    headers: {},
    setHeader(name, value) {
      if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT')
      this.headers[name.toLowerCase()] = value
    },
    getHeader(name) {
      return this.headers[name.toLowerCase()] as string | number | string[] | undefined
    },
    writeHead(statusCode: number, reasonOrHeaders?: string | OutgoingHeaders, headers?: OutgoingHeaders) {
      if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT')
      this.writeHeadCalls++
      this.statusCode = statusCode
      const h = typeof reasonOrHeaders === 'object' ? reasonOrHeaders : headers
      if (h !== undefined && !Array.isArray(h)) {
        for (const [k, v] of Object.entries(h)) if (v !== undefined) this.headers[k.toLowerCase()] = v as string
      }
      ;(this as { headersSent: boolean }).headersSent = true
      return this
    },
    write(chunk: unknown) {
      // Like Node: the first write commits the head through writeHead, looked up on the object.
      if (!this.headersSent) this.writeHead(this.statusCode)
      this.body += String(chunk)
      return true
    },
    end(chunk?: unknown) {
      if (this.ended) return this
      if (!this.headersSent) this.writeHead(this.statusCode)
      if (chunk !== undefined) this.body += String(chunk)
      this.ended = true
      onEnd()
      return this
    },
  }
  return res
}

interface Result {
  status: number
  body: string
  type: unknown
  req: TestRequest
  res: TestResponse
}

/** Runs one request through the app and waits for the response to end. */
function request(app: App, method: string, url: string, extra: Partial<TestRequest> = {}): Promise<Result> {
  return new Promise((resolve) => {
    const req = makeReq(method, url, extra)
    const res = makeRes(() => resolve({ status: res.statusCode, body: res.body, type: res.getHeader('content-type'), req, res }))
    app(req, res)
  })
}

const send = (body: string, status = 200): Handler => (_req, res) => {
  res.writeHead(status, { 'Content-Type': 'text/plain' })
  res.end(body)
}

// --- K-cases from connect 0.2.1's test/connect.test.js ---

describe('createServer: 2010 test cases', () => {
  it('K-02: use("/", a, b) returns the server; a calls next, b responds "wahoo"', async () => {
    const app = createServer()
    const a: Handler = (_req, _res, next) => next()
    const ret = app.use('/', a, send('wahoo'))
    expect(ret).toBe(app)
    const r = await request(app, 'GET', '/')
    expect(r.status).toBe(200)
    expect(r.body).toBe('wahoo')
  })

  describe('K-03: routes /hello/world (first) and /hello', () => {
    const seen: Array<{ url?: string; originalUrl?: string }> = []
    const app = createServer()
    app.use('/hello/world', (req, res) => {
      seen.push({ url: req.url, originalUrl: req.originalUrl })
      res.end('hello world')
    })
    app.use('/hello', (_req, res) => res.end('hello'))

    it.each(['/hello', '/hello/'])('%s gives 200 "hello"', async (url) => {
      const r = await request(app, 'GET', url)
      expect([r.status, r.body]).toEqual([200, 'hello'])
    })

    it.each(['/hello/world', '/hello/world/'])('%s gives 200 "hello world" with req.url "/"', async (url) => {
      seen.length = 0
      const r = await request(app, 'GET', url)
      expect([r.status, r.body]).toEqual([200, 'hello world'])
      expect(seen[0]?.url).toBe('/')
    })

    it('strips the route and keeps the original URL for deeper paths', async () => {
      seen.length = 0
      await request(app, 'GET', '/hello/world/and/more/segments')
      expect(seen[0]).toEqual({ url: '/and/more/segments', originalUrl: '/hello/world/and/more/segments' })
    })

    it('keeps the query string', async () => {
      seen.length = 0
      await request(app, 'GET', '/hello/world/images/foo.png?with=query&string')
      expect(seen[0]?.url).toBe('/images/foo.png?with=query&string')
    })
  })

  it('K-04: an empty stack gives 404 "Cannot GET /path" as text/plain', async () => {
    const app = createServer()
    for (const url of ['/', '/foo']) {
      const r = await request(app, 'GET', url)
      expect(r.status).toBe(404)
      expect(r.type).toBe('text/plain')
      expect(r.body).toBe(`Cannot GET ${url}`)
    }
  })

  it('K-05: error handlers run in order, a thrown ReferenceError is forwarded, next() recovers', async () => {
    let errorCalls = 0
    const first: ErrorHandler = (err, req, res, next) => {
      errorCalls++
      expect(err).toBeInstanceOf(Error)
      expect((err as Error).message).toBe('shitty deal')
      expect(typeof req).toBe('object')
      expect(typeof res).toBe('object')
      expect(typeof next).toBe('function')
      ;(req as TestRequest).body = (err as Error).message
      // The 2010 test's own bug: `error` is undefined, so this throws and the throw becomes next(ReferenceError).
      // @ts-expect-error deliberately undeclared, as in the original test
      next(error)
    }
    const second: ErrorHandler = (err, _req, _res, next) => {
      errorCalls++
      expect(err).toBeInstanceOf(ReferenceError)
      next()
    }
    const app = createServer(
      (_req: Request, _res: Response, next: Next) => next(new Error('shitty deal')),
      first,
      second,
      (req: TestRequest, res: Response) => res.end(req.body),
    )
    const r = await request(app, 'GET', '/')
    expect([r.status, r.body]).toEqual([200, 'shitty deal'])
    expect(errorCalls).toBe(2)
  })

  it('K-06: a layer calling an undefined function gives 500', async () => {
    const missing = undefined as unknown as () => void
    const app = createServer(() => missing())
    const r = await request(app, 'GET', '/')
    expect(r.status).toBe(500)
    expect(r.type).toBe('text/plain')
  })

  it('K-07: a server mounted at /hello with a /world layer, then a plain /hello layer', async () => {
    const inner = createServer()
    inner.use('/world', send('hello world'))
    const app = createServer()
    app.use('/hello', inner)
    app.use('/hello', send('hello'))
    expect(await request(app, 'GET', '/hello/world')).toMatchObject({ status: 200, body: 'hello world' })
    expect(await request(app, 'GET', '/hello')).toMatchObject({ status: 200, body: 'hello' })
  })

  it('K-08: nested servers (inner /inner, middle /, outer /outer)', async () => {
    const only = (method: string, body: string): Handler => (req, res, next) => {
      if (req.method === method) res.end(body)
      else next()
    }
    const inner = createServer()
    inner.use('/inner', only('POST', 'inner stack'))
    const middle = createServer()
    middle.use('/', inner)
    middle.use('/', only('POST', 'middle stack'))
    const outer = createServer()
    outer.use('/outer', only('GET', 'outer stack'))
    outer.use('/', middle)

    expect(await request(outer, 'GET', '/outer')).toMatchObject({ status: 200, body: 'outer stack' })
    expect(await request(outer, 'POST', '/')).toMatchObject({ status: 200, body: 'middle stack' })
    expect(await request(outer, 'POST', '/inner')).toMatchObject({ status: 200, body: 'inner stack' })
    expect(await request(outer, 'GET', '/')).toMatchObject({ status: 404, body: 'Cannot GET /' })
  })
})

// --- use() ---

describe('use()', () => {
  it.each<[string, unknown[]]>([
    ['a number', [42]],
    ['a route alone', ['/x']],
    ['a route and a string', ['/x', 'y']],
    ['a plain object', ['/x', { handle() {} }]],
    ['nothing', []],
    ['null', [null]],
  ])('throws a TypeError for %s, leaving the stack unchanged', (_name, args) => {
    const app = createServer(send('ok'))
    const use = app.use as (...a: unknown[]) => App
    expect(() => use(...args)).toThrow(new TypeError('Each layer must have a route and a handle function'))
    expect(app.stack).toHaveLength(1)
  })

  it('rejects the whole call when any function in it is invalid', () => {
    const app = createServer()
    const use = app.use as (...a: unknown[]) => App
    expect(() => use('/a', send('a'), 'oops')).toThrow(TypeError)
    expect(app.stack).toHaveLength(0)
  })

  it('createServer rejects a non-function layer too', () => {
    const make = createServer as (...a: unknown[]) => App
    expect(() => make(send('a'), 7)).toThrow('Each layer must have a route and a handle function')
  })

  it('normalises routes without a trailing slash and defaults to "/"', () => {
    const h = send('x')
    const app = createServer(h)
    app.use('/hello/', h).use('/', h).use(h).use('/a/b//', h)
    expect(app.stack.map((l) => l.route)).toEqual(['', '/hello', '', '', '/a/b'])
    expect(app.stack[0]?.handle).toBe(h)
  })

  it('registers several functions under one route, in order', async () => {
    const order: string[] = []
    const mark = (name: string): Handler => (_req, _res, next) => {
      order.push(name)
      next()
    }
    const app = createServer().use('/x', mark('a'), mark('b'), mark('c'))
    expect(app.stack.map((l) => l.route)).toEqual(['/x', '/x', '/x'])
    await request(app, 'GET', '/x')
    expect(order).toEqual(['a', 'b', 'c'])
  })

  it('wraps a mounted app so that its handle is called with the outer next', () => {
    const inner = createServer()
    const app = createServer(inner)
    expect(app.stack[0]?.handle).not.toBe(inner)
    expect(app.stack[0]?.handle.length).toBe(3)
  })
})

// --- routing ---

describe('route matching', () => {
  const probe = (): { app: App; urls: Array<string | undefined> } => {
    const urls: Array<string | undefined> = []
    const app = createServer()
    app.use('/hello', (req, res) => {
      urls.push(req.url)
      res.end('hit')
    })
    return { app, urls }
  }

  it.each([
    ['/hello', '/'],
    ['/hello/', '/'],
    ['/hello.json', '/.json'],
    ['/hello?x=1&y', '/?x=1&y'],
    ['/hello#top', '/#top'],
    ['/hello/a/b?q=/hello', '/a/b?q=/hello'],
  ])('%s matches /hello and the layer sees %s', async (url, inside) => {
    const { app, urls } = probe()
    const r = await request(app, 'GET', url)
    expect(r.body).toBe('hit')
    expect(urls).toEqual([inside])
  })

  it.each(['/helloworld', '/HELLO', '/hell', '/x/hello', '/?/hello'])('%s does not match /hello', async (url) => {
    const { app, urls } = probe()
    const r = await request(app, 'GET', url)
    expect([r.status, r.body]).toEqual([404, `Cannot GET ${url}`])
    expect(urls).toEqual([])
  })

  it('a route containing "?" never matches, as with 2010 pathname matching', async () => {
    const app = createServer().use('/a?b', send('no'))
    expect((await request(app, 'GET', '/a?b')).status).toBe(404)
  })

  it('restores the exact URL when a matched layer calls next', async () => {
    const urls: Array<string | undefined> = []
    const app = createServer()
    app.use('/hello', (_req, _res, next) => next())
    app.use((req, res) => {
      urls.push(req.url)
      res.end('ok')
    })
    for (const url of ['/hello', '/hello/', '/hello.json', '/hello?x=1', '/hello/a?b']) await request(app, 'GET', url)
    expect(urls).toEqual(['/hello', '/hello/', '/hello.json', '/hello?x=1', '/hello/a?b'])
  })

  it('re-prefixes a URL the layer rewrote', async () => {
    let after: string | undefined
    const app = createServer()
    app.use('/api', (req, _res, next) => {
      req.url = '/v2' + (req.url ?? '')
      next()
    })
    app.use((req, res) => {
      after = req.url
      res.end()
    })
    await request(app, 'GET', '/api/users?id=1')
    expect(after).toBe('/api/v2/users?id=1')
  })

  it('matching agrees with 2010 pathname-prefix matching, and next restores the URL (property)', () => {
    const chars = fc.constantFrom('a', 'b', 'A', '/', '.', '?', '#', '=')
    const path = fc.array(chars, { maxLength: 8 }).map((c) => '/' + c.join(''))
    const routeArb = fc.array(fc.constantFrom('a', 'b', '/', '.'), { minLength: 1, maxLength: 4 }).map((c) => '/' + c.join(''))
    fc.assert(
      fc.property(routeArb, path, (rawRoute, url) => {
        const route = rawRoute.replace(/\/+$/, '')
        const pathname = url.split(/[?#]/)[0] ?? ''
        const boundary = pathname[route.length]
        const expected = route === '' || (pathname.startsWith(route) && (boundary === undefined || boundary === '/' || boundary === '.'))
        let inside: string | undefined
        let afterNext: string | undefined
        const app = createServer()
        app.use(rawRoute, (req, _res, next) => {
          inside = req.url
          next()
        })
        app.use((req, res) => {
          afterNext = req.url
          res.end()
        })
        const req = makeReq('GET', url)
        app(req, makeRes())
        expect(inside !== undefined).toBe(expected)
        if (expected && route !== '') {
          const rest = url.slice(route.length)
          expect(inside).toBe(rest.startsWith('/') ? rest : '/' + rest)
        }
        expect(afterNext).toBe(url)
        expect(req.originalUrl).toBe(url)
      }),
    )
  })
})

describe('originalUrl', () => {
  it('is set once, at entry, and not re-assigned by later layers (fixes Q25)', async () => {
    const seen: Array<string | undefined> = []
    const app = createServer()
    app.use('/a', (req, _res, next) => {
      req.url = '/rewritten'
      next()
    })
    app.use((req, res) => {
      seen.push(req.originalUrl)
      res.end()
    })
    await request(app, 'GET', '/a/b')
    expect(seen).toEqual(['/a/b'])
  })

  it('is kept when the request already has one', async () => {
    const app = createServer((req, res) => res.end(req.originalUrl))
    const r = await request(app, 'GET', '/inner', { originalUrl: '/outer/inner' })
    expect(r.body).toBe('/outer/inner')
  })

  it('inside a mounted app is the outer URL', async () => {
    const inner = createServer((req, res) => res.end(`${req.url} ${req.originalUrl}`))
    const app = createServer().use('/mount', inner)
    expect((await request(app, 'GET', '/mount/x?y')).body).toBe('/x?y /mount/x?y')
  })
})

// --- dispatch ---

describe('dispatch by arity', () => {
  it('without an error only arity < 4 runs; with one only arity 4; arity 5 never', async () => {
    const calls: string[] = []
    const app = createServer()
    app.use((_err: unknown, _req: Request, _res: Response, next: Next) => {
      calls.push('error handler before any error')
      next()
    })
    app.use((_req, _res, next) => {
      calls.push('handler')
      next(new Error('x'))
    })
    app.use((_req, _res, next) => {
      calls.push('handler skipped on error')
      next()
    })
    const five = (_a: unknown, _b: unknown, _c: unknown, _d: unknown, _e: unknown): void => {
      calls.push('arity 5')
    }
    app.use(five as unknown as ErrorHandler)
    app.use((err: unknown, _req: Request, res: Response, _next: Next) => {
      calls.push('error handler')
      res.end((err as Error).message)
    })
    const r = await request(app, 'GET', '/')
    expect(calls).toEqual(['handler', 'error handler'])
    expect(r.body).toBe('x')
  })

  it('arity decides, not the type: a 3-parameter "error handler" is an ordinary handler (as in 2010)', async () => {
    let first: unknown
    // Typed as an error handler, but with three parameters it is called as (req, res, next).
    const threeParams = ((err: unknown, req: unknown) => {
      first = err
      ;(req as Response).end('ran without an error')
    }) as unknown as ErrorHandler
    const app = createServer().use(threeParams)
    const r = await request(app, 'GET', '/')
    expect(r.body).toBe('ran without an error')
    expect(first).toBe(r.req)
  })

  it('an error handler recovers by calling next() with no argument', async () => {
    const app = createServer(
      () => {
        throw new Error('boom')
      },
      ((_err, _req, _res, next) => next()) as ErrorHandler,
      send('recovered'),
    )
    expect(await request(app, 'GET', '/')).toMatchObject({ status: 200, body: 'recovered' })
  })

  it('a falsy next argument is not an error (2010 tested truthiness)', async () => {
    const app = createServer((_req, _res, next) => next(null), (_req, _res, next) => next(0), send('fine'))
    expect((await request(app, 'GET', '/')).body).toBe('fine')
  })

  it('a layer can finish asynchronously', async () => {
    const app = createServer((_req, _res, next) => void Promise.resolve().then(() => next()), send('later'))
    expect((await request(app, 'GET', '/')).body).toBe('later')
  })
})

// --- the error path ---

describe('errors', () => {
  it('a synchronous throw becomes next(err) and, unhandled, a 500 with the stack (development)', async () => {
    const app = createServer(() => {
      throw new Error('kaput')
    })
    app.env = 'development'
    const r = await request(app, 'GET', '/')
    expect(r.status).toBe(500)
    expect(r.type).toBe('text/plain')
    expect(r.body).toMatch(/^Error: kaput\n\s+at /)
  })

  it('a throw from further down a next() chain is caught where it happens', async () => {
    const app = createServer(
      (_req: Request, _res: Response, next: Next) => next(),
      () => {
        throw new Error('deep')
      },
      ((err, _req, res, _next) => res.end(`caught ${(err as Error).message}`)) as ErrorHandler,
    )
    expect((await request(app, 'GET', '/')).body).toBe('caught deep')
  })

  it('an AssertionError is forwarded like any other error, not re-thrown (fixes Q25)', async () => {
    let received: unknown
    const app = createServer(
      () => {
        assert.strictEqual(1, 2)
      },
      ((err, _req, res, _next) => {
        received = err
        res.end('handled')
      }) as ErrorHandler,
    )
    const req = makeReq('GET', '/')
    const res = makeRes()
    expect(() => app(req, res)).not.toThrow()
    expect(received).toBeInstanceOf(assert.AssertionError)
    expect(res.body).toBe('handled')
  })

  it('an unhandled AssertionError gives a 500 instead of crashing the server (fixes Q25)', async () => {
    const app = createServer(() => assert.ok(false, 'nope'))
    expect((await request(app, 'GET', '/')).status).toBe(500)
  })

  it('an error with code ENOENT becomes a 404 (fixes Q23: compared by code)', async () => {
    const app = createServer((_req, _res, next) => next(Object.assign(new Error('no such file'), { code: 'ENOENT' })))
    const r = await request(app, 'GET', '/file.txt')
    expect([r.status, r.body]).toEqual([404, 'Cannot GET /file.txt'])
  })

  it('an error without a code stays a 500 (fixes Q23: 2010 turned errno-less errors into 404s)', async () => {
    const app = createServer(
      (_req, _res, next) => next(Object.assign(new Error('errno only'), { errno: -2 })),
    )
    expect((await request(app, 'GET', '/')).status).toBe(500)
  })

  it('ENOENT is cleared before the error handlers, so they are skipped', async () => {
    const calls: string[] = []
    const app = createServer(
      (_req: Request, _res: Response, next: Next) => next(Object.assign(new Error('gone'), { code: 'ENOENT' })),
      ((_err, _req, _res, next) => {
        calls.push('error handler')
        next()
      }) as ErrorHandler,
    )
    expect((await request(app, 'GET', '/')).status).toBe(404)
    expect(calls).toEqual([])
  })

  it('the 500 body is "Internal Server Error" in production and the stack otherwise', async () => {
    const boom = (): void => {
      throw new Error('secret detail')
    }
    const prod = createServer(boom)
    prod.env = 'production'
    const dev = createServer(boom)
    dev.env = 'development'
    const test = createServer(boom)
    test.env = 'test'
    expect(await request(prod, 'GET', '/')).toMatchObject({ status: 500, body: 'Internal Server Error', type: 'text/plain' })
    expect((await request(dev, 'GET', '/')).body).toContain('Error: secret detail')
    expect((await request(test, 'GET', '/')).body).toContain('Error: secret detail')
  })

  it('a thrown non-Error becomes its string in the 500 body', async () => {
    const app = createServer(() => {
      throw 'plain string'
    })
    app.env = 'development'
    expect((await request(app, 'GET', '/')).body).toBe('plain string')
  })

  it('a falsy throw is still an error, not a silent success', async () => {
    const app = createServer(
      () => {
        throw undefined
      },
      send('should not run'),
    )
    app.env = 'development'
    const r = await request(app, 'GET', '/')
    expect(r.status).toBe(500)
    expect(r.body).toContain('A layer threw undefined')
  })

  it('an error that cannot be stringified still gives a 500', async () => {
    const app = createServer((_req, _res, next) => next(Object.create(null)))
    app.env = 'development'
    expect(await request(app, 'GET', '/')).toMatchObject({ status: 500, body: 'Internal Server Error' })
  })
})

describe('mounted apps', () => {
  it('mounted app errors reach the outer error handler (fixes Q24)', async () => {
    const inner = createServer((_req, _res, next) => next(new Error('from inside')))
    const app = createServer()
    app.use('/in', inner)
    app.use(((err, _req, res, _next) => res.end(`outer saw: ${(err as Error).message}`)) as ErrorHandler)
    const r = await request(app, 'GET', '/in/x')
    expect([r.status, r.body]).toEqual([200, 'outer saw: from inside'])
  })

  it('an unhandled error in a mounted app gives a 500, not a 404 (fixes Q24)', async () => {
    const inner = createServer(() => {
      throw new Error('inner throw')
    })
    const app = createServer().use('/in', inner)
    expect((await request(app, 'GET', '/in')).status).toBe(500)
  })

  it('an unmatched request falls through the mounted app with the outer URL restored', async () => {
    const inner = createServer().use('/only', send('inner'))
    const app = createServer()
    app.use('/in', inner)
    app.use((req, res) => res.end(`outer ${req.url}`))
    expect((await request(app, 'GET', '/in/other?q')).body).toBe('outer /in/other?q')
  })

  it('an error handler inside a mounted app can recover', async () => {
    const inner = createServer(
      (_req: Request, _res: Response, next: Next) => next(new Error('x')),
      ((_err, _req, _res, next) => next()) as ErrorHandler,
    )
    const app = createServer().use('/in', inner).use(send('after inner'))
    expect((await request(app, 'GET', '/in')).body).toBe('after inner')
  })
})

// --- the end of the stack ---

describe('end of the stack', () => {
  it('the 404 names the method and the URL as it entered handle', async () => {
    const app = createServer().use('/a', (_req, _res, next) => next())
    expect((await request(app, 'POST', '/a/b?c=d')).body).toBe('Cannot POST /a/b?c=d')
  })

  it('headers already sent: next() afterwards ends the response without throwing', () => {
    const app = createServer((_req, res, next) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.write?.('partial')
      next()
    })
    const res = makeRes()
    expect(() => app(makeReq('GET', '/'), res)).not.toThrow()
    expect([res.statusCode, res.body, res.ended]).toEqual([200, 'partial', true])
    expect(res.getHeader('content-type')).toBe('text/html')
  })

  it('headers already sent: an error afterwards does not throw or rewrite the response, and is reported', () => {
    const app = createServer((_req, res, next) => {
      res.end('done')
      next(new Error('late'))
    })
    const reported: unknown[] = []
    app.on((event) => reported.push(event.type, (event.error as Error).message))
    const res = makeRes()
    expect(() => app(makeReq('GET', '/'), res)).not.toThrow()
    expect([res.statusCode, res.body]).toEqual([200, 'done'])
    expect(reported).toEqual(['error-after-response', 'late'])
  })

  it('calls writeHead and end as they are on res at that moment (a session hook may patch them)', async () => {
    const log: string[] = []
    const app = createServer((_req, res, next) => {
      const writeHead = res.writeHead
      const end = res.end
      res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
        log.push(`writeHead ${String(args[0])}`)
        return writeHead.apply(this, args)
      }
      res.end = function (this: Response, ...args: unknown[]) {
        log.push('end')
        return end.apply(this, args as Parameters<Response['end']>)
      }
      next()
    })
    const r = await request(app, 'GET', '/nope')
    expect(r.status).toBe(404)
    expect(log).toEqual(['writeHead 404', 'end'])
  })

  it('the app itself is the request listener: app(req, res) is handle(req, res)', async () => {
    const app = createServer(send('direct'))
    const res = makeRes()
    app.handle(makeReq('GET', '/'), res)
    expect(res.body).toBe('direct')
  })
})

describe('env', () => {
  const saved = { CONNECT_ENV: process.env.CONNECT_ENV, NODE_ENV: process.env.NODE_ENV }
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })

  it('defaults to CONNECT_ENV, then NODE_ENV, then "development"', () => {
    process.env.CONNECT_ENV = 'staging'
    process.env.NODE_ENV = 'production'
    expect(createServer().env).toBe('staging')
    delete process.env.CONNECT_ENV
    expect(createServer().env).toBe('production')
    delete process.env.NODE_ENV
    expect(createServer().env).toBe('development')
  })

  it('is settable and read when the response is produced', async () => {
    const app = createServer(() => {
      throw new Error('x')
    })
    app.env = 'development'
    expect((await request(app, 'GET', '/')).body).toContain('Error: x')
    app.env = 'production'
    expect((await request(app, 'GET', '/')).body).toBe('Internal Server Error')
  })
})

// --- on a real Node server ---

describe('on node:http', () => {
  it('http.createServer(app) serves the stack, the 404 and the 500', async () => {
    const app = createServer()
    app.use('/hello', (req, res) => {
      res.setHeader('Content-Type', 'text/plain')
      res.end(`hello ${req.url} from ${req.originalUrl}`)
    })
    app.use('/boom', () => {
      throw new Error('on purpose')
    })
    app.env = 'production'
    const server = http.createServer(app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const base = `http://127.0.0.1:${port}`

      const ok = await fetch(`${base}/hello/there?x=1`)
      expect(ok.status).toBe(200)
      expect(await ok.text()).toBe('hello /there?x=1 from /hello/there?x=1')

      const missing = await fetch(`${base}/missing`, { method: 'DELETE' })
      expect(missing.status).toBe(404)
      expect(missing.headers.get('content-type')).toBe('text/plain')
      expect(await missing.text()).toBe('Cannot DELETE /missing')

      const boom = await fetch(`${base}/boom`)
      expect(boom.status).toBe(500)
      expect(await boom.text()).toBe('Internal Server Error')
    } finally {
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())))
    }
  })
})
