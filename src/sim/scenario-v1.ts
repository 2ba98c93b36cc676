// Version 1 of the scenario format, read and turned into version 2: the "timeline" becomes "actions", each step's
// "action" key its "kind", and a "fault" step a configure with "faults". Steps keep their indices, so expectations
// carry over unchanged.

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A version 1 step as a version 2 action; anything unexpected is passed on for the schema to name. */
function migrateStep(step: unknown): unknown {
  if (!isRecord(step) || !('action' in step)) return step
  const { action, at, note, ...fields } = step
  const stamp = { ...(at !== undefined ? { at } : {}), ...(note !== undefined ? { note } : {}) }
  if (action === 'fault') return { kind: 'configure', ...stamp, faults: fields }
  return { kind: action, ...stamp, ...fields }
}

/** A version 1 scenario as version 2 (checked afterwards by the version 2 schema). */
export function migrateScenarioV1(value: object): unknown {
  const { version: _version, timeline, ...rest } = value as Record<string, unknown>
  return { version: 2, ...rest, actions: Array.isArray(timeline) ? timeline.map(migrateStep) : timeline }
}
