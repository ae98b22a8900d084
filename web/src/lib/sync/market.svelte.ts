import { currentLocale } from '$lib/i18n';
import { session } from '$lib/state/session.svelte';
import { liveGame, liveOpportunities } from './views.svelte';
import type { ShownOpportunities } from '$lib/opportunities/optimistic';
import { show } from './registry';

export type ShownMarket = ShownOpportunities & { hubs: { id: string; name: string }[] };

/**
 * The signed-in youth's market as this device holds it, with what waits to be sent on top
 * (`show`), and the credits they may spend: read like a `Live` (`value`, `loaded`), so
 * it opens with no network. Create it while a component starts.
 */
class LiveMarket {
  #stored = liveOpportunities();
  #game = liveGame();
  readonly value = $derived.by((): ShownMarket | undefined => {
    const stored = this.#stored.value;
    const game = this.#game.value;
    if (!stored?.data || !game) return undefined;
    const language = session.me?.language ?? currentLocale();
    const shown = show('opportunities', stored.data, stored.pending, {
      available: game.credits.available,
      context: { hubs: game.hubs, language },
    });
    return shown && { ...shown, hubs: game.hubs };
  });

  get loaded(): boolean {
    return this.#stored.loaded && this.#game.loaded;
  }
}

export const liveMarket = () => new LiveMarket();
