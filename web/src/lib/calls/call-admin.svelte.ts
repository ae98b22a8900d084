import { api, errorText } from '$lib/services/api';
import { currentLocale, m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { formatCents } from '$shared/money';
import { INTL_LOCALE } from '$shared/locale';
import type { Call, CallDashboard, CallStatus } from '$shared/calls';

/** A call as the city runs it: the call and its dashboard of figures. */
export type CallDetail = { call: Call; dashboard: CallDashboard };
export type CallStep = 'close' | 'rank' | 'publish' | 'allocate' | 'sweep';

/** What comes next at each stage: open → closed → ranked → published → allocated → expired. */
export const NEXT_STEP: Partial<Record<CallStatus, CallStep>> = {
  open: 'close',
  closed: 'rank',
  ranked: 'publish',
  published: 'allocate',
  allocated: 'sweep',
};

/**
 * The city runs one call: it loads the call with its figures, and takes the call to its next stage
 * once the person confirmed, saying what the step did (or why it could not be taken).
 */
export class CallAdmin {
  readonly detail: Resource<CallDetail>;
  /** The step asked for and waiting for a yes. */
  confirming = $state<CallStep | null>(null);
  running = $state(false);
  done = $state<string | null>(null);
  problem = $state<string | null>(null);
  /** Goes up after each step taken: the review of the applications starts again, as their statuses changed. */
  round = $state(0);
  readonly #locale = currentLocale();
  readonly #number = new Intl.NumberFormat(INTL_LOCALE[this.#locale]);

  constructor(private readonly id: string) {
    this.detail = new Resource(async () => await (await api.city.calls[':id'].$get({ param: { id } })).json());
  }

  /** Asks for a yes before the step: what the last step said goes. */
  ask(step: CallStep): void {
    this.confirming = step;
    this.done = this.problem = null;
  }

  cancel(): void {
    this.confirming = null;
  }

  /** Takes the step: the call and its figures as they now stand, and what happened in words. */
  async run(step: CallStep): Promise<void> {
    this.running = true;
    this.problem = null;
    try {
      const { detail, done } = await this.#take(step);
      this.detail.data = detail;
      this.done = done;
      this.confirming = null;
      this.round++;
    } catch (error) {
      this.problem = errorText(error);
      this.confirming = null;
    } finally {
      this.running = false;
    }
  }

  async #take(step: CallStep): Promise<{ detail: CallDetail; done: string }> {
    const call = api.city.calls[':id'];
    const param = { param: { id: this.id }, json: {} };
    const number = (n: number) => this.#number.format(n);
    switch (step) {
      case 'close': {
        const r = await (await call.close.$post(param)).json();
        return { detail: r, done: m.city_calls_closed_done({ count: number(r.dashboard.applications) }) };
      }
      case 'rank': {
        const r = await (await call.rank.$post(param)).json();
        return {
          detail: r,
          done: m.city_calls_ranked_done({ eligible: number(r.dashboard.eligible), excluded: number(r.dashboard.excluded) }),
        };
      }
      case 'publish':
        return { detail: await (await call.publish.$post(param)).json(), done: m.city_calls_published_done() };
      case 'allocate': {
        const r = await (await call.allocate.$post(param)).json();
        const amount = formatCents(r.allocatedCents, this.#locale);
        return {
          detail: { call: r.call, dashboard: r.dashboard },
          done: m.city_calls_allocated_done({ funded: number(r.funded), waiting: number(r.waiting), amount }),
        };
      }
      case 'sweep': {
        const r = await (await call.sweep.$post(param)).json();
        const amount = formatCents(r.report.returnedCents, this.#locale);
        return {
          detail: { call: r.call, dashboard: r.dashboard },
          done: m.city_calls_swept_done({ amount, vouchers: number(r.report.vouchers), batches: number(r.report.batches) }),
        };
      }
    }
  }
}
