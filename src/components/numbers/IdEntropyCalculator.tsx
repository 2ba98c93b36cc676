import { useId, useState } from 'react'
import {
  estimateGuessing,
  LEGACY_FULL_LENGTH_SHARE,
  LEGACY_ID_BITS,
  LEGACY_ID_LENGTH,
  LEGACY_STATE_BITS,
  strategyName,
  TODAY_ID_BITS,
  type GuessEstimate,
} from '../../sim/index.ts'
import { useSimulation } from '../../state/index.ts'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { formatNumber, parseAmount } from '../ui/format.ts'
import { formatAmount, formatBig, formatBits, formatChance, formatLongDuration } from './long-duration.ts'
import './numbers.css'

const GENERATORS = [
  {
    id: 'today',
    name: 'Today: crypto.getRandomValues',
    bits: TODAY_ID_BITS,
    shape: `${TODAY_ID_BITS / 4} hex characters, always`,
  },
  {
    id: 'legacy',
    name: '2010: Math.random, as written',
    bits: LEGACY_ID_BITS,
    shape: `${LEGACY_ID_LENGTH.min}–${LEGACY_ID_LENGTH.max} hex characters (${Math.round(LEGACY_FULL_LENGTH_SHARE * 100)}% are ${LEGACY_ID_LENGTH.max})`,
  },
  {
    id: 'state',
    name: "2010: Math.random's own state",
    bits: LEGACY_STATE_BITS,
    shape: 'at most 2^64 different ids, whatever their length',
  },
] as const

// What else a guessed id must match before the store hands over a session, for each fingerprint strategy.
const BINDING: Readonly<Record<ReturnType<typeof strategyName>, string>> = {
  default: 'a guessed id must also arrive from its owner’s address with its owner’s User-Agent, which an attacker behind the same NAT already has.',
  'user-agent': 'a guessed id must also carry its owner’s User-Agent, which is easy to copy.',
  'ip-only': 'a guessed id must also arrive from its owner’s address, which anyone behind the same NAT shares.',
  none: 'the id alone is the store key, so a guessed id is a hijack.',
  custom: 'what else a guessed id must match depends on your function.',
}

/**
 * How long guessing takes to hit any live session of the current world, for today's ids and 2010's: bits per id
 * from the library's generator, live sessions from the world, guesses per second from the reader.
 */
export function IdEntropyCalculator() {
  const live = useSimulation((s) => s.view.sessions.length)
  const fingerprint = useSimulation((s) => strategyName(s.view.config.fingerprint))
  const ids = { rate: useId(), error: useId(), table: useId(), live: useId() }
  const [text, setText] = useState('10000')
  const [rate, setRate] = useState(10_000)
  const [error, setError] = useState<string | null>(null)

  const commit = (value: string) => {
    const n = parseAmount(value)
    try {
      if (n === null) throw new RangeError(`guesses per second must be a number above 0; got ${JSON.stringify(value)}`)
      estimateGuessing(TODAY_ID_BITS, 0, n)
      setRate(n)
      setError(null)
    } catch (err) {
      setError(`${err instanceof Error ? err.message : String(err)}. The calculation still uses ${formatAmount(rate)}.`)
    }
  }

  const rows: { g: (typeof GENERATORS)[number]; e: GuessEstimate }[] = GENERATORS.map((g) => ({ g, e: estimateGuessing(g.bits, live, rate) }))
  const today = rows[0]?.e as GuessEstimate

  return (
    <section className="nb-calc" aria-label="Id guessing calculator">
      <div className="nb-inputs">
        <div className="field sim-field">
          <label htmlFor={ids.rate}>Guesses per second</label>
          <input
            id={ids.rate}
            inputMode="decimal"
            className="mono"
            value={text}
            aria-describedby={error === null ? undefined : ids.error}
            aria-invalid={error !== null}
            onChange={(event) => setText(event.target.value)}
            onBlur={(event) => commit(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commit(event.currentTarget.value)
            }}
          />
        </div>
        <p className="nb-live">
          <span id={ids.live}>Live sessions in this world</span>{' '}
          <output aria-labelledby={ids.live} className="nb-live-count">
            {formatNumber(live)}
          </output>
        </p>
      </div>
      <ErrorNote id={ids.error} message={error} />
      <div className="nb-table-wrap" tabIndex={0} role="region" aria-labelledby={ids.table}>
        {/* Explicit roles: on a phone the rows are laid out as cards, and the roles keep them a table to assistive tech. */}
        <table className="nb-table" role="table">
          <caption id={ids.table}>Time to guess a live session id</caption>
          <thead>
            <tr role="row">
              <th scope="col" role="columnheader">Generator</th>
              <th scope="col" role="columnheader">Bits per id</th>
              <th scope="col" role="columnheader">Chance per guess</th>
              <th scope="col" role="columnheader">Expected time to a hit</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ g, e }) => (
              <tr key={g.id} data-generator={g.id} role="row">
                <th scope="row" role="rowheader">
                  {g.name}
                  <span className="nb-shape">{g.shape}</span>
                </th>
                <td className="num" role="cell" data-label="Bits per id">
                  {formatBits(g.bits)}
                </td>
                <td className="num" role="cell" data-label="Chance per guess">
                  {formatChance(e.perGuess)}
                </td>
                <td role="cell" data-label="Expected time to a hit">
                  {formatLongDuration(e.seconds)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="nb-formula">
        <p>
          Each guess hits one of the <var>N</var> live ids out of 2<sup>b</sup> possible ones, so the first hit takes on
          average 2<sup>b</sup> ÷ <var>N</var> guesses, and at <var>g</var> guesses a second:
        </p>
        <p className="nb-equation">
          <var>T</var> = 2<sup>b</sup> ÷ (<var>N</var> × <var>g</var>)
        </p>
        <p className="nb-equation" aria-label="Today's figures in the formula">
          {live === 0 ? (
            <>With no live session there is nothing to hit: T is infinite. Send a request to make one.</>
          ) : (
            <>
              2<sup>{TODAY_ID_BITS}</sup> ÷ ({formatNumber(live)} × {formatAmount(rate)}) = {formatBig(today.seconds)} s
            </>
          )}
        </p>
      </div>
      <p className="nb-note">
        The ids count alone here: the worst case. With this world's fingerprint (<strong>{fingerprint}</strong>),
        {' '}{BINDING[fingerprint]}{' '}
        And 2010’s ids were worse than their length: <code>Math.random</code> is predictable, so an attacker who has seen a
        few ids could compute the next ones instead of guessing.
      </p>
    </section>
  )
}
