import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

// Built by Maven (app/pom.xml) into the service jar's META-INF/console; served at /console.
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: process.env.CONSOLE_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    // no data: URIs and no inline anything: the service's Content-Security-Policy is default-src 'self'
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    rollupOptions: {
      input: { console: here('index.html'), embed: here('embed.html') },
    },
  },
});
