import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { FormState } from '$lib/state/form.svelte';
import { preparePhoto } from '$lib/photos';
import { PhotoInputSchema, type ProviderOffer } from '$shared/offer';
import { LOCALES, type Locale } from '$shared/locale';

const noAlt = () => Object.fromEntries(LOCALES.map((l) => [l, ''])) as Record<Locale, string>;

/**
 * An offer's photos: each made small on the phone before it is sent (a family's data plan pays for
 * every byte), and each with words for people who cannot see it. `offer` is the offer as shown now;
 * `changed` gets it back as the server has it after each change; `prepare` makes a picture small.
 * Create it while a component starts: the form is checked again as the person fixes it.
 */
export class OfferPhotos {
  file = $state<File | null>(null);
  alt = $state(noAlt());
  done = $state<string | null>(null);
  problem = $state<string | null>(null);
  /** The photo being removed. */
  removing = $state<string | null>(null);
  readonly form = new FormState(PhotoInputSchema);

  constructor(
    private readonly offer: () => ProviderOffer,
    private readonly changed: (offer: ProviderOffer) => void,
    private readonly prepare: typeof preparePhoto = preparePhoto,
  ) {
    // A file chosen stands in for the picture it will become.
    $effect(() =>
      this.form.recheck({ contentType: this.file ? 'image/jpeg' : '', data: this.file ? 'AA==' : '', alt: $state.snapshot(this.alt) }),
    );
  }

  /** Makes the chosen file small and sends it with its words; true once added (the form is then empty). */
  async add(form?: HTMLFormElement): Promise<boolean> {
    this.done = this.problem = null;
    const prepared = this.file ? await this.prepare(this.file) : null;
    // No file, or one the browser cannot read as a picture: the schema names the field.
    const values = { contentType: prepared?.contentType ?? '', data: prepared?.data ?? '', alt: $state.snapshot(this.alt) };
    let added = false;
    await this.form.submit(
      values,
      async (json) => {
        const res = await api.provider.offers[':id'].photos.$post({ param: { id: this.offer().id }, json });
        this.changed((await res.json()).offer);
        this.done = m.photos_added();
        this.file = null;
        this.alt = noAlt();
        this.form.reset();
        added = true;
      },
      form,
    );
    return added;
  }

  async remove(photoId: string): Promise<void> {
    this.removing = photoId;
    this.done = this.problem = null;
    try {
      const res = await api.provider.offers[':id'].photos[':photoId'].$delete({ param: { id: this.offer().id, photoId } });
      this.changed((await res.json()).offer);
      this.done = m.photos_removed();
    } catch (error) {
      this.problem = errorText(error);
    } finally {
      this.removing = null;
    }
  }
}
