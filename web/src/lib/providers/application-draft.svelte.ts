import type { Application } from '$shared/provider';

/** What the form edits: the application as typed (the municipio still a select's string). */
export type ApplicationDraft = Omit<Application, 'municipio' | 'places'> & {
  municipio: string;
  places: { address: string; municipio: string }[];
};

export function emptyDraft(): ApplicationDraft {
  return {
    name: '',
    legalForm: 'non_profit',
    taxCode: '',
    address: '',
    municipio: '',
    contactEmail: '',
    phone: '',
    categories: [],
    places: [{ address: '', municipio: '' }],
    documents: [{ kind: 'statute', name: '' }],
    trainedStaff: [{ name: '', trainedOn: '' }],
  };
}

export function draftOf(app: Application): ApplicationDraft {
  return {
    ...$state.snapshot(app),
    municipio: String(app.municipio),
    places: app.places.map((p) => ({ address: p.address, municipio: String(p.municipio) })),
  };
}

/** The draft as the schema reads it: the selects' strings become numbers (empty stays missing). */
export function applicationOf(draft: ApplicationDraft) {
  const number = (value: string) => (value ? Number(value) : undefined);
  return {
    ...draft,
    municipio: number(draft.municipio),
    places: draft.places.map((p) => ({ address: p.address, municipio: number(p.municipio) })),
  };
}
