import type { Db } from '../store/db';
import type { Clock } from '../clock';
import { createAuthService } from './auth.service';
import { createHouseholdsService } from './households.service';
import * as overview from '../store/overview';
import { catalogueDelta } from '../store/catalogue';
import { createLedgerService } from './ledger/ledger.service';
import { createWalletService } from './wallet.service';
import { createSyncService } from './sync/sync.service';
import { createBookingsService } from './bookings.service';
import { createSigner } from './signing';
import { createStatementsService } from './statements.service';
import { createProvidersService } from './providers.service';
import { createCollectiveCallsService } from './collective-calls.service';
import { createOffersService } from './offers.service';
import { createCallsService } from './calls.service';
import { createGameService } from './game.service';
import { createOpportunitiesService } from './opportunities.service';
import { createHubsService } from './hubs.service';
import { createHubEventsService } from './hub-events.service';
import { createCardsService } from './cards.service';
import { createKiosksService } from './kiosks.service';
import { createSavedService } from './saved.service';
import { createMicroProjectsService } from './micro-projects.service';
import { createRoundParticipationService } from './round-participation.service';

/** Every service the routes may call, built once per app over one database and one clock. */
export function createServices(db: Db, clock: Clock) {
  const auth = createAuthService(db, clock);
  const wallet = createWalletService(db);
  const ledger = createLedgerService(db, clock);
  const signer = createSigner();
  const game = createGameService(db, clock, ledger, signer);
  const households = createHouseholdsService(db, clock, game.welcome);
  const opportunities = createOpportunitiesService(db, clock, ledger, game);
  const bookings = createBookingsService(ledger, clock, signer);
  const calls = createCallsService(db, clock, ledger);
  const cards = createCardsService(db, clock, signer, game.welcome);
  const saved = createSavedService(clock);
  const rounds = createRoundParticipationService(clock, game.evaluate);
  return {
    db,
    clock,
    auth,
    households,
    ledger,
    bookings,
    signer,
    statements: createStatementsService(db, ledger),
    providers: createProvidersService(db, clock, bookings),
    offers: createOffersService(db, clock, bookings),
    wallet,
    calls,
    game,
    opportunities,
    saved,
    rounds,
    hubs: createHubsService(db, clock),
    hubEvents: createHubEventsService(db, clock, cards.find, game.evaluate),
    microProjects: createMicroProjectsService(db, clock, ledger),
    collectiveCalls: createCollectiveCallsService(db, clock, ledger),
    cards,
    kiosks: createKiosksService(db, clock, { cards, game }),
    overview: {
      provider: (providerId: string) => overview.providerOverview(db, providerId),
      hub: (hubId: string) => overview.hubOverview(db, hubId),
      city: () => overview.cityOverview(db),
    },
    catalogue: {
      delta: (since: string, now: Date) => catalogueDelta(db, since, now),
    },
    sync: createSyncService(db, clock, { auth, households, wallet, bookings, calls, game, opportunities, saved, rounds }),
  };
}

export type Services = ReturnType<typeof createServices>;
