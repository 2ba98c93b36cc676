import { SimulationProvider, type SimulationOptions } from '../../state/index.ts'
import { BrowserGrid } from './BrowserGrid.tsx'
import { ClockControls } from './ClockControls.tsx'
import { SimAnnouncer } from './EventLog.tsx'
import { StoreTable } from './StoreTable.tsx'

// Short lifetimes, so that a minute of Play shows sessions going stale and being swept.
const HOME_OPTIONS: SimulationOptions = {
  world: { maxAge: 5 * 60_000, reapInterval: 60_000 },
  browsers: [
    { name: 'Alice', userAgent: 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6', ip: '192.0.2.10' },
    {
      name: 'Bob',
      userAgent: 'Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10_6_4; en-us) AppleWebKit/533.16 (KHTML, like Gecko) Version/5.0 Safari/533.16',
      ip: '198.51.100.7',
    },
  ],
}

/** The home page's live demo: two browsers, the store and the clock, in a simulation of its own. */
export function MiniSimulation() {
  return (
    <SimulationProvider options={HOME_OPTIONS}>
      <section className="demo sim-mini" aria-labelledby="mini-sim-title" data-toc-ignore="">
        <div className="sim-mini-head">
          <p id="mini-sim-title" className="demo-title">
            Live, in this tab
          </p>
          <p className="sim-mini-hint">
            Send a request, then another: the first makes a session, the second touches it. <strong>Play</strong> runs
            the clock, and sessions idle for 5 minutes are reaped.
          </p>
        </div>
        <BrowserGrid />
        <StoreTable maxHeight={14} />
        <ClockControls />
        <SimAnnouncer />
      </section>
    </SimulationProvider>
  )
}
