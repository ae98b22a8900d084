import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/locale';
import { ERROR_CODES } from '../../shared/errors';
import { hasMessage, translate } from '../../shared/i18n/translate';
import { sources } from '../support/sources';

const root = join(import.meta.dirname, '../..');
const catalogue = (locale: string) =>
  JSON.parse(readFileSync(join(root, `shared/i18n/messages/${locale}.json`), 'utf8')) as Record<string, string>;

describe('every user-facing text exists in every language', () => {
  const italian = catalogue('it');

  it.each(LOCALES)('%s has exactly the Italian keys, none empty, with the same placeholders', (locale) => {
    const messages = catalogue(locale);
    expect(Object.keys(messages).sort()).toEqual(Object.keys(italian).sort());
    for (const [key, text] of Object.entries(messages)) {
      if (key === '$schema') continue;
      expect(text.trim(), `${locale}.${key}`).not.toBe('');
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(text), `${locale}.${key}`).toEqual(placeholders(italian[key]));
    }
  });

  it('has a message for every API error code', () => {
    for (const code of ERROR_CODES) expect(hasMessage(`error_${code}`), code).toBe(true);
  });

  it('has a message for every validation key the shared schemas use', () => {
    const keys = new Set(
      sources(join(root, 'shared')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'(field_[a-z_]+)'/g)].map((m) => m[1])),
    );
    expect(keys.size).toBeGreaterThan(5);
    for (const key of keys) expect(hasMessage(key), key).toBe(true);
  });

  it('has a message for every key the web app looks up by name', () => {
    const keys = new Set(
      sources(join(root, 'web/src')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bm\.([a-z_0-9]+)/g)].map((m) => m[1])),
    );
    for (const key of keys) expect(hasMessage(key), key).toBe(true);
    for (const prefix of ['category_', 'provider_status_']) expect(Object.keys(italian).some((k) => k.startsWith(prefix))).toBe(true);
  });

  it('names every provider standing, legal form, document, decision and cancellation reason', async () => {
    const { PROVIDER_STATUSES, LEGAL_FORMS, DOCUMENT_KINDS, DECISIONS } = await import('../../shared/provider');
    const { CANCEL_REASONS } = await import('../../shared/booking');
    const keys = [
      ...PROVIDER_STATUSES.flatMap((s) => [`provider_status_${s}`, `provider_status_${s}_explained`]),
      ...LEGAL_FORMS.map((f) => `legal_form_${f}`),
      ...DOCUMENT_KINDS.map((k) => `document_kind_${k}`),
      ...DECISIONS.map((d) => `decision_${d}`),
      ...CANCEL_REASONS.filter((r) => r !== 'family').map((r) => `bookings_cancel_reason_${r}`),
    ];
    for (const key of keys) expect(hasMessage(key), key).toBe(true);
  });

  it('names every call and application status, exclusion reason and tie-breaker the pages look up by name', async () => {
    const { CALL_STATUSES, APPLICATION_STATUSES, EXCLUSION_REASONS, TIE_BREAKERS } = await import('../../shared/calls');
    const keys = [
      ...CALL_STATUSES.map((s) => `call_status_${s}`),
      ...APPLICATION_STATUSES.map((s) => `application_status_${s}`),
      ...EXCLUSION_REASONS.map((r) => `exclusion_${r}`),
      ...TIE_BREAKERS.map((b) => `tie_breaker_${b}`),
    ];
    for (const key of keys) expect(hasMessage(key), key).toBe(true);
  });

  it('translates with placeholders in each language', () => {
    expect(translate('hello_name', 'it', { name: 'Sara' })).toBe('Ciao, Sara');
    expect(translate('hello_name', 'ar', { name: 'Sara' })).toBe('مرحبًا، Sara');
    expect(translate('no_such_key', 'en')).toBe('no_such_key');
  });
});

describe('every ledger word has a message', () => {
  it('names every account kind, transfer reason, transfer kind and result in every language', async () => {
    const { ACCOUNT_KINDS, TRANSFER_CODES, TRANSFER_KINDS, TRANSFER_RESULTS } = await import('../../shared/ledger');
    const keys = [
      ...ACCOUNT_KINDS.map((k) => `account_kind_${k}`),
      ...TRANSFER_CODES.map((k) => `transfer_reason_${k}`),
      ...TRANSFER_KINDS.map((k) => `transfer_kind_${k}`),
      ...TRANSFER_RESULTS.map((k) => `transfer_result_${k}`),
      ...['balanced', 'not_negative', 'sums_match', 'resolved_once', 'deadlines_kept'].map((k) => `ledger_check_${k}`),
    ];
    for (const key of keys) expect(hasMessage(key), key).toBe(true);
  });
});
