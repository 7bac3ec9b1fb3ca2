import { ValidationError } from '../../shared/errors.ts';

/**
 * Naming rules (PRODUCT.md "Naming rules"): a segment is lowercase letters in words joined by
 * single `-`, 2–63 characters. No digits, no uppercase, no leading, trailing or double `-`.
 */
export const SEGMENT_PATTERN = /^[a-z]+(-[a-z]+)*$/;
export const SEGMENT_MIN = 2;
export const SEGMENT_MAX = 63;

export type SegmentProblem = 'length' | 'pattern';

/** Why `name` is not a valid segment, or undefined when it is. */
export function segmentProblem(name: string): SegmentProblem | undefined {
  if (name.length < SEGMENT_MIN || name.length > SEGMENT_MAX) return 'length';
  if (!SEGMENT_PATTERN.test(name)) return 'pattern';
  return undefined;
}

export function isSegment(name: string): boolean {
  return segmentProblem(name) === undefined;
}

/** Throws a 400 `invalid_name` naming the field and the rule when `name` is not a valid segment. */
export function assertSegment(field: string, name: string): void {
  const problem = segmentProblem(name);
  if (!problem) return;
  const rule =
    problem === 'length'
      ? `must be ${SEGMENT_MIN}–${SEGMENT_MAX} characters long (got ${name.length})`
      : 'may contain only lowercase letters a–z in words joined by single "-" (no digits, no uppercase, no leading, trailing or double "-")';
  throw new ValidationError('invalid_name', `${field} "${name}" ${rule}.`, {
    field,
    value: name,
    rule: problem,
    pattern: SEGMENT_PATTERN.source,
  });
}

export interface AppId {
  domain: string;
  business: string;
  app: string;
}

/** Parses `domain.business.app`; undefined unless exactly three valid segments. */
export function parseAppId(appid: string): AppId | undefined {
  const parts = appid.split('.');
  if (parts.length !== 3 || !parts.every(isSegment)) return undefined;
  const [domain, business, app] = parts as [string, string, string];
  return { domain, business, app };
}

/** Parses `domain.business`; undefined unless exactly two valid segments. */
export function parseBusinessKey(key: string): { domain: string; business: string } | undefined {
  const parts = key.split('.');
  if (parts.length !== 2 || !parts.every(isSegment)) return undefined;
  const [domain, business] = parts as [string, string];
  return { domain, business };
}

export function formatAppId(id: AppId): string {
  return `${id.domain}.${id.business}.${id.app}`;
}

/** Like parseAppId but throws a 400 `invalid_appid` that says what is wrong. */
export function requireAppId(field: string, appid: string): AppId {
  const parsed = parseAppId(appid);
  if (parsed) return parsed;
  const parts = appid.split('.');
  if (parts.length !== 3) {
    throw new ValidationError('invalid_appid', `${field} "${appid}" must have three segments: domain.business.app.`, {
      field,
      value: appid,
    });
  }
  const names = ['domain', 'business', 'app'] as const;
  parts.forEach((p, i) => {
    assertSegment(`${field} (${names[i]} segment)`, p);
  });
  throw new ValidationError('invalid_appid', `${field} "${appid}" is not a valid appid.`, { field, value: appid });
}

/** Like parseBusinessKey but throws a 400 `invalid_business_key`. */
export function requireBusinessKey(field: string, key: string): { domain: string; business: string } {
  const parsed = parseBusinessKey(key);
  if (parsed) return parsed;
  const parts = key.split('.');
  if (parts.length !== 2) {
    throw new ValidationError('invalid_business_key', `${field} "${key}" must have two segments: domain.business.`, {
      field,
      value: key,
    });
  }
  parts.forEach((p, i) => {
    assertSegment(`${field} (${i === 0 ? 'domain' : 'business'} segment)`, p);
  });
  throw new ValidationError('invalid_business_key', `${field} "${key}" is not valid.`, { field, value: key });
}
