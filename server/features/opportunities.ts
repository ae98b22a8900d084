import type { Handlers, ServerEntity } from './types';

export const opportunityHandlers: Handlers<
  'opportunity.propose' | 'opportunity.withdraw' | 'opportunity.take' | 'opportunity.confirm' | 'opportunity.cancel'
> = {
  'opportunity.propose': {
    apply: ({ tx, changes, user, services }, args) => services.opportunities.propose({ tx, changes }, user, args),
  },
  'opportunity.withdraw': {
    apply: ({ tx, user, services }, args) => services.opportunities.withdraw(tx, user, args.opportunityId),
  },
  'opportunity.take': {
    apply: ({ tx, changes, user, services }, args) => services.opportunities.take({ tx, changes }, user, args),
  },
  'opportunity.confirm': {
    apply: ({ tx, changes, user, services }, args) => services.opportunities.confirm({ tx, changes }, user, args.takeId),
  },
  'opportunity.cancel': {
    apply: ({ tx, changes, user, services }, args) => services.opportunities.cancel({ tx, changes }, user, args.takeId),
  },
};

export const opportunityEntities = {
  opportunities: { roles: ['youth'], read: ({ db, services, user }) => services.opportunities.snapshot(db, user) },
} satisfies { opportunities: ServerEntity<'opportunities'> };
