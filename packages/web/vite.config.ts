import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // The client's sources, not its built package: building the UI needs no client build first.
  resolve: {
    alias: {
      '@notify-bridge/client/svelte': fileURLToPath(new URL('../client/src/svelte.ts', import.meta.url)),
      '@notify-bridge/client': fileURLToPath(new URL('../client/src/index.ts', import.meta.url)),
    },
  },
  logLevel: 'warn',
});
