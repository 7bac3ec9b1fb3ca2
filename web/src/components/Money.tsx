import { useI18n } from '../i18n';
import { formatMoney } from '../lib/money';

export function Money({ amount, currency = 'CNY' }: { amount: string; currency?: string }) {
  const { locale } = useI18n();
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatMoney(amount, currency, locale)}</span>;
}
