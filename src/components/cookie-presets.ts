// Headers the cookie lab offers with one click: the 2010 test suite's own vectors and the cases that trip people up.

export interface CookiePreset {
  header: string
  /** What the preset shows, for its tooltip and the page's prose. */
  shows: string
}

export interface PresetGroup {
  label: string
  presets: readonly CookiePreset[]
}

export const PRESET_GROUPS: readonly PresetGroup[] = [
  {
    label: '2010 test vectors (U-03)',
    presets: [
      { header: 'foo=bar', shows: 'the plainest possible cookie' },
      { header: 'SID=123', shows: 'names come out in lower case' },
      { header: 'SID=123;SID=somethingElse', shows: 'the first value of a name wins' },
      { header: 'foo   =  bar; baz = raz', shows: 'spaces around names and values are dropped' },
      { header: 'fbs="uid=0987654321&name=Test+User"', shows: 'quotes are stripped and + becomes a space' },
    ],
  },
  {
    label: 'Tricky cases',
    presets: [
      { header: '__proto__=x', shows: 'a name 2010 silently lost' },
      { header: 'SID=1; sid=2', shows: 'lowercasing turns two names into one' },
      { header: 'a="x;y"', shows: 'quotes do not protect a semicolon' },
      { header: '%E2%82%AC', shows: 'no equals sign, and UTF-8 escapes' },
      { header: 'a=%41%zz%4', shows: 'broken escapes are kept as they are' },
      { header: 'connect.sid=4f1c, theme=dark', shows: 'a comma splits like a semicolon' },
    ],
  },
]

export const DEFAULT_HEADER = 'SID=123;SID=somethingElse'
