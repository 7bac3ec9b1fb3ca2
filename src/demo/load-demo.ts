import type { Services } from '../services.ts';

/** Placeholder replaced by the demo data set. */
export async function loadDemo(_s: Services): Promise<Record<string, number>> {
  return {};
}
