import type { Db } from '../store/db';
import type { SessionUser } from './auth.service';
import type { TransferPage, WalletAccount } from '$shared/ledger';
import * as wallet from '../store/wallet';

/** Whose accounts a person sees: a guardian their household's; a youth their household's and their own credits. */
function ownersOf(user: SessionUser): { type: string; id: string }[] {
  const owners = user.householdId ? [{ type: 'household', id: user.householdId }] : [];
  if (user.role === 'youth') owners.push({ type: 'user', id: user.id });
  return owners;
}

export function createWalletService(db: Db) {
  return {
    accounts: (user: SessionUser): Promise<WalletAccount[]> => wallet.walletAccounts(db, ownersOf(user)),

    async history(user: SessionUser, before: number | null, limit: number): Promise<TransferPage> {
      const accounts = await wallet.walletAccounts(db, ownersOf(user));
      return wallet.walletHistory(db, accounts.map((a) => a.id), before, limit);
    },

    summary: () => wallet.ledgerSummary(db),
    search: (search: wallet.TransferSearch) => wallet.searchTransfers(db, search),
  };
}
