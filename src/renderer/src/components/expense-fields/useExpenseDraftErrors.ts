/**
 * What the main expense form and the quick-add window share about showing validation messages:
 * one id per field, the message of a field, and the aria wiring between them. The form provides
 * it once; the field components inject it, so both windows render errors the same way.
 */
import { inject, provide, useId, type InjectionKey, type Ref } from 'vue';

export interface ExpenseDraftErrors<F extends string = string> {
  /** A document-unique id for a part of this form (a control, its error, a datalist). */
  idOf: (part: string) => string;
  errorOf: (field: F) => string | undefined;
  /** The error's id while the field has one, for aria-describedby. */
  describedBy: (field: F) => string | undefined;
}

const KEY: InjectionKey<ExpenseDraftErrors> = Symbol('expense-draft-errors');

export function useExpenseDraftErrors<F extends string>(errors: Ref<Partial<Record<F, string>>>): ExpenseDraftErrors<F> {
  const uid = useId();
  const idOf = (part: string) => `${uid}-${part}`;
  const errorOf = (field: F): string | undefined => errors.value[field];
  const describedBy = (field: F): string | undefined => (errors.value[field] ? idOf(`${field}-error`) : undefined);
  const api: ExpenseDraftErrors<F> = { idOf, errorOf, describedBy };
  provide(KEY, api as ExpenseDraftErrors);
  return api;
}

export function injectExpenseDraftErrors(): ExpenseDraftErrors {
  const api = inject(KEY);
  if (!api) throw new Error('expense field used outside a form that called useExpenseDraftErrors');
  return api;
}

/** ISO 4217 codes for the currency suggestions; a short list where Intl cannot enumerate them. */
export const currencyCodes: readonly string[] = (() => {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return typeof intl.supportedValuesOf === 'function' ? intl.supportedValuesOf('currency') : ['EUR', 'USD', 'GBP', 'JPY', 'CHF'];
})();
