import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_PATTERN, matchesAny, patternMatches } from './event-patterns.ts';
import { signBody, verifySignature } from './signature.ts';
import { backoffDelay } from './webhook-dispatcher.ts';
import { checkEvents, checkUrl } from './webhooks.service.ts';

describe('event patterns', () => {
  it('matches exact types, prefix wildcards and everything', () => {
    expect(patternMatches('statement.closed', 'statement.closed')).toBe(true);
    expect(patternMatches('statement.closed', 'statement.closed_late')).toBe(false);
    expect(patternMatches('resource.*', 'resource.registered')).toBe(true);
    expect(patternMatches('resource.*', 'resource_type.created')).toBe(false);
    expect(patternMatches('resource.*', 'resource')).toBe(false);
    expect(patternMatches('*', 'anything.at_all')).toBe(true);
    expect(matchesAny(['app.*', 'domain.created'], 'domain.created')).toBe(true);
    expect(matchesAny([], 'domain.created')).toBe(false);
  });

  it('accepts only well-formed patterns', () => {
    for (const ok of ['*', 'statement.closed', 'resource.*', 'resource_type.created', 'a.b.c.*']) expect(EVENT_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', '**', 'resource*', 'Resource.created', '.created', 'a..b', 'a.*.b', '*.created', 'a b']) {
      expect(EVENT_PATTERN.test(bad), bad).toBe(false);
    }
    expect(() => checkEvents(['domain.created', 'nope*'])).toThrow(expect.objectContaining({ code: 'invalid_event_pattern' }));
    expect(checkEvents(['a.*', 'a.*', 'b.c'])).toEqual(['a.*', 'b.c']);
  });

  it('a prefix wildcard selects exactly the types below it', () => {
    const seg = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
    fc.assert(
      fc.property(seg, seg, seg, (entity, action, other) => {
        expect(patternMatches(`${entity}.*`, `${entity}.${action}`)).toBe(true);
        expect(patternMatches(`${entity}.*`, `${other}.${action}`)).toBe(other === entity);
      }),
    );
  });
});

describe('webhook URLs', () => {
  it('takes absolute http and https URLs and refuses others with invalid_webhook_url', () => {
    expect(checkUrl('https://hooks.example.com/appmeta?x=1')).toBe('https://hooks.example.com/appmeta?x=1');
    expect(checkUrl('http://127.0.0.1:9000/hook')).toBe('http://127.0.0.1:9000/hook');
    for (const bad of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', '/relative', 'not a url', 'mailto:a@b.c']) {
      expect(() => checkUrl(bad), bad).toThrow(expect.objectContaining({ status: 400, code: 'invalid_webhook_url' }));
    }
  });
});

describe('backoff', () => {
  it('doubles from the base and stops growing at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => backoffDelay(n, 10_000, 3_600_000) / 1000)).toEqual([
      10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600,
    ]);
    expect(backoffDelay(1000, 10_000, 3_600_000)).toBe(3_600_000);
  });
});

describe('signatures', () => {
  it('is sha256= and the hex HMAC of the exact body, and verifies only with the same secret and bytes', () => {
    const body = '{"id":"01J","type":"statement.closed","createdAt":"2026-12-01T00:00:00.000Z","data":{}}';
    // printf '%s' "$body" | openssl dgst -sha256 -hmac whsec_test
    expect(signBody('whsec_test', body)).toBe('sha256=e8d13d81ab564aaa8011d4a4a97b1f2964124d56bf82ed07628e264b1101cdc1');
    expect(verifySignature('whsec_test', body, signBody('whsec_test', body))).toBe(true);
    expect(verifySignature('whsec_other', body, signBody('whsec_test', body))).toBe(false);
    expect(verifySignature('whsec_test', `${body} `, signBody('whsec_test', body))).toBe(false);
    expect(verifySignature('whsec_test', body, undefined)).toBe(false);
    expect(verifySignature('whsec_test', body, 'sha256=00')).toBe(false);
  });
});
