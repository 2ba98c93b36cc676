import type { ExchangeRecord, StoryStep, TimedAction } from '../../sim/index.ts'
import { PHASE_NAMES, type StoryPhase } from '../../state/index.ts'
import { formatDuration, formatRelative, shortHex } from '../ui/format.ts'
import { stepWords } from '../ui/step-words.ts'
import { describeRecord } from '../sim/describe.ts'
import { describeAgent } from '../sim/BrowserCard.tsx'

/** What an action does, in words, for a step without a request (the caption says why). */
export function describeAction(a: TimedAction): string {
  switch (a.kind) {
    case 'send':
      return `${a.browser} sends ${a.method ?? 'GET'} ${a.path ?? '/'}`
    case 'burst':
      return `${a.browser} sends ${a.count} requests without cookies`
    case 'advance':
      return a.ms === 0 ? 'the clock moves on' : `the clock moves ${formatDuration(a.ms)} on`
    case 'addBrowser':
      return `a browser called ${a.name} arrives`
    case 'removeBrowser':
      return `${a.browser} goes away`
    case 'stealCookie':
      return `${a.to} copies ${a.from}'s ${a.cookie ?? 'connect.sid'} cookie`
    case 'setIp':
      return `${a.browser}'s IP address becomes ${a.ip}`
    case 'setUserAgent':
      return `${a.browser}'s User-Agent becomes ${describeAgent(a.userAgent)}`
    case 'clearCookies':
      return `${a.browser}'s cookies are cleared`
    case 'setCookie':
      return `${a.browser}'s ${a.name} cookie is set by hand to ${a.value === '' ? 'an empty value' : a.value}`
    case 'configure': {
      const { kind: _k, at: _a, note: _n, ...rest } = a
      return `the settings change: ${Object.entries(rest)
        .map(([k, v]) => `${k} ${k === 'maxAge' || k === 'reapInterval' ? formatDuration(v as number) : JSON.stringify(v)}`)
        .join(', ')}`
    }
    case 'storeCall':
      return `someone calls store.${a.method}()`
  }
}

function SentPhase({ x, action }: { x: ExchangeRecord | null; action: Extract<TimedAction, { kind: 'send' }> }) {
  if (x === null) {
    return (
      <p>
        {action.browser} sends <code>{`${action.method ?? 'GET'} ${action.path ?? '/'}`}</code>; the store is slow, so the response has not ended yet.
      </p>
    )
  }
  return (
    <dl className="story-facts">
      <dt>Request</dt>
      <dd>
        <code>{`${x.request.method} ${x.request.path}`}</code> from <strong>{x.browser}</strong>
      </dd>
      <dt>IP address</dt>
      <dd className="mono">{x.request.ip}</dd>
      <dt>User-Agent</dt>
      <dd>{describeAgent(x.request.userAgent)}</dd>
      <dt>Cookie</dt>
      <dd className={x.request.cookie === null ? undefined : 'story-hl'}>{x.request.cookie === null ? 'none: this browser holds no cookie to send' : <code>{shortCookie(x.request.cookie)}</code>}</dd>
    </dl>
  )
}

function shortCookie(header: string): string {
  return header.replace(/=([0-9a-f]{12,})/gi, (_, v: string) => `=${shortHex(v, 12)}`)
}

function DecidePhase({ x }: { x: ExchangeRecord | null }) {
  if (x === null) return <p>Waiting for the store: the middleware's decisions are known once the response ends.</p>
  return (
    <ol className="story-decisions">
      {x.steps.map((s, i) => {
        const w = stepWords(s)
        return (
          <li key={i} className={`tone-${w.tone}`}>
            <strong>{w.label}</strong> <span>{w.detail}</span>
          </li>
        )
      })}
      {x.steps.length === 0 ? <li>The session middleware announced nothing for this request.</li> : null}
    </ol>
  )
}

function ChangePhase({ step }: { step: StoryStep }) {
  const x = step.exchange
  const { added, removed, touched } = step.changes
  return (
    <div>
      <p>
        Response: {x === null ? 'not yet' : <><code>{x.response.status}</code> {x.response.body}</>}
        {x !== null && x.response.setCookie.length > 0 ? (
          <>
            , with <code className="story-hl">{`Set-Cookie: ${shortCookie(x.response.setCookie[0]?.split(';').slice(0, 2).join(';') ?? '')}; …`}</code>
          </>
        ) : x !== null ? ', and no Set-Cookie' : null}
        .
      </p>
      {added.length + removed.length + touched.length === 0 ? <p>The store did not change.</p> : null}
    </div>
  )
}

/** The three phases of a request, revealed one at a time: up to `phase`. */
export function StoryPhases({ step, phase }: { step: StoryStep; phase: StoryPhase }) {
  const action = step.action
  if (action.kind !== 'send') return null
  const x = step.exchange
  return (
    <ol className="story-phases" aria-label="Phases of the request">
      {PHASE_NAMES.map((name, i) => {
        const n = i + 1
        const shown = n <= phase
        return (
          <li key={name} className={`story-phase${n === phase ? ' is-current' : ''}${shown ? '' : ' is-hidden'}`} aria-current={n === phase ? 'step' : undefined}>
            <p className="story-phase-name">
              {n}. {name[0]?.toUpperCase()}
              {name.slice(1)}
            </p>
            {!shown ? (
              <p className="sim-muted">Next step shows this.</p>
            ) : n === 1 ? (
              <SentPhase x={x} action={action} />
            ) : n === 2 ? (
              <DecidePhase x={x} />
            ) : (
              <ChangePhase step={step} />
            )}
          </li>
        )
      })}
    </ol>
  )
}

/** What the step changed: store rows, cookies, log lines and lanes, in words (the same things are lit in the widgets). */
export function StoryChangesList({ step, now }: { step: StoryStep; now: number }) {
  const { added, removed, touched, cookies } = step.changes
  const lines: { key: string; what: string; text: string }[] = []
  for (const s of added) lines.push({ key: `a${s.key}`, what: 'Store row', text: `added: fingerprint ${shortHex(s.key)}, session id ${shortHex(s.id)} (a new lane)` })
  for (const s of touched) lines.push({ key: `t${s.key}`, what: 'Store row', text: `touched: ${shortHex(s.key)}, lastAccess moved, its lane starts again` })
  for (const s of removed) lines.push({ key: `r${s.key}`, what: 'Store row', text: `removed: ${shortHex(s.key)} (its lane ends)` })
  for (const c of cookies) {
    lines.push({
      key: `c${c.browser}${c.name}`,
      what: 'Cookie',
      text:
        c.change === 'gone'
          ? `${c.browser} no longer holds ${c.name} (expired or cleared)`
          : `${c.browser} ${c.change === 'set' ? 'now holds' : 'holds a changed'} ${c.name}=${shortHex(c.value ?? '')}${c.expires === null ? '' : `, expiring ${formatRelative(c.expires - now)}`}`,
    })
  }
  for (const r of step.records) lines.push({ key: `l${r.seq}`, what: 'Log', text: describeRecord(r) })
  return (
    <div className="story-changes">
      <p className="story-changes-title">What changed</p>
      {lines.length === 0 ? (
        <p className="sim-muted">Nothing visible yet: this step sets up what comes next.</p>
      ) : (
        <ul>
          {lines.map((l) => (
            <li key={l.key}>
              <span className="story-what">{l.what}</span> {l.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** CSS that lights what a step changed inside the story's own widgets (rows by key, lanes by key, cookie lists by browser). */
export function highlightCss(scope: string, step: StoryStep): string {
  const s = `[data-story=${JSON.stringify(scope)}]`
  const fill: string[] = []
  const edge: string[] = []
  for (const r of [...step.changes.added, ...step.changes.touched]) {
    const key = JSON.stringify(r.key)
    fill.push(`${s} tr[data-key=${key}] > td`, `${s} .lane[data-key=${key}]`)
    edge.push(`${s} tr[data-key=${key}] > td:first-child`, `${s} .lane[data-key=${key}]`)
  }
  for (const c of step.changes.cookies) {
    const list = `${s} ul[aria-label=${JSON.stringify(`Cookies of ${c.browser}`)}] > li`
    fill.push(list)
    edge.push(list)
  }
  if (fill.length === 0) return ''
  return `${fill.join(',\n')} { background: var(--story-hl-bg); }\n${edge.join(',\n')} { box-shadow: inset 3px 0 0 var(--story-hl); }`
}
