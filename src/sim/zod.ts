// The one zod every schema of the simulator is built with. Its parsers run interpreted ("jitless"): by default zod
// compiles a fast path with `new Function` on an object schema's first parse, which costs more than it saves for
// data read once (a page's exercises, a link, a file) and is what a strict Content-Security-Policy forbids. The
// setting is a side effect of loading this module: package.json lists the file under sideEffects, so that the
// bundler keeps it.
import { z } from 'zod'

z.config({ jitless: true })

export { z }
