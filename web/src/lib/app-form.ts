/**
 * The app edit form's rules, the same as the API's (PATCH /apps/{appid} schema), so most mistakes
 * are caught before sending; whatever the API still refuses is shown next to its field.
 */
export const LABEL_KEY = /^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$/;
export const PERSON = /^(team:)?[a-z][a-z0-9._-]{1,63}$/;

/** "k=v" lines → labels; returns the first bad line (1-based) on error. */
export function parseLabels(text: string): { labels: Record<string, string> } | { badLine: number } {
  const labels: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (!line) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    const value = eq > 0 ? line.slice(eq + 1).trim() : '';
    if (!LABEL_KEY.test(key) || value.length > 256) return { badLine: i + 1 };
    labels[key] = value;
  }
  return { labels };
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

/** "alice, team:sre" → ['alice', 'team:sre']; `bad` lists entries the API would refuse. */
export function parsePeople(text: string): { list: string[]; bad: string[] } {
  const list = text
    .split(/[,\s，]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return { list, bad: list.filter((p) => !PERSON.test(p)) };
}
