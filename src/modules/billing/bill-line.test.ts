import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money.ts';
import { isRejection, type LineRejection, type ParsedBillLine, parseBillLine, type RawBillLine } from './bill-line.ts';

const GOOD: RawBillLine = {
  BillId: 'b-1',
  ResourceId: 'mysql/db-1',
  ChargePeriodStart: '2026-10-01T00:00:00Z',
  ChargePeriodEnd: '2026-10-02T00:00:00Z',
  BilledCost: '12.50',
  BillingCurrency: 'CNY',
};

function parse(raw: RawBillLine, line = 1): { parsed: ParsedBillLine | LineRejection; ignored: string[] } {
  const ignored = new Set<string>();
  const parsed = parseBillLine(raw, line, ignored);
  return { parsed, ignored: [...ignored].sort() };
}

function ok(raw: RawBillLine): ParsedBillLine {
  const { parsed } = parse(raw);
  if (isRejection(parsed)) throw new Error(`expected the line to parse, got ${parsed.code}: ${parsed.message}`);
  return parsed;
}

function rejected(raw: unknown, line = 7): LineRejection {
  const { parsed } = parse(raw as RawBillLine, line);
  if (!isRejection(parsed)) throw new Error('expected a rejection');
  return parsed;
}

describe('parseBillLine', () => {
  it('reads a well-formed line: resource key split, instants, micro-units', () => {
    expect(ok(GOOD)).toEqual({
      line: 1,
      billId: 'b-1',
      resourceType: 'mysql',
      externalId: 'db-1',
      resourceKey: 'mysql/db-1',
      start: Date.parse('2026-10-01T00:00:00Z'),
      end: Date.parse('2026-10-02T00:00:00Z'),
      currency: 'CNY',
      billed: 12_500_000n,
      effective: null,
      consumedQuantity: null,
      consumedUnit: null,
      skuId: null,
      chargeCategory: null,
      correction: false,
      chargeDescription: null,
      extra: null,
    });
  });

  it('keeps a slash inside the external id (only the first slash separates the type)', () => {
    const l = ok({ ...GOOD, ResourceId: 'lb/eu/west/lb-1' });
    expect([l.resourceType, l.externalId]).toEqual(['lb', 'eu/west/lb-1']);
  });

  it('takes date-only and zone-less instants as UTC and honours explicit offsets', () => {
    const utc = Date.parse('2026-10-01T00:00:00Z');
    expect(ok({ ...GOOD, ChargePeriodStart: '2026-10-01', ChargePeriodEnd: '2026-10-02' }).start).toBe(utc);
    expect(ok({ ...GOOD, ChargePeriodStart: '2026-10-01T00:00:00' }).start).toBe(utc);
    expect(ok({ ...GOOD, ChargePeriodStart: '2026-10-01 00:00' }).start).toBe(utc);
    expect(ok({ ...GOOD, ChargePeriodStart: '2026-10-01T08:00:00+08:00' }).start).toBe(utc);
    expect(ok({ ...GOOD, ChargePeriodStart: '2026-09-30T20:00:00-0400' }).start).toBe(utc);
    expect(ok({ ...GOOD, ChargePeriodStart: '2026-10-01T00:00:00.000Z' }).start).toBe(utc);
  });

  it('reads the optional columns and marks corrections', () => {
    const l = ok({
      ...GOOD,
      EffectiveCost: '-1.000001',
      ConsumedQuantity: '730.5',
      ConsumedUnit: 'Hours',
      SkuId: 'sku-9',
      ChargeCategory: 'Usage',
      ChargeClass: 'Correction',
      ChargeDescription: 'late fix',
    });
    expect(l).toMatchObject({
      effective: -1_000_001n,
      consumedQuantity: '730.5',
      consumedUnit: 'Hours',
      skuId: 'sku-9',
      chargeCategory: 'Usage',
      correction: true,
      chargeDescription: 'late fix',
    });
    expect(ok({ ...GOOD, ChargeClass: '' }).correction).toBe(false);
  });

  it('keeps x_ columns (non-text as JSON), skips empty ones, and reports other unknown columns as ignored', () => {
    const { parsed, ignored } = parse({
      ...GOOD,
      x_team: 'dba',
      x_cost_center: 42,
      x_empty: '',
      x_nothing: null,
      Region: 'eu-west',
      ProviderName: 'acme cloud',
    });
    expect(isRejection(parsed)).toBe(false);
    expect((parsed as ParsedBillLine).extra).toEqual({ x_team: 'dba', x_cost_center: '42' });
    expect(ignored).toEqual(['ProviderName', 'Region']);
  });

  it('collects the ignored columns of every line of a call into one set', () => {
    // the ignored set belongs to the call: a column is ignored whatever happens to its line
    const ignored = new Set<string>();
    parseBillLine({ ...GOOD, Region: 'x' }, 1, ignored);
    parseBillLine({ ...GOOD, Tags: 'y' }, 2, ignored);
    expect([...ignored].sort()).toEqual(['Region', 'Tags']);
  });

  describe('rejections (code and message)', () => {
    it.each<[string, unknown, string, RegExp]>([
      ['a line that is not an object', 'BillId,ResourceId', 'invalid_line', /must be an object of FOCUS columns/],
      ['a line that is an array', [GOOD], 'invalid_line', /must be an object/],
      ['a line that is null', null, 'invalid_line', /must be an object/],
      ['a missing BillId', { ...GOOD, BillId: undefined }, 'invalid_line', /BillId is required/],
      ['an empty BillId', { ...GOOD, BillId: '' }, 'invalid_line', /BillId is required/],
      ['a BillId of 129 characters', { ...GOOD, BillId: 'b'.repeat(129) }, 'invalid_line', /BillId may be at most 128 characters/],
      ['a numeric BillId', { ...GOOD, BillId: 17 }, 'invalid_line', /BillId must be a string/],
      ['a missing ResourceId', { ...GOOD, ResourceId: undefined }, 'invalid_line', /ResourceId is required/],
      ['a ResourceId without a slash', { ...GOOD, ResourceId: 'db-1' }, 'invalid_resource_id', /must be \{type\}\/\{externalId\}/],
      ['a ResourceId without a type', { ...GOOD, ResourceId: '/db-1' }, 'invalid_resource_id', /"\/db-1" must be/],
      ['a ResourceId without an external id', { ...GOOD, ResourceId: 'mysql/' }, 'invalid_resource_id', /must be/],
      ['a missing ChargePeriodStart', { ...GOOD, ChargePeriodStart: undefined }, 'invalid_line', /ChargePeriodStart is required/],
      [
        'a start that is not ISO-8601',
        { ...GOOD, ChargePeriodStart: '01/10/2026' },
        'invalid_period',
        /ChargePeriodStart "01\/10\/2026" is not an ISO-8601/,
      ],
      ['a month 13', { ...GOOD, ChargePeriodStart: '2026-13-01' }, 'invalid_period', /is not an ISO-8601/],
      ['an end that is not ISO-8601', { ...GOOD, ChargePeriodEnd: 'tomorrow' }, 'invalid_period', /ChargePeriodEnd "tomorrow"/],
      ['an epoch number as a date', { ...GOOD, ChargePeriodStart: 1790812800000 }, 'invalid_line', /ChargePeriodStart must be a string/],
      [
        'an end equal to the start',
        { ...GOOD, ChargePeriodEnd: GOOD.ChargePeriodStart },
        'invalid_period',
        /End must be after ChargePeriodStart/,
      ],
      ['an end before the start', { ...GOOD, ChargePeriodEnd: '2026-09-30' }, 'invalid_period', /must be after/],
      ['a JSON number amount', { ...GOOD, BilledCost: 12.5 }, 'invalid_amount', /send amounts as decimal strings/],
      ['a missing amount', { ...GOOD, BilledCost: undefined }, 'invalid_line', /BilledCost is required/],
      ['an amount with an exponent', { ...GOOD, BilledCost: '1e3' }, 'invalid_amount', /BilledCost "1e3" must be a decimal number/],
      [
        'an amount with 7 fractional digits',
        { ...GOOD, BilledCost: '0.0000001' },
        'invalid_amount',
        /at most 12 integer and 6 fractional digits/,
      ],
      ['an amount with 13 integer digits', { ...GOOD, BilledCost: '1000000000000' }, 'invalid_amount', /must be a decimal number/],
      ['an amount with a comma', { ...GOOD, BilledCost: '1,50' }, 'invalid_amount', /must be a decimal number/],
      ['a malformed EffectiveCost', { ...GOOD, EffectiveCost: 'ten' }, 'invalid_amount', /EffectiveCost "ten"/],
      ['a JSON number EffectiveCost', { ...GOOD, EffectiveCost: 3 }, 'invalid_amount', /EffectiveCost must be a string/],
      ['a missing currency', { ...GOOD, BillingCurrency: undefined }, 'invalid_line', /BillingCurrency is required/],
      ['an unknown currency', { ...GOOD, BillingCurrency: 'ABC' }, 'unknown_currency', /"ABC" is not an ISO 4217 currency code/],
      ['a lower-case currency', { ...GOOD, BillingCurrency: 'cny' }, 'unknown_currency', /"cny"/],
      [
        'another ChargeClass',
        { ...GOOD, ChargeClass: 'Adjustment' },
        'invalid_line',
        /ChargeClass must be empty or "Correction", not "Adjustment"/,
      ],
      [
        'a malformed ConsumedQuantity',
        { ...GOOD, ConsumedQuantity: 'lots' },
        'invalid_line',
        /ConsumedQuantity "lots" must be a decimal number/,
      ],
      [
        'too long a ChargeDescription',
        { ...GOOD, ChargeDescription: 'd'.repeat(1025) },
        'invalid_line',
        /ChargeDescription may be at most 1024/,
      ],
      [
        'x_ columns over 4096 bytes',
        { ...GOOD, x_blob: 'z'.repeat(4100) },
        'invalid_line',
        /x_ columns of a line may take at most 4096 bytes/,
      ],
    ])('refuses %s', (_what, raw, code, message) => {
      const r = rejected(raw);
      expect(r.code).toBe(code);
      expect(r.message).toMatch(message);
      expect(r.line).toBe(7);
    });

    it('names the BillId of a rejected line when it has one (cut to 128 characters), else null', () => {
      expect(rejected({ ...GOOD, BilledCost: 'x' }).billId).toBe('b-1');
      expect(rejected({ ...GOOD, BillId: 'b'.repeat(200) }).billId).toBe('b'.repeat(128));
      expect(rejected({ ...GOOD, BillId: 5 }).billId).toBeNull();
      expect(rejected('nope').billId).toBeNull();
    });

    // Date.parse rolls 2026-02-30 over to 2026-03-02, so the line is booked on a day its biller never
    // named. The /costs `from`/`to` parameters refuse the same text ("not a calendar date").
    it('refuses an impossible calendar date (2026-02-30) instead of booking it on 2026-03-02', () => {
      expect(rejected({ ...GOOD, ChargePeriodStart: '2026-02-30', ChargePeriodEnd: '2026-03-05' }).code).toBe('invalid_period');
    });
  });

  describe('properties', () => {
    const CURRENCIES = ['CNY', 'USD', 'EUR', 'JPY', 'GBP'];
    const FROM = Date.parse('2000-01-01T00:00:00Z');
    const TO = Date.parse('2099-01-01T00:00:00Z');
    const safe = fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/);
    const lineArb = fc.record({
      billId: fc.string({ minLength: 1, maxLength: 128 }),
      type: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
      ext: fc.string({ minLength: 1, maxLength: 60 }),
      start: fc.integer({ min: FROM, max: TO }),
      length: fc.integer({ min: 1, max: 400 * 86_400_000 }),
      billed: fc.bigInt({ min: -(10n ** 18n) + 1n, max: 10n ** 18n - 1n }),
      effective: fc.option(fc.bigInt({ min: -(10n ** 18n) + 1n, max: 10n ** 18n - 1n }), { nil: undefined }),
      currency: fc.constantFrom(...CURRENCIES),
      correction: fc.boolean(),
      sku: fc.option(safe, { nil: undefined }),
      extras: fc.dictionary(fc.stringMatching(/^x_[a-z]{1,10}$/), fc.string({ minLength: 1, maxLength: 20 }), { maxKeys: 4 }),
      unknown: fc.dictionary(fc.stringMatching(/^[A-Z][a-zA-Z]{2,12}$/), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    });

    it('parses every well-formed line and keeps its values', () => {
      const KNOWN = new Set(
        Object.keys(GOOD).concat([
          'EffectiveCost',
          'SkuId',
          'ChargeClass',
          'ConsumedQuantity',
          'ConsumedUnit',
          'ChargeCategory',
          'ChargeDescription',
        ]),
      );
      fc.assert(
        fc.property(lineArb, (l) => {
          const unknown = Object.fromEntries(Object.entries(l.unknown).filter(([k]) => !KNOWN.has(k)));
          const raw: RawBillLine = {
            ...unknown,
            ...l.extras,
            BillId: l.billId,
            ResourceId: `${l.type}/${l.ext}`,
            ChargePeriodStart: new Date(l.start).toISOString(),
            ChargePeriodEnd: new Date(l.start + l.length).toISOString(),
            BilledCost: formatMoney(l.billed),
            BillingCurrency: l.currency,
            ...(l.effective !== undefined && { EffectiveCost: formatMoney(l.effective) }),
            ...(l.correction && { ChargeClass: 'Correction' }),
            ...(l.sku !== undefined && { SkuId: l.sku }),
          };
          const { parsed, ignored } = parse(raw, 3);
          if (isRejection(parsed)) throw new Error(`${parsed.code}: ${parsed.message}`);
          expect(parsed).toMatchObject({
            line: 3,
            billId: l.billId,
            resourceType: l.type,
            externalId: l.ext,
            resourceKey: `${l.type}/${l.ext}`,
            start: l.start,
            end: l.start + l.length,
            currency: l.currency,
            billed: l.billed,
            effective: l.effective ?? null,
            correction: l.correction,
            skuId: l.sku ?? null,
          });
          expect(parsed.extra).toEqual(Object.keys(l.extras).length === 0 ? null : l.extras);
          expect(ignored).toEqual(Object.keys(unknown).sort());
        }),
        { numRuns: 1000 },
      );
    });

    it('never throws, whatever the line holds: it parses or says why not', () => {
      const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
      const anyLine = fc.oneof(
        fc.record(
          {
            BillId: value,
            ResourceId: fc.oneof(value, fc.constant('mysql/db-1')),
            ChargePeriodStart: fc.oneof(value, fc.constant('2026-10-01')),
            ChargePeriodEnd: fc.oneof(value, fc.constant('2026-10-02')),
            BilledCost: fc.oneof(value, fc.constant('1.00')),
            BillingCurrency: fc.oneof(value, fc.constant('CNY')),
            ChargeClass: value,
          },
          { requiredKeys: [] },
        ),
        fc.anything(),
      );
      fc.assert(
        fc.property(anyLine, (raw) => {
          const { parsed } = parse(raw as RawBillLine);
          if (isRejection(parsed)) {
            expect(parsed.code).toMatch(/^(invalid_line|invalid_resource_id|invalid_period|invalid_amount|unknown_currency)$/);
            expect(parsed.message.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 1000 },
      );
    });
  });
});
