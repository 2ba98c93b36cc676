import { useId, useState } from 'react'
import { md5 } from 'js-md5'

/** Type some text and see its md5 hex digest, the hash the session middleware uses for fingerprints. */
export function Md5Demo({ initial = 'wahoo' }: { initial?: string }) {
  const [text, setText] = useState(initial)
  const inputId = useId()
  const outputId = useId()
  return (
    <div className="demo md5-demo">
      <div className="field">
        <label htmlFor={inputId}>Text to hash</label>
        <input
          id={inputId}
          type="text"
          value={text}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={outputId}>md5</label>
        <output id={outputId} htmlFor={inputId} className="mono">
          {md5(text)}
        </output>
      </div>
    </div>
  )
}

export default Md5Demo
