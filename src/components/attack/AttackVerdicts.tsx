import './attack.css'
import { useMemo } from 'react'
import { useSimulation } from '../../state/index.ts'
import { explainVerdict, verdictLabel, verdictsOf } from '../../sim/index.ts'

/**
 * The verdict on every request of the demo's world, in words: hijacked, blocked by the fingerprint, locked out,
 * loaded or new. `roles` names what each browser is in the story (victim, attacker, the legitimate user).
 */
export function AttackVerdicts({ roles = {} }: { roles?: Readonly<Record<string, string>> }) {
  const trace = useSimulation((s) => s.trace)
  // Verdicts need every record from the world's start; verdict.ts follows them, this widget only words them.
  const verdicts = useMemo(() => verdictsOf(trace), [trace])
  const latest = verdicts.at(-1)
  return (
    <div className="atk-verdicts" role="group" aria-label="Verdicts">
      <p className="atk-h">Verdict on every request</p>
      {verdicts.length === 0 ? (
        <p className="muted">No request yet. Send one and its verdict appears here.</p>
      ) : (
        <ol className="atk-verdict-list" aria-label="Verdict per request">
          {verdicts.map((v) => (
            <li key={v.exchange} className="atk-verdict" data-kind={v.kind}>
              <span className={`atk-kind atk-kind-${v.kind}`}>{verdictLabel(v)}</span>
              <span className="atk-who">
                #{v.exchange} {v.browser}
                {roles[v.browser] !== undefined ? ` (${roles[v.browser]})` : ''}
              </span>
              <span className="atk-why">{explainVerdict(v)}</span>
            </li>
          ))}
        </ol>
      )}
      <p className="atk-latest" role="status">
        {latest === undefined ? '' : `Latest: request #${latest.exchange} from ${latest.browser}: ${verdictLabel(latest)}.`}
      </p>
    </div>
  )
}
