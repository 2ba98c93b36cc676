// The 2010-mode widgets of the /changes page.
export { QuirkToggle } from './QuirkToggle.tsx'
