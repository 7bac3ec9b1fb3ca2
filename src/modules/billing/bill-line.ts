import { isCurrency, parseMoney } from '../../shared/money.ts';

/**
 * One bill line as pushed, in FinOps FOCUS column names. Values are strings (a CSV cell, or a JSON
 * string); amounts are decimal strings, never JSON numbers, so no amount is ever a float.
 */
export type RawBillLine = Record<string, unknown>;

/** The FOCUS columns appmeta reads; other columns are ignored unless they start with `x_` (kept). */
export const FOCUS_COLUMNS = [
  'BillId',
  'ResourceId',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'BillingCurrency',
  'EffectiveCost',
  'ConsumedQuantity',
  'ConsumedUnit',
  'SkuId',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
] as const;
const KNOWN = new Set<string>(FOCUS_COLUMNS);

/** A well-formed line, before the resource and month checks. */
export interface ParsedBillLine {
  /** 1-based position in the call (or the CSV data row number) */
  line: number;
  billId: string;
  resourceType: string;
  externalId: string;
  resourceKey: string;
  start: number;
  end: number;
  currency: string;
  billed: bigint;
  effective: bigint | null;
  consumedQuantity: string | null;
  consumedUnit: string | null;
  skuId: string | null;
  chargeCategory: string | null;
  correction: boolean;
  chargeDescription: string | null;
  extra: Record<string, string> | null;
}

export interface LineRejection {
  line: number;
  billId: string | null;
  code: string;
  message: string;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const QUANTITY = /^[+-]?\d{1,18}(?:\.\d{1,18})?$/;
const MAX_EXTRA_JSON = 4096;

class Reject extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function text(raw: RawBillLine, column: string, max: number, required: true): string;
function text(raw: RawBillLine, column: string, max: number, required?: false): string | null;
function text(raw: RawBillLine, column: string, max: number, required = false): string | null {
  const v = raw[column];
  if (v === undefined || v === null || v === '') {
    if (required) throw new Reject('invalid_line', `${column} is required.`);
    return null;
  }
  if (typeof v !== 'string') {
    const hint = typeof v === 'number' && column.endsWith('Cost') ? ' (send amounts as decimal strings, e.g. "12.50")' : '';
    throw new Reject(column.endsWith('Cost') ? 'invalid_amount' : 'invalid_line', `${column} must be a string${hint}.`);
  }
  if (v.length > max) throw new Reject('invalid_line', `${column} may be at most ${max} characters.`);
  return v;
}

/** Parsed instants by their text: hourly and daily lines repeat the same few period bounds. */
const instants = new Map<string, number>();
const INSTANT_CACHE = 10_000;

/** Epoch ms of an ISO-8601 date or date-time (date-only and zone-less = UTC); NaN if it is not one or names no calendar day. */
function parseInstant(v: string): number {
  const cached = instants.get(v);
  if (cached !== undefined) return cached;
  // Date-only and zone-less values are taken as UTC, as FOCUS prescribes.
  const normalized = /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) || v.length === 10 ? v : `${v}Z`;
  let ms = ISO_DATE_TIME.test(v) ? Date.parse(normalized.replace(' ', 'T')) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March 2: the calendar date must read back as written
  // (checked on the date as written, before any zone offset moves it).
  const written = v.slice(0, 10);
  const calendar = Date.parse(`${written}T00:00:00Z`);
  if (!Number.isFinite(calendar) || new Date(calendar).toISOString().slice(0, 10) !== written) ms = Number.NaN;
  if (instants.size >= INSTANT_CACHE) instants.clear();
  instants.set(v, ms);
  return ms;
}

function instant(raw: RawBillLine, column: string): number {
  const v = text(raw, column, 40, true);
  const ms = parseInstant(v);
  if (!Number.isFinite(ms)) {
    throw new Reject('invalid_period', `${column} "${v}" is not an ISO-8601 date-time (e.g. 2026-10-01T00:00:00Z).`);
  }
  return ms;
}

function money(raw: RawBillLine, column: string, required: boolean): bigint | null {
  const v = required ? text(raw, column, 40, true) : text(raw, column, 40);
  if (v === null) return null;
  const micros = parseMoney(v);
  if (micros === undefined) {
    throw new Reject('invalid_amount', `${column} "${v}" must be a decimal number with at most 12 integer and 6 fractional digits.`);
  }
  return micros;
}

/**
 * Checks that a line is well formed: required columns present, dates ISO-8601 with the end after
 * the start, amounts decimal with at most 6 fractional digits, a known ISO 4217 currency,
 * ChargeClass empty or `Correction`. Returns the parsed line or why it is rejected. Columns other
 * than the FOCUS ones above are reported in `ignored` unless they start with `x_` (kept, as text).
 */
export function parseBillLine(input: unknown, line: number, ignored: Set<string>): ParsedBillLine | LineRejection {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { line, billId: null, code: 'invalid_line', message: 'A line must be an object of FOCUS columns.' };
  }
  const raw = input as RawBillLine;
  const billIdValue = raw.BillId;
  const billId = typeof billIdValue === 'string' && billIdValue !== '' ? billIdValue.slice(0, 128) : null;
  try {
    const id = text(raw, 'BillId', 128, true);
    const resourceId = text(raw, 'ResourceId', 300, true);
    const slash = resourceId.indexOf('/');
    if (slash < 1 || slash === resourceId.length - 1) {
      throw new Reject('invalid_resource_id', `ResourceId "${resourceId}" must be {type}/{externalId}.`);
    }
    const start = instant(raw, 'ChargePeriodStart');
    const end = instant(raw, 'ChargePeriodEnd');
    if (end <= start) throw new Reject('invalid_period', 'ChargePeriodEnd must be after ChargePeriodStart.');
    const billed = money(raw, 'BilledCost', true) as bigint;
    const currency = text(raw, 'BillingCurrency', 3, true);
    if (!/^[A-Z]{3}$/.test(currency) || !isCurrency(currency)) {
      throw new Reject('unknown_currency', `BillingCurrency "${currency}" is not an ISO 4217 currency code.`);
    }
    const chargeClass = text(raw, 'ChargeClass', 32);
    if (chargeClass !== null && chargeClass !== 'Correction') {
      throw new Reject('invalid_line', `ChargeClass must be empty or "Correction", not "${chargeClass}".`);
    }
    const consumedQuantity = text(raw, 'ConsumedQuantity', 40);
    if (consumedQuantity !== null && !QUANTITY.test(consumedQuantity)) {
      throw new Reject('invalid_line', `ConsumedQuantity "${consumedQuantity}" must be a decimal number.`);
    }
    let extra: Record<string, string> | null = null;
    for (const key of Object.keys(raw)) {
      if (KNOWN.has(key)) continue;
      if (!key.startsWith('x_')) {
        ignored.add(key);
        continue;
      }
      const v = raw[key];
      if (v === undefined || v === null || v === '') continue;
      extra ??= {};
      extra[key] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    if (extra && JSON.stringify(extra).length > MAX_EXTRA_JSON) {
      throw new Reject('invalid_line', `The x_ columns of a line may take at most ${MAX_EXTRA_JSON} bytes as JSON.`);
    }
    return {
      line,
      billId: id,
      resourceType: resourceId.slice(0, slash),
      externalId: resourceId.slice(slash + 1),
      resourceKey: resourceId,
      start,
      end,
      currency,
      billed,
      effective: money(raw, 'EffectiveCost', false),
      consumedQuantity,
      consumedUnit: text(raw, 'ConsumedUnit', 64),
      skuId: text(raw, 'SkuId', 255),
      chargeCategory: text(raw, 'ChargeCategory', 64),
      correction: chargeClass === 'Correction',
      chargeDescription: text(raw, 'ChargeDescription', 1024),
      extra,
    };
  } catch (err) {
    if (err instanceof Reject) return { line, billId, code: err.code, message: err.message };
    throw err;
  }
}

export function isRejection(x: ParsedBillLine | LineRejection): x is LineRejection {
  return 'code' in x;
}
