/**
 * Node's threads for a comparison: a ColumnsRunner that runs its part of the columns in a worker_threads Worker.
 * Node-only, so it lives here rather than in src/sim (which runs in the browser too); the worker's side is src/sim's
 * answerColumns, which a Web Worker would call the same way.
 *
 * The worker is plain JavaScript given as a string (no TypeScript loader to start in it: that alone took longer than
 * a small comparison) and imports the comparison module from the URL it is given, the same compiled module the
 * caller uses: that module alone, not the simulator's whole index (28 ms to load against 74 on the bench machine).
 */
import { Worker } from 'node:worker_threads'
import type { ColumnsPart, ColumnsReply, ColumnsRequest, ColumnsRunner } from '../src/sim/index.ts'

// Answers each ColumnsRequest with answerColumns's reply, its typed arrays transferred.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const loaded = import(workerData.compareUrl)
parentPort.on('message', async (request) => {
  try {
    const { reply, transfer } = (await loaded).answerColumns(request)
    parentPort.postMessage(reply, transfer)
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) })
  }
})
`

/** A worker thread that runs comparison columns; `close` ends it. */
export interface ColumnsThread {
  readonly run: ColumnsRunner
  close(): Promise<void>
}

/** Starts a worker thread that runs columns with the comparison module at `compareUrl` (a file URL of src/sim/compare, compiled). */
export function startColumnsThread(compareUrl: string): ColumnsThread {
  // No execArgv: the worker needs none of the parent's flags (tsx's loader among them). A larger young generation
  // than V8's default: a column makes much short-lived garbage per request, and fewer scavenges promote less of it
  // (one column, 30,000 requests, on this thread with --max-semi-space-size=32: median 185–246 ms against 272–301).
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { compareUrl }, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 96 } })
  worker.unref()
  const run = (request: ColumnsRequest): Promise<ColumnsPart> =>
    new Promise((resolve, reject) => {
      const done = (): void => {
        worker.off('message', onMessage)
        worker.off('error', onError)
      }
      const onMessage = (reply: ColumnsReply): void => {
        done()
        if (reply.part !== undefined) resolve(reply.part)
        else reject(new Error(reply.error))
      }
      const onError = (err: Error): void => {
        done()
        reject(err)
      }
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.postMessage(request)
    })
  return { run, close: () => worker.terminate().then(() => undefined) }
}
