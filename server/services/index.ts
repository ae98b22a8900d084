import type { Db } from '../store/db';
import type { Clock } from '../clock';
import { createAuthService } from './auth.service';
import { createHouseholdService } from './household.service';
import * as overview from '../store/overview';
import { createLedgerService } from './ledger/ledger.service';
import { createWalletService } from './wallet.service';

/** Every service the routes may call, built once per app over one database and one clock. */
export function createServices(db: Db, clock: Clock) {
  return {
    db,
    clock,
    auth: createAuthService(db, clock),
    households: createHouseholdService(db, clock),
    ledger: createLedgerService(db, clock),
    wallet: createWalletService(db),
    overview: {
      provider: (providerId: string) => overview.providerOverview(db, providerId),
      hub: (hubId: string) => overview.hubOverview(db, hubId),
      city: () => overview.cityOverview(db),
    },
  };
}

export type Services = ReturnType<typeof createServices>;
