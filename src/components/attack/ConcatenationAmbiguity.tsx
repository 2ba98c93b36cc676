import './attack.css'
import { useMemo } from 'react'
import { useSimulation } from '../../state/index.ts'
import { concatenationAmbiguity, savedFingerprint, type FingerprintParts } from '../../sim/index.ts'

function Joined({ parts, label }: { parts: FingerprintParts; label: string }) {
  return (
    <div className="atk-joined">
      <p className="atk-joined-title">{label}</p>
      <p className="mono atk-concat" aria-label={`${label}: joined string`}>
        <span className="atk-part atk-part-id">{parts.id}</span>
        <span className="atk-part atk-part-ip">{parts.ip}</span>
        <span className="atk-part atk-part-ua">{parts.userAgent}</span>
      </p>
      <p className="mono atk-md5" aria-label={`${label}: md5`}>
        md5 = {parts.key}
      </p>
    </div>
  )
}

/**
 * The 2010 fingerprint joins id, IP and User-Agent with nothing between them. This takes the victim's saved session,
 * drops the last character of its id, and joins that forged id with the thief's current IP and User-Agent, both
 * through the library's own fingerprint: the reader changes the thief's IP until the two strings and keys agree.
 */
export function ConcatenationAmbiguity({ victim, thief }: { victim: string; thief: string }) {
  const trace = useSimulation((s) => s.trace)
  const thiefIp = useSimulation((s) => s.view.browsers.find((b) => b.name === thief)?.ip ?? null)
  const thiefUa = useSimulation((s) => s.view.browsers.find((b) => b.name === thief)?.userAgent ?? null)
  const saved = useMemo(() => savedFingerprint(trace, victim), [trace, victim])
  const result = useMemo(
    () => (saved === null || thiefIp === null || thiefUa === null ? null : concatenationAmbiguity(saved, thiefIp, thiefUa)),
    [saved, thiefIp, thiefUa],
  )
  return (
    <div className="atk-ambiguity" role="group" aria-label="Concatenation ambiguity">
      {result === null ? (
        <p className="muted">
          {victim} needs a saved session (under the 2010 fingerprint) and {thief} must exist before the two strings can be compared.
        </p>
      ) : (
        <>
          <Joined parts={result.victim} label={`${victim}'s saved session`} />
          <Joined parts={result.forged} label={`${thief} with the id one character shorter`} />
          <p className={`atk-finding ${result.same ? 'atk-finding-same' : ''}`} role="status">
            {result.same
              ? `Same string, same key: md5 cannot tell them apart, so the store would hand ${victim}'s session to this shorter id from ${result.forged.ip}.`
              : `Different strings, different keys. ${thief}'s IP is ${result.forged.ip}; the strings agree when it is ${result.matchingIp}.`}
          </p>
        </>
      )}
    </div>
  )
}
