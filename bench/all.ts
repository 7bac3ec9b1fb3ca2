/**
 * `npm run bench [-- --quick] [-- --only sqlite|postgres]`: the tree bench (bench/run.ts, issue 2)
 * then the resources bench (bench/resources-run.ts, issue 3), each with the flags both understand.
 */
import { spawnSync } from 'node:child_process';

const shared = process.argv.slice(2).filter((a, i, all) => a === '--quick' || a === '--only' || all[i - 1] === '--only');
for (const script of ['bench/run.ts', 'bench/resources-run.ts']) {
  const r = spawnSync('npx', ['tsx', script, ...shared], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
