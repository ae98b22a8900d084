import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import type { HubOpportunity } from '$shared/opportunities';

/** What the last decision did, or why it could not be taken. */
export type Notice = { tone: 'success' | 'error'; text: string };

/**
 * A hub operator's market: young people's proposals to list or refuse (saying why), and what is in
 * the market now to withdraw. After each decision the list is read again, as it now stands.
 */
export class HubOpportunities {
  readonly list = new Resource(async () => (await (await api.hub.opportunities.$get()).json()).opportunities);
  notice = $state<Notice | null>(null);
  /** The opportunity a decision is being sent for. */
  busy = $state<string | null>(null);
  /** The listed opportunity whose withdrawal waits for a yes. */
  withdrawing = $state<string | null>(null);
  /** The proposal being refused: the dialog only asks why. */
  refusing = $state<HubOpportunity | null>(null);

  async approve(o: HubOpportunity): Promise<void> {
    this.busy = o.id;
    try {
      await api.hub.opportunities[':id'].decide.$post({ param: { id: o.id }, json: { decision: 'list', reason: '' } });
      await this.list.reload();
      this.notice = { tone: 'success', text: m.hub_opps_listed_done({ title: o.title }) };
    } catch (error) {
      // Decided meanwhile (another operator): show the queue as it now stands, and say why.
      await this.list.reload();
      this.notice = { tone: 'error', text: errorText(error) };
    } finally {
      this.busy = null;
    }
  }

  askRefuse(o: HubOpportunity): void {
    this.refusing = o;
  }

  /** Sends the refusal with its reason; a failure is thrown, for the dialog to show beside the reason. */
  async refuse(reason: string): Promise<void> {
    const o = this.refusing;
    if (!o) return;
    await api.hub.opportunities[':id'].decide.$post({ param: { id: o.id }, json: { decision: 'refuse', reason } });
    await this.list.reload();
    this.notice = { tone: 'success', text: m.hub_opps_refused_done({ title: o.title }) };
  }

  askWithdraw(o: HubOpportunity): void {
    this.withdrawing = o.id;
  }

  keep(): void {
    this.withdrawing = null;
  }

  /** Takes a listed opportunity off the market: the credits held for it go back. */
  async withdraw(o: HubOpportunity): Promise<void> {
    this.busy = o.id;
    try {
      await api.hub.opportunities[':id'].withdraw.$post({ param: { id: o.id }, json: {} });
      this.withdrawing = null;
      await this.list.reload();
      this.notice = { tone: 'success', text: m.hub_opps_withdrawn_done({ title: o.title }) };
    } catch (error) {
      this.withdrawing = null;
      await this.list.reload();
      this.notice = { tone: 'error', text: errorText(error) };
    } finally {
      this.busy = null;
    }
  }
}
