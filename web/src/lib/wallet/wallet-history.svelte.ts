import { api } from '$lib/services/api';
import { PagedList } from '$lib/state/paged.svelte';
import type { TransferPage, WalletTransfer } from '$shared/ledger';

/**
 * A wallet's history, newest first: the first page comes with the wallet synced to this device (it
 * shows with no network), older pages are asked of the server when wanted.
 */
export class WalletHistory extends PagedList<WalletTransfer> {
  constructor() {
    super(async (before) => {
      const page = await (await api.wallet.transfers.$get({ query: before ? { before: String(before) } : {} })).json();
      return { items: page.transfers, next: page.next };
    });
  }

  /** Starts again from the first page the device holds. */
  begin(first: TransferPage): void {
    this.items = first.transfers;
    this.next = first.next;
  }
}
