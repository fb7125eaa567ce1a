import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'

const backend = process.env.CENTERSTAGE_DEV_BACKEND ?? 'http://127.0.0.1:8080'

/**
 * FullCalendar injects an icon font as a data: URI, which the server's Content-Security-Policy
 * (font-src 'self') refuses, and Chrome reports on every page load. The app draws no
 * FullCalendar icons that matter (its own toolbar is used), so the font is left out of the build;
 * calendar.css gives the popover's close button a plain character.
 */
function dropFullCalendarIconFont(): Plugin {
  return {
    name: 'centerstage:drop-fullcalendar-icon-font',
    apply: 'build',
    transform(code, id) {
      if (!id.includes('@fullcalendar/core')) return null
      const out = code.replace(/@font-face\{font-family:fcicons;[^}]*\}/, '')
      return out === code ? null : { code: out, map: null }
    },
  }
}

// Messages are compiled at build time (runtimeOnly), so the app never needs
// `new Function` and runs under a strict Content-Security-Policy.
export default defineConfig({
  plugins: [
    vue(),
    dropFullCalendarIconFont(),
    VueI18nPlugin({
      include: [fileURLToPath(new URL('./src/i18n/locales/**', import.meta.url))],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: false,
      strictMessage: false,
      escapeHtml: false,
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dts: 'components.d.ts',
      dirs: [],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/readyz': backend,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 900,
    // No data: URIs: the server's Content-Security-Policy allows only 'self'.
    assetsInlineLimit: 0,
  },
})
