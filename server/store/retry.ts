// Which database failures are passing, in one place: a caller that meets one tries again (now, or by
// answering 5xx so the client does), rather than treating it as a bug or as the request's own fault.

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The transaction lost a race with another (a serialization failure, a deadlock): run again, it may well succeed. */
export function lostRace(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01';
}

/**
 * The database is unreachable, busy or restarting, or rolled the transaction back for a reason of its
 * own: connection (class 08), transaction rollback (40), resources (53), shutdown (57), system (58),
 * and the drivers' own words for a lost connection.
 */
export function isPassing(error: unknown): boolean {
  const code = codeOf(error);
  if (code === undefined) return false;
  return (
    /^(08|40|53|57|58)/.test(code) ||
    /^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH)/.test(code) ||
    code === 'CONNECTION_CLOSED' ||
    code === 'CONNECTION_ENDED'
  );
}

/** A row with the same key was written by a concurrent transaction (a unique violation): deciding again finds it. */
export const raceOnKey = (error: unknown): boolean => codeOf(error) === '23505';
