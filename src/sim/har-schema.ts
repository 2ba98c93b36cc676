// The part of the HAR 1.2 format (http://www.softwareishard.com/blog/har-12-spec/) that an import reads, as a zod
// schema whose output type is checked against the `har-format` types. Fields the spec requires and the import uses
// are required; everything else (timings, content, a tool's own `_fields`) is let through unread.
import { z } from './zod.ts'
import type { Cookie, Creator, Entry, Header, Log, PostData, Request, Response } from 'har-format'

/** A name/value pair, as headers and cookies are written. */
const pair = z.looseObject({ name: z.string(), value: z.string() })

const postData = z.looseObject({ mimeType: z.string(), text: z.string().optional() })

const request = z.looseObject({
  method: z.string().min(1),
  url: z.string().min(1),
  httpVersion: z.string(),
  cookies: z.array(pair),
  headers: z.array(pair),
  queryString: z.array(pair),
  postData: postData.optional(),
  headersSize: z.number(),
  bodySize: z.number(),
})

const response = z.looseObject({
  status: z.number().int(),
  statusText: z.string(),
  httpVersion: z.string(),
  cookies: z.array(pair),
  headers: z.array(pair),
  redirectURL: z.string(),
  headersSize: z.number(),
  bodySize: z.number(),
})

const entry = z.looseObject({
  startedDateTime: z.string().min(1),
  time: z.number(),
  request,
  response,
  /** SessionScope's own extension (HAR has no field for it): the address the request came from. */
  _clientIPAddress: z.string().optional(),
})

/** The HAR 1.2 fields an import reads. */
export interface HarIn {
  readonly log: Pick<Log, 'version'> & {
    readonly creator: Pick<Creator, 'name' | 'version'>
    readonly entries: readonly HarEntryIn[]
  }
}

/** One entry as the import reads it. */
export type HarEntryIn = Pick<Entry, 'startedDateTime' | 'time'> & {
  readonly request: Pick<Request, 'method' | 'url' | 'httpVersion' | 'headersSize' | 'bodySize'> & {
    readonly cookies: readonly Pick<Cookie, 'name' | 'value'>[]
    readonly headers: readonly Pick<Header, 'name' | 'value'>[]
    readonly postData?: Pick<PostData, 'mimeType'> & { readonly text?: string }
  }
  readonly response: Pick<Response, 'status' | 'statusText' | 'redirectURL'> & {
    readonly cookies: readonly Pick<Cookie, 'name' | 'value'>[]
    readonly headers: readonly Pick<Header, 'name' | 'value'>[]
  }
  readonly _clientIPAddress?: string
}

/** The schema of a HAR file, as far as the import reads it. */
export const harSchema: z.ZodType<HarIn> = z.looseObject({
  log: z.looseObject({
    version: z.string(),
    creator: z.looseObject({ name: z.string(), version: z.string() }),
    entries: z.array(entry),
  }),
})
