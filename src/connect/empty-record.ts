// Instances of this constructor inherit from a null-prototype object: no inherited names at all, so `__proto__`,
// `constructor` and `toString` are ordinary keys, while V8 keeps them fast-mode objects, unlike
// Object.create(null), which starts in slow dictionary mode.
const EmptyRecord = function EmptyRecord() {} as unknown as { new (): Record<string, unknown> }
EmptyRecord.prototype = Object.freeze(Object.create(null)) as Record<string, unknown>

/** A new empty object without any inherited names, for keys that come from outside (cookie names, header names). */
export function emptyRecord<T>(): Record<string, T> {
  return new EmptyRecord() as Record<string, T>
}
