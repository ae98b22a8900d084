import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { OfferInputSchema, photoTypeOf, SessionsInputSchema, writtenText } from './offer';

const bytes = (...values: number[]) => Uint8Array.from([...values, ...Array.from({ length: 16 }, () => 0)]);

describe('an offer as its provider writes it', () => {
  it('keeps only the languages written, Italian always', () => {
    expect(writtenText({ it: 'Nuoto', en: '', ar: 'السباحة', zh: undefined })).toEqual({ it: 'Nuoto', ar: 'السباحة' });
  });

  it('refuses an oldest age below the youngest, coordinates outside Milan, and an unknown status', () => {
    const base = {
      title: { it: 'Nuoto' },
      description: { it: 'Dieci lezioni in piscina.' },
      category: 'sport',
      pillars: ['physical'],
      ageMin: 6,
      ageMax: 14,
      priceCents: 0,
      voucherAccepted: true,
      creditPrice: null,
      address: 'Via Roma 1',
      municipio: 1,
      lat: 45.46,
      lon: 9.19,
      accessibility: [],
      languages: ['it'],
      cancelHours: 24,
      status: 'draft',
    };
    expect(v.safeParse(OfferInputSchema, base).success).toBe(true);
    const bad = v.safeParse(OfferInputSchema, { ...base, ageMax: 5, lon: 12.5, status: 'hidden' });
    expect((bad.issues ?? []).map((i) => v.getDotPath(i)).sort()).toEqual(['lon', 'status']);
    // The ages are compared once every field is right.
    expect(v.safeParse(OfferInputSchema, { ...base, ageMax: 5 }).issues?.map((i) => [v.getDotPath(i), i.message])).toEqual([
      ['ageMax', 'field_age_max'],
    ]);
  });

  it('takes weekly sessions at a time of day, refusing times that do not exist', () => {
    const run = { firstDate: '2026-12-01', time: '17:30', minutes: 90, weeks: 3, capacity: 12 };
    expect(v.safeParse(SessionsInputSchema, run).success).toBe(true);
    for (const time of ['24:00', '7:30', '17:60']) expect(v.safeParse(SessionsInputSchema, { ...run, time }).success).toBe(false);
    expect(v.safeParse(SessionsInputSchema, { ...run, firstDate: '2026-02-30' }).success).toBe(false);
  });
});

describe('a photo is what it claims to be', () => {
  it('recognises JPEG, PNG and WebP by their first bytes, and nothing else', () => {
    expect(photoTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(photoTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    expect(photoTypeOf(bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50))).toBe('image/webp');
    // A RIFF that is not WebP (a WAV sound), an SVG (it could carry script), an empty file.
    expect(photoTypeOf(bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45))).toBeNull();
    expect(photoTypeOf(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(photoTypeOf(new Uint8Array())).toBeNull();
  });
});
