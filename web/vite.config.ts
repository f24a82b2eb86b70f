/**
 * The family's page, built into web/dist, which the gateway serves at `/`. Preact's JSX through
 * Vite's own transform (no Babel); every script hashed and cached for good, index.html never.
 */
import { defineConfig } from 'vite'

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
    // Every browser the page supports has <link rel="modulepreload">: the polyfill would only add
    // to the entry script (and fetch() the lazy chunks itself, outside what the CSP describes).
    modulePreload: { polyfill: false },
  },
})
