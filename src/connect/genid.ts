const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** A fresh 128-bit session id from the platform's CSPRNG, as 32 lowercase hex digits (fixes Q8). */
export function randomId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  let id = ''
  for (const b of bytes) id += HEX_BYTE[b]
  return id
}
