import type { Category } from './category';
import type { ProviderStatus } from './provider';

export type OfferSummary = {
  id: string;
  category: Category;
  /** Title by language code; a reader sees their language, else Italian. */
  title: Record<string, string>;
  priceCents: number;
  municipio: number;
  ageMin: number;
  ageMax: number;
};

export type ProviderOverview = {
  id: string;
  name: string;
  status: ProviderStatus;
  /** Why the city asked for changes, suspended or revoked it. */
  statusReason: string;
  municipio: number;
  offers: OfferSummary[];
  /** The micro-projects it carries out for the hubs, once funded: what its confirmed milestones paid, and what is still held for it. */
  projects: CarriedProject[];
};

export type CarriedProject = {
  id: string;
  roundId: string;
  hubName: string;
  title: Record<string, string>;
  cost: number;
  paid: number;
  held: number;
  milestones: number;
  confirmed: number;
  closed: boolean;
};

export type HubOverview = {
  id: string;
  name: string;
  address: string;
  municipio: number;
  minorsInMunicipio: number;
  /** When the city closed the hub (its history stays; its check-ins stop), or null while it is open. */
  closedAt: string | null;
};

export type CityOverview = {
  households: number;
  minors: number;
  providers: number;
  offers: number;
  hubs: number;
  byMunicipio: { municipio: number; households: number; minors: number; offers: number }[];
};
