import type { Db } from '../store/db';
import type { SessionUser } from './auth.service';
import type { TransferPage, WalletAccount } from '$shared/ledger';
import * as wallet from '../store/wallet';
import { translate } from '$shared/i18n/translate';
import { localized } from '$shared/localized';
import type { Locale } from '$shared/locale';

/** A transfer's reason as a person reads it: "Activity paid: Swimming for kids". */
export function reasonOf(line: { code: string; title: Record<string, string> | null }, locale: Locale): string {
  const reason = translate(`transfer_reason_${line.code}`, locale);
  return line.title ? `${reason}: ${localized(line.title, locale)}` : reason;
}

/** Whose accounts a person sees: a guardian their household's; a youth their household's and their own credits. */
function ownersOf(user: SessionUser): { type: string; id: string }[] {
  const owners = user.householdId ? [{ type: 'household', id: user.householdId }] : [];
  if (user.role === 'youth') owners.push({ type: 'user', id: user.id });
  return owners;
}

export function createWalletService(db: Db) {
  return {
    accounts: (user: SessionUser): Promise<WalletAccount[]> => wallet.walletAccounts(db, ownersOf(user)),

    async history(user: SessionUser, before: number | null, limit: number, locale: Locale): Promise<TransferPage> {
      const page = await wallet.walletHistory(db, await wallet.accountIdsOf(db, ownersOf(user)), before, limit);
      return { ...page, transfers: page.transfers.map((line) => ({ ...line, reason: reasonOf(line, locale) })) };
    },

    summary: () => wallet.ledgerSummary(db),
    async search(search: wallet.TransferSearch, locale: Locale) {
      const page = await wallet.searchTransfers(db, search);
      return { ...page, transfers: page.transfers.map((line) => ({ ...line, reason: reasonOf(line, locale) })) };
    },
  };
}

export type WalletService = ReturnType<typeof createWalletService>;
