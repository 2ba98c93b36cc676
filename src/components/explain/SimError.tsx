import { useSimulation } from '../../state/index.ts'
import { ErrorNote } from '../ui/ErrorNote.tsx'

/** The simulation's last refusal, if any, where the reader is looking, with a button to dismiss it. */
export function SimError() {
  const error = useSimulation((s) => s.error)
  const actions = useSimulation((s) => s.actions)
  return <ErrorNote message={error} onDismiss={() => actions.clearError()} />
}
