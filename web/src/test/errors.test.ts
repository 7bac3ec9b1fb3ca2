import { describe, expect, it } from 'vitest';
import { parseLabels, parsePeople } from '../lib/app-form';
import { ApiError, errorToFields } from '../lib/errors';

const FIELDS = ['title', 'labels', 'people', 'name'];

describe('API errors next to form fields', () => {
  it('places every validation issue on its top-level field', () => {
    const err = ApiError.from(400, {
      error: {
        code: 'validation_failed',
        message: 'Invalid body field "title"',
        details: {
          field: 'title',
          issues: [
            { in: 'body', field: 'title', message: 'Too small: expected string to have >=1 characters' },
            { in: 'body', field: 'labels.Bad Key', message: 'Invalid key in record' },
          ],
        },
      },
      requestId: 'r1',
    });
    expect(err.requestId).toBe('r1');
    expect(errorToFields(err, FIELDS)).toEqual({
      fields: { title: ['Too small: expected string to have >=1 characters'], labels: ['Invalid key in record (Bad Key)'] },
      general: [],
    });
  });

  it('uses details.field with the message for domain errors', () => {
    const err = ApiError.from(400, {
      error: { code: 'invalid_name', message: 'name "Bad_Name" may contain only…', details: { field: 'name', rule: 'pattern' } },
    });
    expect(errorToFields(err, FIELDS).fields.name).toEqual(['name "Bad_Name" may contain only…']);
    const people = ApiError.from(400, {
      error: { code: 'unknown_subject', message: 'No such user or team: x.', details: { field: 'people', missing: ['x'] } },
    });
    expect(errorToFields(people, FIELDS).fields.people).toEqual(['No such user or team: x.']);
  });

  it('puts errors that name no known field in general', () => {
    const err = ApiError.from(403, { error: { code: 'not_permitted', message: 'You may not change this app.' } });
    expect(errorToFields(err, FIELDS)).toEqual({ fields: {}, general: ['You may not change this app.'] });
    expect(errorToFields(new Error('boom'), FIELDS).general).toEqual(['boom']);
  });

  it('turns a body that is not an API error into an http_<status> error', () => {
    const err = ApiError.from(502, '<html>bad gateway</html>');
    expect([err.code, err.status]).toEqual(['http_502', 502]);
  });
});

describe('app form rules (the same as the API)', () => {
  it('parses labels and reports the first bad line', () => {
    expect(parseLabels('lang=java\n\n tier = backend ')).toEqual({ labels: { lang: 'java', tier: 'backend' } });
    expect(parseLabels('ok=1\nBad Key=2')).toEqual({ badLine: 2 });
    expect(parseLabels('novalue')).toEqual({ badLine: 1 });
  });

  it('parses people and flags names the API would refuse', () => {
    expect(parsePeople('alice, team:sre，bob')).toEqual({ list: ['alice', 'team:sre', 'bob'], bad: [] });
    expect(parsePeople('Alice, team:').bad).toEqual(['Alice', 'team:']);
  });
});
