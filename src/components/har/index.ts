// Bringing real traffic in: the playground's HAR import.
export { HarImport } from './HarImport.tsx'
