import { useEffect, useRef } from 'react'

/**
 * Hands `apply` the value of the address's query parameter `param`, once, after the widget's first render. A
 * prerendered page was rendered without an address, so the first render on the client must match it (the defaults);
 * what a link asks for is applied right after, when hydration is done. Nothing happens when `param` is null or the
 * address does not carry it.
 */
export function useLinkParam(param: string | null, apply: (text: string) => void): void {
  // Kept in a ref so the effect runs once per page, whatever closure the latest render made.
  const latest = useRef(apply)
  useEffect(() => {
    latest.current = apply
  })
  useEffect(() => {
    if (param === null) return
    const text = new URLSearchParams(location.search).get(param)
    if (text !== null) latest.current(text)
  }, [param])
}
