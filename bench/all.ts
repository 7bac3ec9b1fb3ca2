/**
 * `npm run bench [-- --quick] [-- --only sqlite|postgres]`: the tree bench (bench/run.ts, issue 2)
 * then the resources bench (bench/resources-run.ts, issue 3), then the billing bench
 * (bench/billing-run.ts, issue 4), each with the flags all understand.
 */
import { spawnSync } from 'node:child_process';

const shared = process.argv.slice(2).filter((a, i, all) => a === '--quick' || a === '--only' || all[i - 1] === '--only');
for (const script of ['bench/run.ts', 'bench/resources-run.ts', 'bench/billing-run.ts']) {
  const r = spawnSync('npx', ['tsx', script, ...shared], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
