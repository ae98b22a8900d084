import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { isoDateIn } from '$shared/dates';
import type { Statement } from '$shared/statements';

/** The months a statement may be asked for ("2026-11"): the month of `today` and the eleven before it. */
export function recentMonths(today: Date): string[] {
  const [year, month] = isoDateIn(today).slice(0, 7).split('-').map(Number);
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/**
 * What the city owes each provider for a month, and paying it: the sum the city saw is sent with the
 * payment, so a sum that grew meanwhile is not paid blind (the page then shows the new one).
 */
export class CityStatements {
  readonly months: string[];
  month = $state('');
  readonly statements: Resource<Statement[]>;
  /** The provider being paid. */
  paying = $state<string | null>(null);
  problem = $state<string | null>(null);
  done = $state<string | null>(null);

  constructor(today: Date = new Date()) {
    this.months = recentMonths(today);
    this.month = this.months[0];
    this.statements = new Resource(
      async () => (await (await api.city.statements.$get({ query: { month: this.month } })).json()).statements,
    );
  }

  /** Another month's statements. */
  show(month: string): Promise<void> {
    this.month = month;
    return this.statements.reload();
  }

  async pay(statement: Pick<Statement, 'providerId' | 'providerName' | 'dueCents'>): Promise<void> {
    const { providerId, providerName: name, dueCents } = statement;
    this.paying = providerId;
    this.problem = this.done = null;
    try {
      const { result } = await (await api.city.statements.pay.$post({ json: { providerId, month: this.month, dueCents } })).json();
      this.done = result === 'nothing_due' ? m.statements_nothing_due({ name }) : m.statements_paid_done({ name });
      await this.statements.reload();
    } catch (error) {
      this.problem = errorText(error);
      // Most often the sum changed meanwhile: show the new one to decide on.
      await this.statements.reload();
    } finally {
      this.paying = null;
    }
  }
}
