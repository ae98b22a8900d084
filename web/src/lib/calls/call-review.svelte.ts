import { api, errorText } from '$lib/services/api';
import { currentLocale, m } from '$lib/i18n';
import { Resource } from '$lib/state/resource.svelte';
import { INTL_LOCALE } from '$shared/locale';
import type { REVIEW_FILTERS, ReviewLine } from '$shared/calls';

export type ReviewFilter = (typeof REVIEW_FILTERS)[number];
/** What the city does to one application, saying why: excludes it from the ranking, or revokes its voucher. */
export type ReviewAction = 'exclude' | 'revoke';
/** One page of the applications, as the server ranks and filters them. */
export type ReviewPage = { lines: ReviewLine[]; total: number; page: number };

/**
 * The city's review of a call's applications, a page at a time: exclusions and reinstatements while
 * the ranking is drawn up, revocations once vouchers are given. `onchanged`: something changed the
 * call's figures (the dashboard shows them again).
 */
export class CallReview {
  filter = $state<ReviewFilter>('all');
  page = $state(0);
  readonly lines: Resource<ReviewPage>;
  done = $state<string | null>(null);
  problem = $state<string | null>(null);
  /** The application being reinstated. */
  busy = $state<string | null>(null);
  /** The application and the action the reason is asked for. */
  target = $state<{ line: ReviewLine; action: ReviewAction } | null>(null);
  readonly #number = new Intl.NumberFormat(INTL_LOCALE[currentLocale()]);

  constructor(
    private readonly callId: string,
    private readonly onchanged: () => void,
  ) {
    this.lines = new Resource(async () => {
      const query = { filter: this.filter, page: String(this.page) };
      return await (await api.city.calls[':id'].applications.$get({ param: { id: callId }, query })).json();
    });
  }

  /** Another filter (from its first page), or another page of this one. */
  async show(to: { filter?: ReviewFilter; page?: number }): Promise<void> {
    this.filter = to.filter ?? this.filter;
    this.page = to.page ?? 0;
    await this.lines.reload();
  }

  /** Asks why before excluding or revoking: what the last action said goes. */
  ask(line: ReviewLine, action: ReviewAction): void {
    this.done = this.problem = null;
    this.target = { line, action };
  }

  /** Excludes or revokes with the reason given; a failure is thrown, for the dialog to show beside the reason. */
  async confirmed(reason: string): Promise<void> {
    if (!this.target) return;
    const { line, action } = this.target;
    const param = { id: this.callId, applicationId: line.applicationId };
    const application = api.city.calls[':id'].applications[':applicationId'];
    if (action === 'exclude') {
      const result = await (await application.exclude.$post({ param, json: { reason } })).json();
      this.#replace(result.line);
      this.done = m.city_calls_excluded_done({ code: line.code });
    } else {
      const result = await (await application.revoke.$post({ param, json: { reason } })).json();
      this.#replace(result.line);
      this.done =
        result.refilled > 0
          ? m.city_calls_revoked_refilled({ code: line.code, count: this.#number.format(result.refilled) })
          : m.city_calls_revoked_done({ code: line.code });
    }
    // Everyone after it moved (and the filter may no longer hold it): the page is read again.
    await this.lines.reload();
    this.onchanged();
  }

  /** Undoes the city's own exclusion: the rules judge the application again. */
  async reinstate(line: ReviewLine): Promise<void> {
    this.done = this.problem = null;
    this.busy = line.applicationId;
    try {
      const param = { id: this.callId, applicationId: line.applicationId };
      const result = await (await api.city.calls[':id'].applications[':applicationId'].reinstate.$post({ param, json: {} })).json();
      this.#replace(result.line);
      this.done = m.city_calls_reinstated_done({ code: line.code });
      await this.lines.reload();
      this.onchanged();
    } catch (error) {
      this.problem = errorText(error);
    } finally {
      this.busy = null;
    }
  }

  #replace(line: ReviewLine): void {
    const page = this.lines.data;
    if (page) this.lines.data = { ...page, lines: page.lines.map((l) => (l.applicationId === line.applicationId ? line : l)) };
  }
}
