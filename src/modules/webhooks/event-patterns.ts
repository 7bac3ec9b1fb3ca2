/**
 * Which event types a subscription receives. A pattern is an exact type (`statement.closed`), a
 * prefix wildcard (`resource.*`: every type starting with `resource.`) or `*` (everything).
 * Types are `<entity_type>.<action>` in lowercase letters, digits and `_`.
 */
export const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

/** True when `type` is selected by `pattern` (which must match EVENT_PATTERN). */
export function patternMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/** True when any of `patterns` selects `type`. */
export function matchesAny(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => patternMatches(p, type));
}
