#!/usr/bin/env node
// Builds the web console (web/ → web/dist) when it is missing or older than its sources, so that
// `npm start` on a fresh clone serves it with no other step. `--force` always rebuilds.
// After the build, every text asset gets .br and .gz siblings that the server sends as they are.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
const marker = join(dist, 'index.html');

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'dist' || name === 'node_modules' || name === 'e2e') continue;
    m = Math.max(m, newest(join(path, name)));
  }
  return m;
}

const force = process.argv.includes('--force');
const sources = Math.max(newest(web), statSync(join(root, 'package-lock.json')).mtimeMs);
if (!force && existsSync(marker) && statSync(marker).mtimeMs >= sources) process.exit(0);

const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  process.stderr.write('appmeta: the console is not built and vite is not installed (npm ci installs it); serving the API only.\n');
  process.exit(0);
}
process.stdout.write('Building the web console (web/dist)…\n');
const started = Date.now();
const run = spawnSync(process.execPath, [vite, 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: root,
});
if (run.status !== 0) process.exit(run.status ?? 1);

let files = 0;
const compress = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) compress(p);
    else if (/\.(js|css|html|svg|json)$/.test(name) && statSync(p).size > 1024) {
      const buf = readFileSync(p);
      writeFileSync(`${p}.gz`, gzipSync(buf, { level: 9 }));
      writeFileSync(`${p}.br`, brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      files++;
    }
  }
};
compress(dist);
process.stdout.write(`Console built in ${((Date.now() - started) / 1000).toFixed(1)} s (${files} assets precompressed).\n`);
