// Version 1 of the link format, read and turned into a version 2 recording: its actions were stamped with `t` and
// spelled a few kinds their own way, and it stood at `now` rather than ending in an advance.

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A version 1 action as a version 2 one; anything unexpected is passed on for the schema to name. */
function migrateAction(v: unknown): unknown {
  if (!isRecord(v)) return v
  const { t, kind, spec, name, settings, ...fields } = v
  const out: Record<string, unknown> = { kind: kind === 'copyCookie' ? 'stealCookie' : kind, at: t, ...fields }
  // addBrowser held its browser as `spec`, removeBrowser named it `name`, configure nested its `settings`.
  if (isRecord(spec)) Object.assign(out, spec)
  if (name !== undefined) out.browser = name
  if (isRecord(settings)) Object.assign(out, settings)
  return out
}

/** A version 1 link's state as a version 2 recording (checked afterwards by the recording schema). */
export function migrateLinkV1(value: unknown): unknown {
  if (!isRecord(value)) return value
  const { actions, now, ...rest } = value
  if (!Array.isArray(actions)) return { ...rest, actions }
  const migrated = actions.map(migrateAction)
  const last = migrated.reduce<number>((t, a) => (isRecord(a) && typeof a.at === 'number' ? Math.max(t, a.at) : t), 0)
  if (typeof now === 'number' && now > last) migrated.push({ kind: 'advance', at: last, ms: now - last })
  return { ...rest, actions: migrated }
}
