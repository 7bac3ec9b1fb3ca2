/**
 * Exact money. Amounts are integer micro-units (10⁻⁶ of the currency unit) held as `bigint` in
 * code and as 64-bit integers in the database; the API speaks decimal strings. No floating point
 * touches an amount anywhere between the request body and the database.
 */

/** Micro-units per currency unit. */
export const MICROS = 1_000_000n;
/** Fractional digits a decimal amount may carry. */
export const MONEY_SCALE = 6;

const DECIMAL = /^([+-])?(\d{1,12})(?:\.(\d{1,6}))?$/;

/**
 * Parses a decimal string (`"12.5"`, `"-0.000001"`, `"1000"`) into micro-units. At most 12 integer
 * digits (±999,999,999,999.999999 is 10¹⁸ micros: an int64 holds sums of nine such lines, of
 * millions of ordinary ones) and 6 fractional
 * digits. Returns undefined for anything else: exponents, commas, spaces, NaN.
 */
export function parseMoney(text: string): bigint | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const units = BigInt(m[2] as string);
  const frac = BigInt(`${m[3] ?? ''}000000`.slice(0, MONEY_SCALE));
  const value = units * MICROS + frac;
  return m[1] === '-' ? -value : value;
}

/**
 * Formats micro-units as a decimal string with at least 2 and at most 6 fractional digits
 * (`12.50`, `0.000123`, `-3.00`): exact, and readable as an ordinary amount.
 */
export function formatMoney(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const units = abs / MICROS;
  let frac = (abs % MICROS).toString().padStart(MONEY_SCALE, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${negative ? '-' : ''}${units}.${frac}`;
}

/** Reads an integer amount from the database (a number on SQLite, a string from pg or a `cast(… as text)`). */
export function microsFrom(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`amount ${value} is not a safe integer; read it as text`);
    return BigInt(value);
  }
  if (typeof value === 'string') return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new Error(`not an amount: ${String(value)}`);
}

let currencies: ReadonlySet<string> | undefined;

/** ISO 4217 codes, from the ICU data Node ships with. */
export function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

/**
 * Splits `amount` into parts proportional to `weights` (non-negative integers, at least one
 * positive) so that the parts add up to `amount` exactly: each part gets the floor of its exact
 * share, and the units left over go one each to the parts with the largest remainders (Hamilton's
 * largest-remainder method), ties to the lower index. Deterministic: the same input always gives
 * the same parts. A negative amount (a credit) is split as its absolute value, then negated.
 */
export function allocate(amount: bigint, weights: readonly bigint[]): bigint[] {
  if (amount < 0n) return allocate(-amount, weights).map((p) => -p);
  let total = 0n;
  for (const w of weights) {
    if (w < 0n) throw new RangeError('weights must not be negative');
    total += w;
  }
  if (total === 0n) throw new RangeError('at least one weight must be positive');
  const parts: bigint[] = [];
  const remainders: Array<{ index: number; rest: bigint }> = [];
  let given = 0n;
  weights.forEach((w, index) => {
    const exact = amount * w;
    const part = exact / total;
    parts.push(part);
    given += part;
    remainders.push({ index, rest: exact % total });
  });
  let left = amount - given;
  if (left > 0n) {
    remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
    for (const r of remainders) {
      if (left === 0n) break;
      parts[r.index] = (parts[r.index] as bigint) + 1n;
      left -= 1n;
    }
  }
  return parts;
}
