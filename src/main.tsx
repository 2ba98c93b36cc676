import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { MDXProvider } from '@mdx-js/react'
import { App } from './site/App.tsx'
import { mdxComponents } from './site/mdx-components.tsx'
import { startRouter } from './site/router.tsx'
import { installShortcuts } from './components/index.ts'
import { restoreCharacterKeysChoice } from './site/ShortcutsDialog.tsx'
import { watchTheme } from './site/theme.ts'
import './site/theme.css'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

watchTheme()
restoreCharacterKeysChoice()
installShortcuts()
startRouter()

createRoot(container).render(
  <StrictMode>
    <MDXProvider components={mdxComponents}>
      <App />
    </MDXProvider>
  </StrictMode>,
)
