import { SimulationProvider, type SimulationOptions } from '../../state/index.ts'
import { BrowserGrid } from '../sim/BrowserGrid.tsx'
import { BurstControl } from '../sim/playground/parts.tsx'
import { IdEntropyCalculator } from './IdEntropyCalculator.tsx'

const OPTIONS: SimulationOptions = {
  browsers: [
    { name: 'Alice', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', ip: '192.0.2.10' },
    { name: 'Bob', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', ip: '198.51.100.7' },
  ],
}

/** The id-guessing calculator over a world of its own: two browsers and a crawler make the live sessions it counts. */
export function EntropyLab() {
  return (
    <SimulationProvider options={OPTIONS}>
      <div className="nb-lab">
        <BrowserGrid />
        <BurstControl total={1000} />
        <IdEntropyCalculator />
      </div>
    </SimulationProvider>
  )
}
