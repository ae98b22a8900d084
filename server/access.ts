import { ROLES, type Role } from '$shared/roles';

/** Anyone, signed in or not. */
export const PUBLIC = 'public' as const;
const SIGNED_IN: readonly Role[] = ROLES;

/**
 * Who may call each route: the whole route-by-role matrix, in one place.
 * Routes name their entry with `allow('METHOD /path')`; a test checks that every
 * registered route has an entry here and walks every cell.
 */
export const ACCESS = {
  'GET /api/health': PUBLIC,
  'GET /api/auth/session': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/register': PUBLIC,
  'POST /api/auth/logout': SIGNED_IN,
  'GET /api/me': SIGNED_IN,
  'PATCH /api/me': SIGNED_IN,
  'GET /api/household': ['guardian', 'youth'],
  'POST /api/household/minors': ['guardian'],
  'POST /api/household/minors/:id/sign-in': ['guardian'],
  'GET /api/provider/overview': ['provider'],
  'GET /api/hub/overview': ['hub_operator'],
  'GET /api/city/overview': ['city_admin'],
  'GET /api/wallet': ['guardian', 'youth'],
  'GET /api/wallet/transfers': ['guardian', 'youth'],
  'GET /api/city/ledger': ['city_admin'],
  'GET /api/city/ledger/transfers': ['city_admin'],
  'POST /api/city/ledger/fund': ['city_admin'],
  // Each mutation declares its own roles too (its feature's file in shared/).
  'POST /api/sync/push': SIGNED_IN,
  'GET /api/sync/pull': SIGNED_IN,
  'GET /api/catalogue': PUBLIC,
  'GET /api/keys/booking-codes': PUBLIC,
  'GET /api/provider/statements': ['provider'],
  'GET /api/provider/statements/:month/csv': ['provider'],
  'GET /api/city/statements': ['city_admin'],
  'POST /api/city/statements/pay': ['city_admin'],
  'GET /api/city/statements/:providerId/:month/csv': ['city_admin'],
  'POST /api/providers/apply': PUBLIC,
  'GET /api/provider/application': ['provider'],
  'PUT /api/provider/application': ['provider'],
  'GET /api/city/providers': ['city_admin'],
  'GET /api/city/providers/:id': ['city_admin'],
  'POST /api/city/providers/:id/decision': ['city_admin'],
  'GET /api/provider/offers': ['provider'],
  'POST /api/provider/offers': ['provider'],
  'GET /api/provider/offers/:id': ['provider'],
  'PUT /api/provider/offers/:id': ['provider'],
  'POST /api/provider/offers/:id/sessions': ['provider'],
  'POST /api/provider/offers/:id/sessions/:sessionId/cancel': ['provider'],
  'POST /api/provider/offers/:id/photos': ['provider'],
  'DELETE /api/provider/offers/:id/photos/:photoId': ['provider'],
  'GET /api/photos/:photoId': PUBLIC,
  // Voucher calls (DESIGN §4). Applying and declining are sync mutations ('call.apply', 'call.decline').
  'GET /api/calls': ['guardian'],
  'GET /api/calls/:id/ranking': PUBLIC,
  'GET /api/city/calls': ['city_admin'],
  'POST /api/city/calls': ['city_admin'],
  'GET /api/city/calls/:id': ['city_admin'],
  'POST /api/city/calls/:id/close': ['city_admin'],
  'POST /api/city/calls/:id/rank': ['city_admin'],
  'GET /api/city/calls/:id/applications': ['city_admin'],
  'POST /api/city/calls/:id/applications/:applicationId/exclude': ['city_admin'],
  'POST /api/city/calls/:id/applications/:applicationId/reinstate': ['city_admin'],
  'POST /api/city/calls/:id/applications/:applicationId/revoke': ['city_admin'],
  'POST /api/city/calls/:id/publish': ['city_admin'],
  'POST /api/city/calls/:id/allocate': ['city_admin'],
  'POST /api/city/calls/:id/sweep': ['city_admin'],
  'GET /api/city/calls/:id/csv': ['city_admin'],
  // Play (DESIGN §6). Check-ins, poll answers, boards and reminders are sync mutations.
  'GET /api/checkin/places': ['provider', 'hub_operator'],
  'GET /api/missions': ['city_admin', 'hub_operator'],
  'POST /api/missions': ['city_admin', 'hub_operator'],
  'GET /api/game/board': ['youth'],
  'GET /api/badges/issuer': PUBLIC,
  'GET /api/badges/achievements/:key': PUBLIC,
  'GET /api/badges/:key/credential': ['youth'],
  'POST /api/badges/verify': PUBLIC,
  // Opportunities for credits: proposing, taking, confirming and cancelling are sync mutations.
  'GET /api/hub/opportunities': ['hub_operator'],
  'POST /api/hub/opportunities': ['hub_operator'],
  'POST /api/hub/opportunities/:id/decide': ['hub_operator'],
  'POST /api/hub/opportunities/:id/withdraw': ['hub_operator'],
} as const satisfies Record<string, typeof PUBLIC | readonly Role[]>;

export type RouteKey = keyof typeof ACCESS;

export function mayCall(route: RouteKey, role: Role | null): boolean {
  const allowed: typeof PUBLIC | readonly Role[] = ACCESS[route];
  if (allowed === PUBLIC) return true;
  return role !== null && allowed.includes(role);
}
