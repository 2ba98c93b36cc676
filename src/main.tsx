import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { MDXProvider } from '@mdx-js/react'
import Home from '../content/index.mdx'
import { Layout } from './site/Layout.tsx'
import './site/theme.css'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

createRoot(container).render(
  <StrictMode>
    <MDXProvider>
      <Layout>
        <Home />
      </Layout>
    </MDXProvider>
  </StrictMode>,
)
