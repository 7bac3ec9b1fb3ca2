import { ValidationError } from '../../shared/errors.ts';

/** Calendar arithmetic on UTC dates (`YYYY-MM-DD`) and months (`YYYY-MM`), as text. */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `2026-10-17` → `2026-10-01` */
export function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function isMonthStart(day: string): boolean {
  return day.endsWith('-01');
}

/** `2026-12-01` + 1 → `2027-01-01` (the argument must be a first of month) */
export function addMonths(firstDay: string, n: number): string {
  const y = Number(firstDay.slice(0, 4));
  const m = Number(firstDay.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-01`;
}

/** The days [from, to) of a `YYYY-MM` month. @throws ValidationError `invalid_month` */
export function monthRange(month: string, field = 'month'): { from: string; to: string } {
  if (!MONTH.test(month)) throw new ValidationError('invalid_month', `"${month}" is not a month (YYYY-MM).`, { field });
  const from = `${month}-01`;
  return { from, to: addMonths(from, 1) };
}

/** The month (`YYYY-MM`) an instant falls in, UTC. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}
