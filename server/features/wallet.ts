import type { ServerEntity } from './types';

/** How many of the wallet's latest transfers a device keeps. */
const HISTORY_PAGE = 20;

/** A person's wallet: read fresh on every pull, since balances move only through the ledger. */
export const walletEntities = {
  wallet: {
    roles: ['guardian', 'youth'],
    async read({ services, user, locale }) {
      const [accounts, history] = await Promise.all([
        services.wallet.accounts(user),
        services.wallet.history(user, null, HISTORY_PAGE, locale),
      ]);
      return { accounts, history };
    },
  },
} satisfies { wallet: ServerEntity<'wallet'> };
