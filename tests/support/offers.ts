import type { CatalogueOffer } from '$shared/catalogue';
import type { ProviderOffer, ProviderSession } from '$shared/offer';

/** An offer as its provider edits it: published, one session to come, no photos, unless told otherwise. */
export function aProviderOffer(offer: Partial<ProviderOffer> = {}): ProviderOffer {
  return {
    id: '00000000-0000-4000-8000-0000000000f1',
    version: 1,
    revision: 1,
    updatedAt: '2026-11-01T09:00:00.000Z',
    title: { it: 'Nuoto per ragazzi' },
    description: { it: 'Corso di nuoto in piscina comunale.' },
    category: 'sport',
    pillars: ['physical'],
    ageMin: 6,
    ageMax: 14,
    priceCents: 120_00,
    voucherAccepted: true,
    creditPrice: null,
    address: 'Via Solari 40, Milano',
    municipio: 6,
    lat: 45.4512,
    lon: 9.1731,
    accessibility: [],
    languages: ['it'],
    cancelHours: 24,
    status: 'published',
    sessions: [aSession()],
    photos: [],
    ...offer,
  };
}

export function aSession(session: Partial<ProviderSession> = {}): ProviderSession {
  return {
    id: '00000000-0000-4000-8000-0000000005e1',
    startsAt: '2026-12-02T16:00:00.000Z',
    endsAt: '2026-12-02T17:00:00.000Z',
    capacity: 12,
    seatsTaken: 3,
    status: 'scheduled',
    ...session,
  };
}

/** An offer as a family's device holds it in its catalogue copy: a sport in municipio 1, no sessions, unless told otherwise. */
export function aCatalogueOffer(id: string, offer: Partial<CatalogueOffer> = {}): CatalogueOffer {
  return {
    id,
    version: 1,
    providerId: 'p1',
    providerName: 'Polisportiva Navigli',
    category: 'sport',
    pillars: ['physical'],
    title: { it: `Attività ${id}` },
    description: { it: 'Descrizione' },
    ageMin: 6,
    ageMax: 14,
    priceCents: 100_00,
    creditPrice: null,
    voucherAccepted: true,
    address: 'Via Roma 1, Milano',
    municipio: 1,
    lat: 45.4642,
    lon: 9.19,
    accessibility: [],
    languages: ['it'],
    sessions: [],
    photos: [],
    ...offer,
  };
}
