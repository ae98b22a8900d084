import { api, errorText } from '$lib/services/api';
import { m, t } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { PagedList } from '$lib/state/paged.svelte';
import { parseEuros } from '$shared/money';
import type { TransferCode } from '$shared/ledger';

/**
 * The city's view of the ledger: its checks and account totals, a search of the transfers (newest
 * first, a page at a time), and funding the programme's budget.
 */
export class CityLedger {
  readonly ledger = new Resource(async () => await (await api.city.ledger.$get()).json());
  /** The search: by reason, by reference, or both. */
  code = $state<TransferCode | ''>('');
  ref = $state('');
  readonly results = new PagedList(async (before: number | null) => {
    const ref = this.ref.trim();
    const query = { ...(this.code ? { code: this.code } : {}), ...(ref ? { ref } : {}), ...(before ? { before: String(before) } : {}) };
    const page = await (await api.city.ledger.transfers.$get({ query })).json();
    return { items: page.transfers, next: page.next };
  });
  /** The amount to fund, as typed (euros). */
  fundText = $state('');
  fundError = $state<string | null>(null);
  funded = $state<string | null>(null);
  funding = $state(false);
  // One id per attempt, kept across retries, so a repeated click never funds twice.
  #fundId = crypto.randomUUID();

  constructor() {
    void this.results.load();
  }

  /** The transfers that match the search, from the newest. */
  search(): Promise<void> {
    return this.results.load();
  }

  /** Funds the budget with the amount typed; the totals and the transfers show it. */
  async fund(): Promise<void> {
    this.funded = null;
    const amount = parseEuros(this.fundText);
    if (amount === null || amount <= 0) {
      this.fundError = t('field_amount');
      return;
    }
    this.fundError = null;
    this.funding = true;
    try {
      await api.city.ledger.fund.$post({ json: { id: this.#fundId, amount } });
      this.funded = m.ledger_funded();
      this.fundText = '';
      this.#fundId = crypto.randomUUID();
      await Promise.all([this.ledger.reload(), this.results.load()]);
    } catch (error) {
      this.fundError = errorText(error);
    } finally {
      this.funding = false;
    }
  }
}
