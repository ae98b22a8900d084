import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { t } from '$lib/i18n';
import { OfferInputSchema } from '$shared/offer';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { aProviderOffer, aSession } from '../../../../tests/support/offers';
import { offerDraft, offerOf } from './offer-draft';
import { OfferEditor } from './offer-editor.svelte';

const offer = aProviderOffer({ revision: 4 });
const OFFER = `/api/provider/offers/${offer.id}` as const;

describe('a provider writes an offer', () => {
  useMessages();
  const server = useFakeApi();

  async function editing(id: string | null, options: { created?: boolean; accredited?: boolean } = {}) {
    server().on('GET /api/provider/overview', { overview: { status: options.accredited === false ? 'applied' : 'accredited' } });
    server().on(`GET ${OFFER}`, { offer });
    const opened: string[] = [];
    const editor = new OfferEditor(id, options.created ?? false, async (newId) => void opened.push(newId));
    await vi.waitFor(() => expect(editor.loaded.loading).toBe(false));
    return { editor, opened };
  }

  it('starts a new offer from an empty draft, and says whether the organisation may publish yet', async () => {
    const { editor } = await editing(null, { accredited: false });
    expect(editor.loaded.data).toEqual({ accredited: false, offer: null });
    expect(editor.offer).toBeNull();
    expect(editor.draft.status).toBe('draft');
    expect(server().to(`GET ${OFFER}`)).toEqual([]);
  });

  it('sends nothing while the draft misses what the schema asks, and names each field', async () => {
    const { editor } = await editing(null);
    await editor.save();
    expect(server().to('POST /api/provider/offers')).toEqual([]);
    expect(editor.form.errors).toMatchObject({ 'title.it': t('field_offer_title'), address: t('field_address') });
  });

  it('creates the offer and opens it at its own address', async () => {
    const { editor, opened } = await editing(null);
    server().on('POST /api/provider/offers', { offer: { ...offer, id: 'o-new' } });
    editor.draft = offerDraft(offer);
    await editor.save();
    expect(server().to('POST /api/provider/offers')[0].body).toEqual(v.parse(OfferInputSchema, offerOf(offerDraft(offer))));
    expect(opened).toEqual(['o-new']);
  });

  it('opens an offer with its draft, and says it was just created when it was', async () => {
    const { editor } = await editing(offer.id, { created: true });
    expect(editor.offer).toEqual(offer);
    expect(editor.draft).toEqual(offerDraft(offer));
    expect(editor.saved).toBe(true);
  });

  it('saves a change on the revision it was made on, and shows the offer as the server has it', async () => {
    const { editor } = await editing(offer.id);
    const changed = aProviderOffer({ revision: 5, version: 2, title: { it: 'Nuoto libero' } });
    server().on(`PUT ${OFFER}`, { offer: changed });
    editor.draft.title.it = 'Nuoto libero';
    await editor.save();
    expect(server().to(`PUT ${OFFER}`)[0].body).toEqual({
      revision: 4,
      offer: expect.objectContaining({ title: { it: 'Nuoto libero', en: '', ar: '', zh: '', es: '' } }),
    });
    expect(editor.offer).toEqual(changed);
    expect(editor.saved).toBe(true);
  });

  it("shows the server's field messages beside the form's own fields, and the latest offer on request", async () => {
    const { editor } = await editing(offer.id);
    server().on(
      `PUT ${OFFER}`,
      refusal(409, 'validation_failed', 'Someone changed this offer.', [
        { path: 'offer.address', code: 'field_address', message: 'Not in Milan.' },
      ]),
    );
    editor.draft.address = 'Via Roma 1, Torino';
    await editor.save();
    expect(editor.form.message).toBe('Someone changed this offer.');
    expect(editor.form.errors).toEqual({ address: 'Not in Milan.' });
    expect(editor.saved).toBe(false);

    const latest = aProviderOffer({ revision: 6, address: 'Via Tortona 5, Milano' });
    server().on(`GET ${OFFER}`, { offer: latest });
    await editor.showLatest();
    expect(editor.offer).toEqual(latest);
    expect(editor.draft.address).toBe('Via Tortona 5, Milano');
    expect(editor.form.message).toBeNull();
  });

  it('follows the sessions and photos changed beside the form, leaving what is typed alone', async () => {
    const { editor } = await editing(offer.id);
    editor.draft.title.it = 'Ancora da salvare';
    const withSessions = aProviderOffer({ revision: 4, sessions: [aSession(), aSession({ id: 's2' })] });
    editor.changed(withSessions);
    expect(editor.offer).toEqual(withSessions);
    expect(editor.draft.title.it).toBe('Ancora da salvare');
  });
});
