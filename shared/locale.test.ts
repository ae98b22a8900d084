import { describe, expect, it } from 'vitest';
import { isLocale, pickLocale, textDirection } from './locale';

describe('choosing the language to answer in', () => {
  it('takes the first supported language by weight', () => {
    expect(pickLocale('ar-EG,ar;q=0.9,en;q=0.8')).toBe('ar');
    expect(pickLocale('de-DE,de;q=0.9,es;q=0.5,en;q=0.7')).toBe('en');
    expect(pickLocale('zh-Hans-CN')).toBe('zh');
    expect(pickLocale('EN')).toBe('en');
  });

  it('keeps header order between equal weights and ignores refused languages', () => {
    expect(pickLocale('es, it')).toBe('es');
    expect(pickLocale('it;q=0, en')).toBe('en');
    expect(pickLocale('it;q=abc, es;q=0.1')).toBe('es');
  });

  it('has no answer for nothing supported, or no header', () => {
    expect(pickLocale('de, fr;q=0.5')).toBeNull();
    expect(pickLocale('')).toBeNull();
    expect(pickLocale(undefined)).toBeNull();
    expect(pickLocale('*')).toBeNull();
  });

  it('writes Arabic right to left and the rest left to right', () => {
    expect(textDirection('ar')).toBe('rtl');
    for (const l of ['it', 'en', 'zh', 'es'] as const) expect(textDirection(l)).toBe('ltr');
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(3)).toBe(false);
  });
});
