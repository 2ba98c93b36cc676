import type { App } from '../../src/connect/index.ts'
import { SimRequest, SimResponse, type RequestInit } from '../../src/sim/index.ts'

/** The outcome of one in-memory request. */
export interface Exchange {
  req: SimRequest
  res: SimResponse
  status: number
  body: string
  setCookies: string[]
  /** The session id the response's Set-Cookie carries, if any. */
  sid: string | undefined
}

/** Sends one request through an app on in-memory objects and resolves when the response ends. */
export function drive(app: App, init: RequestInit = {}): Promise<Exchange> {
  return new Promise((resolve) => {
    const req = new SimRequest(init)
    const res = new SimResponse((done) => {
      const setCookies = done.setCookies()
      const match = /^connect\.sid=([^;]*)/.exec(setCookies.find((c) => c.startsWith('connect.sid=')) ?? '')
      resolve({ req, res: done, status: done.statusCode, body: done.body, setCookies, sid: match?.[1] })
    })
    app.handle(req, res)
  })
}
