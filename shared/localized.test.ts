import { describe, expect, it } from 'vitest';
import { localized, textLanguage } from './localized';

describe('a multilingual field shown to a reader', () => {
  it('is in the reader’s language when the field has it', () => {
    expect(localized({ it: 'Calcio', en: 'Football' }, 'en')).toBe('Football');
    expect(textLanguage({ it: 'Calcio', en: 'Football' }, 'en')).toBe('en');
  });

  it('falls back to Italian, the city’s language, then to any language it has', () => {
    expect(localized({ it: 'Calcio', en: 'Football' }, 'ar')).toBe('Calcio');
    expect(textLanguage({ it: 'Calcio', en: 'Football' }, 'ar')).toBe('it');
    expect(localized({ es: 'Fútbol' }, 'zh')).toBe('Fútbol');
    expect(textLanguage({ es: 'Fútbol' }, 'zh')).toBe('es');
  });

  it('is empty, in the reader’s language, when the field has no text at all', () => {
    expect(localized({}, 'en')).toBe('');
    expect(textLanguage({}, 'en')).toBe('en');
  });
});
