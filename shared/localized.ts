/** The text of a multilingual field in the reader's language, falling back to Italian, then any. */
export function localized(text: Record<string, string>, locale: string): string {
  return text[textLanguage(text, locale)] ?? '';
}

/** The language `localized` shows the field in: mark it (lang="…") so a screen reader reads it right. */
export function textLanguage(text: Record<string, string>, locale: string): string {
  if (text[locale] !== undefined) return locale;
  if (text.it !== undefined) return 'it';
  return Object.keys(text)[0] ?? locale;
}
