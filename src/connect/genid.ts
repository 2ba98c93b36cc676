const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** How many random bytes make one session id. */
export const ID_BYTES = 16

/** How many random bits one session id carries (what an attacker guessing ids is up against). */
export const ID_BITS = ID_BYTES * 8

/** A fresh 128-bit session id from the platform's CSPRNG, as 32 lowercase hex digits (fixes Q8). */
export function randomId(): string {
  const bytes = new Uint8Array(ID_BYTES)
  globalThis.crypto.getRandomValues(bytes)
  let id = ''
  for (const b of bytes) id += HEX_BYTE[b]
  return id
}
