import './cookie-lab.css'
import './ui/ui.css'
import { useId, useMemo, useState } from 'react'
import { parseCookie, type CookieMap } from '../connect/index.ts'
import { explainCookieHeader, RULES, sameCookies, type PieceExplanation, type RuleStep } from './cookie-rules.ts'
import { DEFAULT_HEADER, PRESET_GROUPS } from './cookie-presets.ts'

/** What cookieDecoder would put in req.cookies: nothing for an empty header, parseCookie's result otherwise. */
function parse(header: string): CookieMap {
  return header === '' ? (Object.create(null) as CookieMap) : parseCookie(header)
}

/** A cookie name or value shown exactly, with the empty string made visible. */
function Literal({ text }: { text: string }) {
  if (text === '') return <span className="literal-empty">(empty)</span>
  return <code className="literal">{text}</code>
}

function StepBadge({ step }: { step: RuleStep }) {
  const info = RULES[step.rule]
  return (
    <li className={`rule rule-${info.kind}`} title={info.description}>
      <span className="rule-label">{info.label}</span>
      {step.before !== undefined && step.after !== undefined && (
        <span className="rule-change">
          {' '}
          <Literal text={step.before} /> <span aria-hidden="true">→</span>
          <span className="visually-hidden">becomes</span> <Literal text={step.after} />
        </span>
      )}
      {step.note !== undefined && <span className="rule-note"> ({step.note})</span>}
    </li>
  )
}

function PieceCard({ piece }: { piece: PieceExplanation }) {
  return (
    <li className={piece.kept ? 'piece' : 'piece piece-dropped'}>
      <div className="piece-head">
        <span className="piece-number">Piece {piece.index + 1}</span>
        <Literal text={piece.raw} />
        <span className="piece-outcome">
          {piece.kept ? (
            <>
              <span aria-hidden="true">→ </span>
              <Literal text={piece.name} /> = <Literal text={piece.value} />
            </>
          ) : (
            <>
              <span aria-hidden="true">→ </span>ignored
            </>
          )}
        </span>
      </div>
      {piece.steps.length > 0 ? (
        <ul className="rule-list" aria-label={`Rules applied to piece ${piece.index + 1}`}>
          {piece.steps.map((step, i) => (
            <StepBadge key={i} step={step} />
          ))}
        </ul>
      ) : (
        <p className="rule-none">Read as is: no rule changed anything.</p>
      )}
    </li>
  )
}

/**
 * Type a Cookie header and see what 2010's cookieDecoder makes of it: the cookies (computed by the library's own
 * parseCookie) and, piece by piece, which of the 2010 parsing rules applied.
 */
export function CookieParserLab({ initial = DEFAULT_HEADER }: { initial?: string }) {
  const [header, setHeader] = useState(initial)
  const inputId = useId()
  const hintId = useId()
  const titleId = useId()
  const parsed = useMemo(() => parse(header), [header])
  const explained = useMemo(() => explainCookieHeader(header), [header])
  const agrees = sameCookies(explained.cookies, parsed)
  const names = Object.keys(parsed)
  const dropped = explained.pieces.filter((p) => !p.kept).length

  return (
    <section className="demo cookie-lab" aria-labelledby={titleId}>
      <p className="demo-title" id={titleId}>
        Cookie parser lab
      </p>
      <div className="field">
        <label htmlFor={inputId}>Cookie header</label>
        <textarea
          id={inputId}
          rows={2}
          value={header}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          aria-describedby={hintId}
          onChange={(event) => setHeader(event.target.value.replace(/[\r\n]+/g, ' '))}
        />
        <p className="field-hint" id={hintId}>
          What a browser sends after <code>Cookie:</code>. Parsed as you type, by the library&rsquo;s own{' '}
          <code>parseCookie</code>.
        </p>
      </div>

      <div className="preset-groups">
        {PRESET_GROUPS.map((group) => (
          <div key={group.label} className="preset-group" role="group" aria-label={group.label}>
            <p className="preset-label" aria-hidden="true">
              {group.label}
            </p>
            <div className="chip-group">
              {group.presets.map((preset) => (
                <button
                  key={preset.header}
                  type="button"
                  className="chip"
                  aria-pressed={header === preset.header}
                  title={preset.shows}
                  onClick={() => setHeader(preset.header)}
                >
                  {preset.header}
                </button>
              ))}
            </div>
          </div>
        ))}
      </div>

      <div className="lab-results">
        <div className="lab-cookies">
          <table className="cookie-table">
            <caption>
              Parsed cookies <span className="caption-note">(req.cookies)</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {names.length === 0 ? (
                <tr>
                  <td colSpan={2} className="cookie-table-empty">
                    No cookies: <code>req.cookies</code> is <code>{'{}'}</code>
                  </td>
                </tr>
              ) : (
                names.map((name) => (
                  <tr key={name}>
                    <td>
                      <Literal text={name} />
                    </td>
                    <td>
                      <Literal text={parsed[name] ?? ''} />
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          <p className="lab-summary" role="status">
            {names.length === 1 ? '1 cookie' : `${names.length} cookies`} from{' '}
            {explained.pieces.length === 1 ? '1 piece' : `${explained.pieces.length} pieces`}
            {dropped > 0 && `, ${dropped} ignored as ${dropped === 1 ? 'a duplicate' : 'duplicates'}`}.
          </p>
          {!agrees && (
            <p className="lab-mismatch ui-warning" role="alert">
              The step-by-step reading below disagrees with parseCookie for this header. The table shows what the parser
              returned; please report the header.
            </p>
          )}
        </div>

        <div className="lab-pieces">
          <h3 className="lab-subtitle" data-toc-ignore="" id={`${titleId}-pieces`}>
            How each piece was read
          </h3>
          {explained.pieces.length === 0 ? (
            <p className="rule-none">An empty header: cookieDecoder does not parse it at all.</p>
          ) : (
            <ol className="piece-list" aria-labelledby={`${titleId}-pieces`}>
              {explained.pieces.map((piece) => (
                <PieceCard key={piece.index} piece={piece} />
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  )
}

export default CookieParserLab
