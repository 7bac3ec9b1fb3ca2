import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolate, translate } from '../i18n';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'test' ? [] : sources(p);
    return /\.tsx?$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

describe('i18n', () => {
  it('has exactly the same keys in zh-CN and en', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('has no empty translation, and the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(zhCN[key].trim(), key).not.toBe('');
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(vars(zhCN[key]), key).toEqual(vars(en[key]));
    }
  });

  it('uses only keys that exist (every t("…") literal in the sources)', () => {
    const root = join(import.meta.dirname, '..');
    const used = new Set<string>();
    for (const file of sources(root)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z.]+)'/g)) if (m[1]) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('interpolates placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{n} apps in {where}', { n: 3 })).toBe('3 apps in {where}');
    expect(translate('zh-CN', 'tree.apps', { n: 5 })).toBe('5 个应用');
    expect(translate('en', 'tree.apps', { n: 5 })).toBe('5 apps');
  });
});
