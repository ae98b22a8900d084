import { api, ApiError } from '$lib/services/api';
import { Resource } from '$lib/state/resource.svelte';
import { FormState } from '$lib/state/form.svelte';
import { OfferInputSchema, type ProviderOffer } from '$shared/offer';
import { emptyOffer, offerDraft, offerOf, type OfferDraft } from './offer-draft';
import { providerOverview } from './provider-overview';

/**
 * One offer being written (`id` null: a new one) or changed, checked with the server's schema as it
 * is typed. A new offer, once created, is opened at its own address (`opened`), where its sessions
 * and photos can be added; `created` says the page was opened that way, to say it was saved.
 * Create it while a component starts: the draft is checked again on every change.
 */
export class OfferEditor {
  readonly loaded: Resource<{ accredited: boolean; offer: ProviderOffer | null }>;
  /** The offer as the server last had it (null while new). */
  offer = $state<ProviderOffer | null>(null);
  draft = $state<OfferDraft>(emptyOffer());
  saved = $state(false);
  readonly form = new FormState(OfferInputSchema);

  constructor(
    id: string | null,
    created: boolean,
    private readonly opened: (id: string) => Promise<void>,
  ) {
    this.saved = created;
    this.loaded = new Resource(async () => {
      const [overview, offer] = await Promise.all([
        providerOverview(),
        id ? api.provider.offers[':id'].$get({ param: { id } }).then(async (r) => (await r.json()).offer) : Promise.resolve(null),
      ]);
      // Opened (or another offer): the draft starts from the offer as it is. A reload of the same
      // offer leaves what is being typed alone.
      if (offer && this.offer?.id !== offer.id) this.show(offer);
      return { accredited: overview?.status === 'accredited', offer };
    });
    // A deep copy read on every run: a change anywhere in the draft (a title's language, a pillar) re-checks it.
    $effect(() => this.form.recheck(offerOf($state.snapshot(this.draft))));
  }

  /** Shows the offer as it now is, and starts the draft again from it. */
  show(current: ProviderOffer): void {
    this.offer = current;
    this.draft = offerDraft(current);
  }

  /** The sessions or the photos changed: the offer follows, and what is being typed stays as it is. */
  changed(current: ProviderOffer): void {
    this.offer = current;
  }

  /** Saves a change (naming the revision it was made on), or creates the offer and opens it. */
  async save(form?: HTMLFormElement): Promise<void> {
    this.saved = false;
    await this.form.submit(
      offerOf(this.draft),
      async (input) => {
        const offer = this.offer;
        if (!offer) {
          const { id } = (await (await api.provider.offers.$post({ json: input })).json()).offer;
          await this.opened(id);
          return;
        }
        const res = await api.provider.offers[':id']
          .$put({ param: { id: offer.id }, json: { revision: offer.revision, offer: input } })
          .catch((error: unknown) => {
            // The edit travels as { revision, offer }: the server names fields under "offer.", the form without.
            throw error instanceof ApiError
              ? new ApiError(
                  error.code,
                  error.message,
                  error.status,
                  error.fields.map((f) => ({ ...f, path: f.path.replace(/^offer\./, '') })),
                )
              : error;
          });
        this.show((await res.json()).offer);
        this.saved = true;
        this.form.reset();
      },
      form,
    );
  }

  /** After a refusal (most often someone changed the offer meanwhile): the offer as it now is, to start again from. */
  async showLatest(): Promise<void> {
    await this.loaded.reload();
    if (this.loaded.data?.offer) this.show(this.loaded.data.offer);
    this.form.reset();
  }
}
