import fs from 'node:fs'
import path from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import mdx from '@mdx-js/rollup'
import remarkGfm from 'remark-gfm'
import rehypeShiki from '@shikijs/rehype'
import { rehypeHeadingIds } from './src/site/build/rehype-heading-ids.ts'

/**
 * The sub-path the site is served under, from BASE_PATH at build time (`BASE_PATH=/sessionscope/ npm run build`,
 * as GitHub Pages serves a project); `/` when unset.
 */
function basePath(): string {
  const raw = process.env.BASE_PATH ?? '/'
  const trimmed = raw.replace(/^\/+|\/+$/g, '')
  return trimmed === '' ? '/' : `/${trimmed}/`
}

/**
 * `vite preview` as a static host: a path with no file gets the built 404.html with status 404 (after Vite's own
 * mpa lookup of `x/index.html` and `x.html`), as GitHub Pages and Netlify do.
 */
function previewNotFoundPage(): Plugin {
  return {
    name: 'sessionscope:preview-404',
    // The build prerenders every page into `<path>/index.html`; preview serves those files as a static host would,
    // while the dev server keeps answering every path with the app.
    config(_, env) {
      return env.isPreview === true ? { appType: 'mpa' } : undefined
    },
    configurePreviewServer(server) {
      const outDir = path.resolve(server.config.root, server.config.build.outDir)
      return () => {
        server.middlewares.use((req, res, next) => {
          if (req.method !== 'GET' && req.method !== 'HEAD') return next()
          const page = path.join(outDir, '404.html')
          let pathname = '/'
          try {
            pathname = decodeURIComponent((req.url ?? '/').split(/[?#]/, 1)[0] ?? '/')
          } catch {
            // A malformed URL is not a file either.
          }
          const file = path.join(outDir, pathname)
          if (!file.startsWith(outDir) || (fs.existsSync(file) && fs.statSync(file).isFile()) || !fs.existsSync(page)) return next()
          res.statusCode = 404
          res.setHeader('Content-Type', 'text/html; charset=utf-8')
          res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(page, 'utf8'))
        })
      }
    },
  }
}

export default defineConfig({
  base: basePath(),
  // One stylesheet for the whole site, linked from every prerendered page: a widget's styles are there before its
  // chunk arrives, so the prerendered widgets keep their size when they hydrate (no layout shift), and a page makes
  // one render-blocking request for CSS instead of one per chunk.
  build: {
    outDir: process.env.OUT_DIR ?? 'dist',
    cssCodeSplit: false,
    // The HTML names the chunks the entry needs; a chunk loaded later (a page, a widget) fetches its own imports as
    // the browser reads them. Preloading those too meant adding a <link> per import to <head> in the middle of a
    // React render, which held a phone's main thread for up to 100 ms while a page started.
    modulePreload: { resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []) },
    // Everything the entry imports statically is one chunk. Left to itself the bundler cut it into about ten small
    // chunks, one per set of pages that share a module, and a page on a slow network then waited on ten requests
    // before it could start.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'start', tags: ['$initial'] }] } } },
  },
  plugins: [
    previewNotFoundPage(),
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
