// Money in the domain: the shared currency arithmetic plus the error model's currency check.
import { isCurrency } from '../contract/money.ts';
import { invalid } from './errors.ts';

export { currencyDigits, formatDecimal, isCurrency, parseDecimal } from '../contract/money.ts';

/** Normalises a currency to upper case or throws a VALIDATION error on `path`. */
export function normaliseCurrency(code: string, path: string[]): string {
  if (!isCurrency(code)) throw invalid(path, `Unknown currency "${code}".`, 'CURRENCY__UNKNOWN');
  return code.toUpperCase();
}
