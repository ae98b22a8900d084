import { api, ApiError, errorText } from '$lib/services/api';
import type { CheckinPurpose, StaffPlace } from '$shared/checkin';
import { KEPT_CHOICE, KEPT_PLACES, purposesOf, type KeptChoice, type KeptPlaces } from './checkin-code';

/** This device's own storage, where a staff device keeps what it shows with no network. */
export type Keeper = {
  kept<T>(key: string): Promise<T | undefined>;
  keep(key: string, value: unknown): Promise<void>;
};

/**
 * The places a hub's or a provider's device shows check-in codes for, and the one chosen: what the
 * device kept shows at once (a kiosk switched on starts showing codes), and the server's list
 * replaces it when it answers.
 */
export class CheckinPlaces {
  kept = $state<KeptPlaces | null>(null);
  loading = $state(true);
  /** Why the places shown are not fresh from the server (or why there are none). */
  problem = $state<{ offline: boolean; message: string } | null>(null);
  placeId = $state<string | null>(null);
  purpose = $state<CheckinPurpose>('visit');

  /** `now`: when the server's list was fetched, said when the device shows it later with no network. */
  constructor(
    private readonly keeper: Keeper,
    private readonly now: () => Date = () => new Date(),
  ) {}

  readonly places = $derived<StaffPlace[]>(this.kept?.places ?? []);
  /** The place whose code shows: the one chosen, else the first. */
  readonly place = $derived<StaffPlace | null>(this.places.find((p) => p.id === this.placeId) ?? this.places[0] ?? null);
  readonly purposes = $derived<CheckinPurpose[]>(this.place ? purposesOf(this.place) : []);
  /** A purpose the place does not have (a choice kept for a hub, now on a provider's place) shows as a visit. */
  readonly shownPurpose = $derived<CheckinPurpose>(this.purposes.includes(this.purpose) ? this.purpose : 'visit');

  async load(): Promise<void> {
    const [stored, choice] = await Promise.all([this.keeper.kept<KeptPlaces>(KEPT_PLACES), this.keeper.kept<KeptChoice>(KEPT_CHOICE)]);
    if (stored && !this.kept) this.kept = stored;
    if (choice && this.placeId === null) ({ placeId: this.placeId, purpose: this.purpose } = choice);
    try {
      const { places } = await (await api.checkin.places.$get()).json();
      const value: KeptPlaces = { places, fetchedAt: this.now().toISOString() };
      await this.keeper.keep(KEPT_PLACES, value);
      this.kept = value;
      this.problem = null;
    } catch (error) {
      this.problem = { offline: error instanceof ApiError && error.code === 'offline', message: errorText(error) };
    } finally {
      this.loading = false;
    }
  }

  /** Another place or purpose, kept for the next time the device is switched on. */
  choose(next: Partial<KeptChoice>): void {
    if (next.placeId !== undefined) this.placeId = next.placeId;
    if (next.purpose !== undefined) this.purpose = next.purpose;
    if (this.place) void this.keeper.keep(KEPT_CHOICE, { placeId: this.place.id, purpose: this.shownPurpose } satisfies KeptChoice);
  }
}
