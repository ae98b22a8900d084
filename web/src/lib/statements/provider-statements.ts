import { api } from '$lib/services/api';

/** What the city owes a provider, month by month, from the ledger. */
export async function providerStatements() {
  return (await (await api.provider.statements.$get()).json()).statements;
}
