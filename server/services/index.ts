import type { Db } from '../store/db';
import type { Clock } from '../clock';
import { createAuthService } from './auth.service';
import { createHouseholdService } from './household.service';
import * as overview from '../store/overview';
import { catalogueDelta } from '../store/catalogue';
import { createLedgerService } from './ledger/ledger.service';
import { createWalletService } from './wallet.service';
import { createSyncService } from './sync/sync.service';
import { createBookingService } from './booking.service';
import { createSigner } from './signing';
import { createStatementsService } from './statements.service';
import { createProviderService } from './providers.service';
import { createOfferService } from './offers.service';
import { createCallService } from './calls.service';
import { createGameService } from './game.service';
import { createOpportunityService } from './opportunities.service';

/** Every service the routes may call, built once per app over one database and one clock. */
export function createServices(db: Db, clock: Clock) {
  const auth = createAuthService(db, clock);
  const wallet = createWalletService(db);
  const ledger = createLedgerService(db, clock);
  const signer = createSigner();
  const game = createGameService(db, clock, ledger, signer);
  const households = createHouseholdService(db, clock, game.welcome);
  const opportunities = createOpportunityService(db, clock, ledger, game);
  const bookings = createBookingService(ledger, clock, signer);
  const calls = createCallService(db, clock, ledger);
  return {
    db,
    clock,
    auth,
    households,
    ledger,
    bookings,
    signer,
    statements: createStatementsService(db, ledger),
    providers: createProviderService(db, clock, bookings),
    offers: createOfferService(db, clock, bookings),
    wallet,
    calls,
    game,
    opportunities,
    overview: {
      provider: (providerId: string) => overview.providerOverview(db, providerId),
      hub: (hubId: string) => overview.hubOverview(db, hubId),
      city: () => overview.cityOverview(db),
    },
    catalogue: {
      delta: (since: string, now: Date) => catalogueDelta(db, since, now),
    },
    sync: createSyncService(db, clock, { auth, households, wallet, bookings, calls, game, opportunities }),
  };
}

export type Services = ReturnType<typeof createServices>;
