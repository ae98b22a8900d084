/** The five kinds of people who sign in. A role decides which routes a session may call. */
export const ROLES = ['youth', 'guardian', 'provider', 'hub_operator', 'city_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Where each role lands after signing in. */
export const HOME_PATH: Record<Role, string> = {
  youth: '/youth',
  guardian: '/family',
  provider: '/provider',
  hub_operator: '/hub',
  city_admin: '/city',
};
