import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import mdx from '@mdx-js/rollup'
import remarkGfm from 'remark-gfm'
import rehypeShiki from '@shikijs/rehype'
import { rehypeHeadingIds } from './src/site/build/rehype-heading-ids.ts'

export default defineConfig({
  plugins: [
    // MDX has to be compiled before the React plugin sees the JSX it produces.
    {
      enforce: 'pre',
      ...mdx({
        providerImportSource: '@mdx-js/react',
        // Tables and autolinks.
        remarkPlugins: [remarkGfm],
        rehypePlugins: [
          rehypeHeadingIds,
          [
            // Highlighting happens here, at build time: the pages ship coloured spans, not a highlighter.
            // Both themes are written as CSS variables; theme.css picks one from data-theme.
            rehypeShiki,
            {
              themes: { light: 'github-light-default', dark: 'github-dark-default' },
              defaultColor: false,
              // The light theme's comment grey is 4.3:1 on our code background; darken it to pass WCAG AA.
              colorReplacements: { 'github-light-default': { '#6e7781': '#57606a' } },
              langs: ['javascript', 'typescript', 'json', 'http', 'shellscript'],
              defaultLanguage: 'text',
              fallbackLanguage: 'text',
              transformers: [
                {
                  name: 'sessionscope:language-label',
                  pre(this: { options: { lang?: string } }, node: { properties: Record<string, unknown> }) {
                    const lang = this.options.lang
                    if (lang && lang !== 'text') node.properties['data-language'] = lang
                  },
                },
              ],
            },
          ],
        ],
      }),
    },
    react({ include: /\.(mdx|js|jsx|ts|tsx)$/ }),
  ],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
})
