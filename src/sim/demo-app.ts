import type { ErrorHandler, Handler, Request, Response } from '../connect/index.ts'
import { bodyOf } from './http.ts'

function reply(res: Response, status: number, body: string): void {
  // writeHead explicitly, as 2010 code had to: the session commits when the head is written. A fresh header object
  // each time, as 2010 apps wrote it: in 2010 mode the session adds Set-Cookie to the app's object itself, which a
  // shared frozen one would refuse (every request a 500).
  res.writeHead(status, { 'Content-Type': 'text/plain' })
  res.end(body)
}

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?')
  return q === -1 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) }
}

/** The user name of a login: `?user=` in the query, else the body as `user=<name>` or as the bare name. */
function userOf(req: Request, query: string): string {
  const fromQuery = new URLSearchParams(query).get('user')
  if (fromQuery !== null && fromQuery !== '') return fromQuery
  const body = bodyOf(req).trim()
  if (body.includes('=')) return new URLSearchParams(body).get('user') ?? ''
  return body
}

function wantsRegenerate(query: string): boolean {
  const flag = new URLSearchParams(query).get('regenerate')
  return flag === '1' || flag === 'true'
}

/** The routes the demo app answers (anything else is the library's 404), each with the method it expects. */
export const DEMO_ROUTES = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/whoami' },
  { method: 'POST', path: '/login' },
  { method: 'POST', path: '/logout' },
] as const

/** Example request paths for the demo app, as a reader would type them; `{name}` stands for the browser's name. */
export const DEMO_PATHS = ['/', '/whoami', '/login?user={name}', '/login?user={name}&regenerate=1', '/logout'] as const

/** The method the demo app expects for a path (its query left aside): POST for login and logout, GET otherwise. */
export function methodFor(path: string): 'GET' | 'POST' {
  const bare = splitUrl(path.trim()).path
  return DEMO_ROUTES.find((r) => r.path === bare)?.method ?? 'GET'
}

/**
 * The demo server app placed after `session()`:
 * - `GET /` counts views in `req.session.views` and answers `views: N`;
 * - `POST /login` (`?user=alice` or body `user=alice`) sets `req.session.user`; with `?regenerate=1` it calls
 *   `req.session.regenerate` first and sets the user on the new session (the defence against fixation);
 * - `POST /logout` calls `req.session.destroy`;
 * - `GET /whoami` answers the user or `anonymous`;
 * - anything else goes on to the library's 404.
 */
export function demoApp(): Handler {
  // The routes as `METHOD path`, so telling one costs a Set lookup rather than a closure and a scan per request.
  const routes = new Set<string>(DEMO_ROUTES.map((r) => `${r.method} ${r.path}`))
  return function demoApp(req, res, next) {
    const { path, query } = splitUrl(req.url ?? '/')
    const method = req.method ?? 'GET'
    const route = method + ' ' + path
    if (!routes.has(route)) {
      next()
      return
    }
    const session = req.session
    // Only reachable if a layer above misbehaved: session() either sets a session or passes an error on.
    if (session === undefined) {
      next(new Error('the demo app needs req.session; is session() in the stack?'))
      return
    }
    switch (route) {
      case 'GET /': {
        const views = (typeof session.views === 'number' ? session.views : 0) + 1
        session.views = views
        reply(res, 200, `views: ${views}`)
        return
      }
      case 'GET /whoami':
        reply(res, 200, typeof session.user === 'string' ? session.user : 'anonymous')
        return
      case 'POST /logout':
        session.destroy((err) => {
          if (err) next(err)
          else reply(res, 200, 'logged out')
        })
        return
      case 'POST /login': {
        const user = userOf(req, query)
        if (user === '') {
          reply(res, 400, 'login needs a user name: ?user=<name> or a body user=<name>')
          return
        }
        if (!wantsRegenerate(query)) {
          session.user = user
          reply(res, 200, `logged in as ${user}`)
          return
        }
        session.regenerate((err) => {
          const fresh = req.session
          if (err || fresh === undefined) {
            next(err ?? new Error('regenerate left the request without a session'))
            return
          }
          fresh.user = user
          reply(res, 200, `logged in as ${user} (session regenerated)`)
        })
      }
    }
  }
}

/**
 * The demo's error page, last in the stack (like 2010's `errorHandler({ showMessage: true })`): a 500 whose body is
 * the error's name and message. Unlike the library's default 500 it shows no stack, so a response body depends only
 * on what happened, never on the call path that led there (replays and fresh runs stay byte-identical).
 */
export function demoErrorPage(): ErrorHandler {
  return function demoErrorPage(err: unknown, _req: Request, res: Response, next: (err?: unknown) => void): void {
    if (res.headersSent) {
      next(err)
      return
    }
    const e = err instanceof Error ? err : new Error(String(err))
    reply(res, 500, `${e.name}: ${e.message}`)
  }
}
