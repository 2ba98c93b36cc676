import { useId, useState } from 'react'
import { useSimulation } from '../../state/index.ts'
import { AdvanceField, ClockNotes, VirtualTime } from '../sim/clock-parts.tsx'
import { useAct } from '../ui/use-act.ts'

/**
 * The clock of an exercise: the time, advance by an amount, step to the next reap. Time only moves forward here (no
 * timeline to scrub back, no Play): each move is one action that Undo can take back.
 */
export function ExerciseClock() {
  const now = useSimulation((s) => s.view.now)
  const startTime = useSimulation((s) => s.view.startTime)
  const nextReapAt = useSimulation((s) => s.view.nextReapAt)
  const act = useAct()
  const [message, setMessage] = useState<string | null>(null)
  const ids = { message: useId() }
  return (
    <div className="sim-clock ex-clock" role="group" aria-label="Clock">
      <div className="sim-clock-row">
        <VirtualTime now={now} startTime={startTime} />
        <AdvanceField describedBy={ids.message} onAdvance={(ms) => setMessage(act((a) => a.advance(ms)))} onInvalid={setMessage} />
        <button type="button" className="button" onClick={() => setMessage(act((a) => a.stepToNextReap()))}>
          Step to next reap
        </button>
      </div>
      <ClockNotes now={now} nextReapAt={nextReapAt} messageId={ids.message} message={message} />
    </div>
  )
}
