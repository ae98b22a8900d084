import { describe, expect, it } from 'vitest';
import { m, t } from '$lib/i18n';
import type { ProviderOffer } from '$shared/offer';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { aProviderOffer } from '../../../../tests/support/offers';
import { OfferPhotos } from './offer-photos.svelte';

const PHOTO = { id: '00000000-0000-4000-8000-0000000000d1', alt: { it: 'Ragazzi in piscina' } };
const offer = aProviderOffer({ photos: [PHOTO] });
const PHOTOS = `/api/provider/offers/${offer.id}/photos` as const;
/** A picture as the phone sends it once made small (its bytes do not matter here). */
const SMALL = { contentType: 'image/jpeg' as const, data: 'AAEC' };

describe("an offer's photos", () => {
  useMessages();
  const server = useFakeApi();

  function editing(prepared: typeof SMALL | null = SMALL) {
    const shown: ProviderOffer[] = [];
    return {
      photos: new OfferPhotos(
        () => offer,
        (current) => void shown.push(current),
        async () => prepared,
      ),
      shown,
    };
  }

  it('sends the picture made small with its words, says so, and empties the form', async () => {
    const { photos, shown } = editing();
    photos.file = new File(['big picture'], 'piscina.png', { type: 'image/png' });
    photos.alt.it = 'Ragazzi in piscina';
    const updated = aProviderOffer({ photos: [PHOTO, { ...PHOTO, id: 'p2' }] });
    server().on(`POST ${PHOTOS}`, { offer: updated });
    expect(await photos.add()).toBe(true);
    expect(server().to(`POST ${PHOTOS}`)[0].body).toEqual({ ...SMALL, alt: { it: 'Ragazzi in piscina', en: '', ar: '', zh: '', es: '' } });
    expect(shown).toEqual([updated]);
    expect(photos.done).toBe(m.photos_added());
    expect(photos.file).toBeNull();
    expect(photos.alt.it).toBe('');
  });

  it('sends nothing without a picture the phone can read, or without words for it', async () => {
    const { photos } = editing(null);
    photos.file = new File(['not a picture'], 'notes.txt');
    expect(await photos.add()).toBe(false);
    expect(server().sent).toEqual([]);
    expect(photos.form.errors).toMatchObject({ contentType: t('field_photo'), 'alt.it': t('field_photo_alt') });
  });

  it("keeps the form and shows the server's reason when it refuses", async () => {
    const { photos, shown } = editing();
    photos.file = new File(['big picture'], 'piscina.png');
    photos.alt.it = 'Ragazzi in piscina';
    server().on(`POST ${PHOTOS}`, refusal(409, 'validation_failed', 'Six photos at most.'));
    expect(await photos.add()).toBe(false);
    expect(photos.form.message).toBe('Six photos at most.');
    expect(shown).toEqual([]);
    expect(photos.alt.it).toBe('Ragazzi in piscina');
  });

  it('removes a photo, busy meanwhile, or says why not', async () => {
    const { photos, shown } = editing();
    server().on(`DELETE ${PHOTOS}/${PHOTO.id}`, { offer: aProviderOffer() });
    const removing = photos.remove(PHOTO.id);
    expect(photos.removing).toBe(PHOTO.id);
    await removing;
    expect(shown).toEqual([aProviderOffer()]);
    expect(photos.done).toBe(m.photos_removed());
    expect(photos.removing).toBeNull();

    server().offline();
    await photos.remove(PHOTO.id);
    expect(photos.problem).toBe(m.error_offline());
    expect(photos.done).toBeNull();
  });
});
