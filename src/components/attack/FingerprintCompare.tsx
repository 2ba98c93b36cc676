import './attack.css'
import { useMemo } from 'react'
import { useSimulation } from '../../state/index.ts'
import { presentedFingerprint, savedFingerprint, type FingerprintParts } from '../../sim/index.ts'
import { ScrollTable } from '../ui/ScrollTable.tsx'

const ROWS: readonly { field: keyof FingerprintParts; label: string }[] = [
  { field: 'id', label: 'session id' },
  { field: 'ip', label: 'IP address' },
  { field: 'userAgent', label: 'User-Agent' },
  { field: 'joined', label: 'joined string' },
  { field: 'key', label: 'md5 (store key)' },
]

/**
 * The thief's fingerprint inputs (those of its newest request that carried a cookie) beside those the victim's
 * session was saved under, row by row, each row saying whether the two agree. Both come from the library's trace.
 */
export function FingerprintCompare({ victim, thief }: { victim: string; thief: string }) {
  const trace = useSimulation((s) => s.trace)
  const saved = useMemo(() => savedFingerprint(trace, victim), [trace, victim])
  const presented = useMemo(() => presentedFingerprint(trace, thief), [trace, thief])
  const caption = `Fingerprint inputs: ${thief}'s request against ${victim}'s saved session`
  return (
    <div className="atk-compare" role="group" aria-label="Fingerprint comparison">
      <ScrollTable className="atk-table">
        <caption className="atk-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Input</th>
            <th scope="col">{victim}'s saved session</th>
            <th scope="col">{thief}'s request</th>
            <th scope="col">Same?</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(({ field, label }) => {
            const a = saved?.[field] ?? null
            const b = presented?.[field] ?? null
            const same = a !== null && b !== null && a === b
            return (
              <tr key={field} data-field={field} data-same={a === null || b === null ? undefined : String(same)}>
                <th scope="row">{label}</th>
                <td className="mono atk-value">{a ?? '—'}</td>
                <td className="mono atk-value">{b ?? '—'}</td>
                <td className={same ? 'atk-same' : 'atk-differs'}>{a === null || b === null ? 'nothing to compare yet' : same ? '= same' : '≠ differs'}</td>
              </tr>
            )
          })}
        </tbody>
      </ScrollTable>
      <p className="atk-note">
        {saved === null
          ? `${victim} has no saved session yet.`
          : presented === null
            ? `${thief} has not sent a session cookie yet: copy ${victim}'s cookie, then send a request from ${thief}.`
            : presented.key === saved.key
              ? `Every input agrees, so ${thief}'s lookup asks for the key ${victim}'s session is stored under.`
              : `The keys differ, so ${thief}'s lookup cannot find ${victim}'s session.`}
      </p>
    </div>
  )
}
