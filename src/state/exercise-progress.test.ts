import { describe, expect, test } from 'vitest'
import { createProgress, parseProgress, PROGRESS_KEY, type ProgressStorage } from './exercise-progress.ts'

const KNOWN = ['a', 'b', 'c']

function memory(initial: string | null = null): ProgressStorage & { value: string | null } {
  return {
    value: initial,
    getItem() {
      return this.value
    },
    setItem(_key: string, value: string) {
      this.value = value
    },
    removeItem() {
      this.value = null
    },
  }
}

describe('parseProgress', () => {
  test('keeps known ids only, each once, in the known order', () => {
    expect(parseProgress(JSON.stringify({ solved: ['c', 'x', 'a', 'a', 3, null] }), KNOWN)).toEqual(['a', 'c'])
  })
  test.each([null, '', '{', 'null', '[]', '"a"', '{"solved":"a"}', '{"solved":{"0":"a"}}', '{"__proto__":{"solved":["a"]}}', 'x'.repeat(20_000)])('reads %j as nothing solved', (raw) => {
    expect(parseProgress(raw as string | null, KNOWN)).toEqual([])
  })
})

describe('createProgress', () => {
  test('marks, keeps across a new instance (a reload), and clears', () => {
    const storage = memory()
    const p = createProgress(storage, KNOWN)
    let calls = 0
    p.subscribe(() => calls++)
    p.markSolved('b')
    p.markSolved('b')
    p.markSolved('nope')
    expect(p.solved()).toEqual(['b'])
    expect(calls).toBe(1)
    expect(createProgress(storage, KNOWN).solved()).toEqual(['b'])
    p.clear()
    expect(storage.value).toBeNull()
    expect(createProgress(storage, KNOWN).solved()).toEqual([])
    expect(calls).toBe(2)
  })

  test('works in memory when storage is missing or throws', () => {
    const hostile: ProgressStorage = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
      removeItem: () => {
        throw new Error('SecurityError')
      },
    }
    for (const storage of [null, hostile]) {
      const p = createProgress(storage, KNOWN)
      p.markSolved('a')
      expect(p.solved()).toEqual(['a'])
      p.clear()
      expect(p.solved()).toEqual([])
    }
  })

  test('picks up a change made in another tab', () => {
    const storage = memory()
    let fire: (() => void) | null = null
    const p = createProgress(storage, KNOWN, (onChange) => {
      fire = onChange
      return () => (fire = null)
    })
    const seen: (readonly string[])[] = []
    const off = p.subscribe(() => seen.push(p.solved()))
    storage.value = JSON.stringify({ solved: ['c'] })
    ;(fire as unknown as () => void)()
    expect(seen).toEqual([['c']])
    off()
    expect(fire).toBeNull()
    expect(PROGRESS_KEY).toMatch(/exercises/)
  })
})
