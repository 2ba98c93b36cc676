#!/usr/bin/env node
// Writes test/fixtures/md5-vectors.json: strings and their node:crypto md5, for the browser-side md5 test.
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'

const texts = ['', 'wahoo', 'héllo wörld ✓ 🎉', 'セッション', '\u0000', 'a\uFFFDb']
for (let n = 0; n <= 130; n += 3) texts.push('x'.repeat(n), 'é'.repeat(n))
let seed = 7
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648)
for (let i = 0; i < 60; i++) {
  let s = ''
  const len = next() % 90
  for (let j = 0; j < len; j++) s += String.fromCodePoint([0x20 + (next() % 95), 0xa0 + (next() % 0x700), 0x3040 + (next() % 0x60), 0x1f300 + (next() % 0x100)][next() % 4])
  texts.push(s)
}
const vectors = texts.map((t) => [t, createHash('md5').update(t, 'utf8').digest('hex')])
writeFileSync(new URL('../test/fixtures/md5-vectors.json', import.meta.url), JSON.stringify(vectors, null, 0) + '\n')
console.log(`wrote ${vectors.length} vectors`)
