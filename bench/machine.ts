import { readFileSync } from 'node:fs';

/**
 * Busy CPU time of the whole machine so far (µs, all processes and steal), from /proc/stat; undefined
 * off Linux. Minus our own processes' CPU, it says how much the rest of the shared machine took.
 */
export function machineBusyUs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((n, x) => n + (x ?? 0), 0);
    return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Measures what the rest of the machine used while `fn` ran, in % of one core (excluding this process). */
export async function withOtherCpu<T>(fn: () => Promise<T>): Promise<{ result: T; otherCpuPct?: number }> {
  const m0 = machineBusyUs();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallUs = (performance.now() - t0) * 1000;
  const c1 = process.cpuUsage(c0);
  const m1 = machineBusyUs();
  if (m0 === undefined || m1 === undefined) return { result };
  return { result, otherCpuPct: Math.max(0, (100 * (m1 - m0 - c1.user - c1.system)) / wallUs) };
}
