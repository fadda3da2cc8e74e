import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { esNotices } from './src/i18n/es.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, '..', 'dist', 'web');

/** Brotli and gzip copies of every text asset beside it, once at build time; the server sends the one the browser takes. */
function precompress(): Plugin {
  return {
    name: 'harborline-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir).filter((f) => /\.(js|css|html|svg|json|webmanifest)$/.test(f))) {
        const data = fs.readFileSync(file);
        fs.writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * The installable app: its manifest and icons (drawn from one SVG with sharp), and the service worker with
 * the shell to keep offline (the page, its entry script and styles; other chunks are kept once used).
 */
function progressiveWebApp(): Plugin {
  const pwa = path.join(here, 'pwa');
  return {
    name: 'harborline-pwa',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const svg = fs.readFileSync(path.join(pwa, 'icon.svg'));
      const { default: sharp } = await import('sharp');
      for (const size of [192, 512])
        this.emitFile({ type: 'asset', fileName: `icon-${size}.png`, source: await sharp(svg).resize(size, size).png().toBuffer() });
      this.emitFile({ type: 'asset', fileName: 'icon.svg', source: svg });
      const manifest = {
        name: 'Harborline',
        short_name: 'Harborline',
        description: 'Your care community, questions to your clinicians, and news from your hospital.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f5f7fa',
        theme_color: '#0d2a47',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      };
      this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: JSON.stringify(manifest, null, 2) });
      const entry = Object.values(bundle).filter((f) => (f.type === 'chunk' && f.isEntry) || f.fileName.endsWith('.css'));
      const shell = ['/index.html', ...entry.map((f) => `/${f.fileName}`)];
      const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const worker = fs
        .readFileSync(path.join(pwa, 'sw.js'), 'utf8')
        .replace('__VERSION__', version)
        .replace('__PRECACHE__', JSON.stringify(shell))
        .replace('__NOTICES_ES__', JSON.stringify(esNotices.map(([pattern, spanish]) => [pattern.source, pattern.flags, spanish])));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: worker });
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [react(), precompress(), progressiveWebApp()],
  build: { outDir, emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
