/**
 * Money arrives from the API as exact decimal strings ("1234.50", "-0.07"). It is never parsed into
 * a float for arithmetic: sums are done on BigInt minor units, and formatting splits the string into
 * its integer part (grouped by Intl on a BigInt) and its fraction (kept digit for digit).
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export interface Decimal {
  negative: boolean;
  int: string;
  frac: string;
}

export function parseDecimal(amount: string): Decimal {
  const m = DECIMAL.exec(amount.trim());
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  return { negative: m[1] === '-', int: m[2]?.replace(/^0+(?=\d)/, '') ?? '0', frac: m[3] ?? '' };
}

/** a + b + … exactly, as a decimal string with the largest scale of the inputs. */
export function sumMoney(amounts: readonly string[]): string {
  const parsed = amounts.map(parseDecimal);
  const scale = Math.max(0, ...parsed.map((d) => d.frac.length));
  let total = 0n;
  for (const d of parsed) {
    const units = BigInt(d.int + d.frac.padEnd(scale, '0'));
    total += d.negative ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${int}${frac}`;
}

/** Compares two decimal strings exactly: -1, 0 or 1. */
export function compareMoney(a: string, b: string): number {
  const diff = sumMoney([a, negate(b)]);
  if (/^-/.test(diff)) return -1;
  return /^[0.]+$/.test(diff) ? 0 : 1;
}

export function negate(amount: string): string {
  const d = parseDecimal(amount);
  if (/^0*$/.test(d.int + d.frac)) return amount.replace(/^-/, '');
  return d.negative ? amount.trim().slice(1) : `-${amount.trim()}`;
}

/**
 * Formats an exact amount for the locale: grouping and symbol from Intl, digits from the string.
 * The fraction is padded to the currency's usual digits (2 for CNY/USD) and never rounded: extra
 * digits the API sent are shown.
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const d = parseDecimal(amount);
  let opts: Intl.NumberFormatOptions = { style: 'currency', currency, currencyDisplay: 'narrowSymbol' };
  try {
    new Intl.NumberFormat(locale, opts);
  } catch {
    opts = { style: 'currency', currency: 'XXX' };
  }
  const minFrac = new Intl.NumberFormat(locale, opts).resolvedOptions().minimumFractionDigits ?? 2;
  const frac = d.frac.padEnd(minFrac, '0');
  const isZero = /^0*$/.test(d.int + d.frac);
  const intOnly = new Intl.NumberFormat(locale, { ...opts, minimumFractionDigits: 0, maximumFractionDigits: 0 });
  // A negative zero integer part ("-0.07") still needs its sign: format -1 and swap the digit.
  const parts = intOnly.formatToParts(d.negative && !isZero ? -1n : 1n);
  const lastInt = parts.map((p) => p.type).lastIndexOf('integer');
  const grouped = new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(d.int));
  return parts
    .map((p, i) => {
      if (p.type === 'integer') return i === lastInt ? grouped + (frac ? decimalSeparator(locale) + frac : '') : '';
      if (p.type === 'group') return '';
      return p.value;
    })
    .join('');
}

function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** A number for chart geometry only (bar heights, treemap areas) — never for arithmetic or display. */
export function chartValue(amount: string): number {
  return Number(amount);
}
