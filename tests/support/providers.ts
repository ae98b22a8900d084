import type { Application, ProviderRecord } from '$shared/provider';

/** An organisation's application to the programme, complete. */
export function anApplication(application: Partial<Application> = {}): Application {
  return {
    name: 'Danza Corvetto ASD',
    legalForm: 'non_profit',
    taxCode: '97000000158',
    address: 'Via Mompiani 5, Milano',
    municipio: 4,
    contactEmail: 'danza@example.org',
    phone: '+39 02 555 0101',
    categories: ['art', 'sport'],
    places: [{ address: 'Via Mompiani 5, Milano', municipio: 4 }],
    documents: [
      { kind: 'statute', name: 'Statuto' },
      { kind: 'insurance', name: 'Polizza RC' },
    ],
    trainedStaff: [{ name: 'Elena Greco', trainedOn: '2026-09-30' }],
    ...application,
  };
}

/** A provider's file as the city reviews it: just applied, unless told otherwise. */
export function aProviderRecord(record: Partial<ProviderRecord> = {}): ProviderRecord {
  return {
    ...anApplication(),
    id: '00000000-0000-4000-8000-0000000000b2',
    status: 'applied',
    statusReason: '',
    submittedAt: '2026-11-02T09:00:00.000Z',
    offerCount: 0,
    openBookings: 0,
    history: [{ at: '2026-11-02T09:00:00.000Z', from: null, to: 'applied', reason: '', by: null }],
    ...record,
  };
}
