import * as v from 'valibot';
import { TrimmedText } from './validation';
import { CATEGORIES, type Category } from './category';
import { MunicipioSchema, type Municipio } from './municipi';
import { EmailSchema, NewPasswordSchema } from './account';
import { NameSchema } from './household';
import { LocaleSchema } from './locale';
import { isValidIsoDate } from './dates';

/**
 * Accreditation: an organisation applies through the public call, and the city admits it,
 * asks for changes, suspends or revokes it, always saying why. Only an accredited provider publishes
 * offers and redeems bookings.
 */
export const PROVIDER_STATUSES = ['applied', 'changes_requested', 'accredited', 'suspended', 'revoked'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

export const LEGAL_FORMS = ['public', 'for_profit', 'non_profit'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export const DECISIONS = ['approve', 'request_changes', 'suspend', 'revoke'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The papers the call asks for: the city checks them outside the app; the application lists them. */
export const DOCUMENT_KINDS = ['statute', 'registration', 'insurance', 'safety_plan', 'safeguarding_policy', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Where each decision may be taken from: a revoked provider stays revoked (it applies again, anew). */
const DECISION_FROM: Record<Decision, readonly ProviderStatus[]> = {
  approve: ['applied', 'suspended'],
  request_changes: ['applied'],
  suspend: ['accredited'],
  revoke: ['applied', 'changes_requested', 'accredited', 'suspended'],
};
const DECISION_TO: Record<Decision, ProviderStatus> = {
  approve: 'accredited',
  request_changes: 'changes_requested',
  suspend: 'suspended',
  revoke: 'revoked',
};

/** The status a decision leads to, or null when it cannot be taken from this one. */
export function decide(status: ProviderStatus, decision: Decision): ProviderStatus | null {
  return DECISION_FROM[decision].includes(status) ? DECISION_TO[decision] : null;
}

/** The decisions open on a provider in this status, in the order the city's page offers them. */
export function decisionsFrom(status: ProviderStatus): Decision[] {
  return DECISIONS.filter((d) => decide(status, d) !== null);
}

/** A provider is told why, except when it is simply admitted. */
export const reasonRequired = (decision: Decision): boolean => decision !== 'approve';

/** The organisation may still change its application while the city has not admitted it. */
export const mayEditApplication = (status: ProviderStatus): boolean => status === 'applied' || status === 'changes_requested';

/** What the public sees and families book: only an accredited provider's offers. */
export const isAccredited = (status: ProviderStatus): boolean => status === 'accredited';

/** An Italian codice fiscale (16 letters and digits) or partita IVA (11 digits). */
export const TaxCodeSchema = v.pipe(
  v.string('field_tax_code'),
  v.trim(),
  v.toUpperCase(),
  v.regex(/^(?:\d{11}|[A-Z0-9]{16})$/, 'field_tax_code'),
);

export const PlaceSchema = v.object({ address: TrimmedText(3, 200, 'field_address'), municipio: MunicipioSchema });
export const DocumentSchema = v.object({
  kind: v.picklist(DOCUMENT_KINDS, 'field_document_kind'),
  name: TrimmedText(1, 120, 'field_document_name'),
});
export const TrainedStaffSchema = v.object({
  name: NameSchema,
  trainedOn: v.pipe(v.string('field_trained_on'), v.check(isValidIsoDate, 'field_trained_on')),
});

const unique = <T>(key: (item: T) => string, message: string) =>
  v.check((items: T[]) => new Set(items.map(key)).size === items.length, message);

/** What an organisation tells the city when it applies (and may correct while it waits). */
export const ApplicationSchema = v.object({
  name: TrimmedText(2, 120, 'field_organisation_name'),
  legalForm: v.picklist(LEGAL_FORMS, 'field_legal_form'),
  taxCode: TaxCodeSchema,
  address: TrimmedText(3, 200, 'field_address'),
  municipio: MunicipioSchema,
  contactEmail: EmailSchema,
  phone: v.pipe(v.string('field_phone'), v.trim(), v.regex(/^\+?[0-9][0-9 ]{5,19}$/, 'field_phone')),
  categories: v.pipe(
    v.array(v.picklist(CATEGORIES, 'field_categories'), 'field_categories'),
    v.minLength(1, 'field_categories'),
    unique<Category>((c) => c, 'field_categories'),
  ),
  places: v.pipe(v.array(PlaceSchema, 'field_places'), v.minLength(1, 'field_places'), v.maxLength(20, 'field_places')),
  documents: v.pipe(v.array(DocumentSchema, 'field_documents'), v.minLength(1, 'field_documents'), v.maxLength(20, 'field_documents')),
  // The programme's protocol training (safeguarding minors): at least one person who runs activities.
  trainedStaff: v.pipe(
    v.array(TrainedStaffSchema, 'field_trained_staff'),
    v.minLength(1, 'field_trained_staff'),
    v.maxLength(100, 'field_trained_staff'),
  ),
});
export type Application = v.InferOutput<typeof ApplicationSchema>;

/** The staff whose training date is still to come (a slip, or a course not yet taken): their paths in the application. */
export function trainingNotYetDone(app: Application, today: string): string[] {
  return app.trainedStaff.flatMap((person, i) => (person.trainedOn > today ? [`trainedStaff.${i}.trainedOn`] : []));
}

/** Applying opens the organisation's first staff sign-in with it. */
export const ApplySchema = v.object({
  account: v.object({ email: EmailSchema, password: NewPasswordSchema, name: NameSchema, language: LocaleSchema }),
  application: ApplicationSchema,
});
export type ApplyInput = v.InferOutput<typeof ApplySchema>;

export const DecisionSchema = v.pipe(
  v.object({
    decision: v.picklist(DECISIONS, 'field_decision'),
    reason: v.optional(v.pipe(v.string('field_reason'), v.trim(), v.maxLength(1000, 'field_reason')), ''),
    // What the admin saw: another admin's decision since then is not overwritten unseen.
    expectedStatus: v.picklist(PROVIDER_STATUSES, 'field_status'),
  }),
  v.forward(
    v.check((d) => !reasonRequired(d.decision) || d.reason.length >= 3, 'field_reason_required'),
    ['reason'],
  ),
);
export type DecisionInput = v.InferOutput<typeof DecisionSchema>;

export const ProvidersQuerySchema = v.object({
  status: v.optional(v.picklist(PROVIDER_STATUSES, 'field_status')),
});

/** One step of a provider's standing: who decided what, when and why. */
export type ProviderEvent = { at: string; from: ProviderStatus | null; to: ProviderStatus; reason: string; by: string | null };

/** A provider as the city reviews it and as its own staff see their application. */
export type ProviderRecord = Application & {
  id: string;
  status: ProviderStatus;
  /** Why the provider is where it is (changes asked, suspension, revocation); empty when admitted. */
  statusReason: string;
  submittedAt: string;
  offerCount: number;
  openBookings: number;
  history: ProviderEvent[];
};

/** A line of the city's list of providers. */
export type ProviderSummary = {
  id: string;
  name: string;
  legalForm: LegalForm;
  status: ProviderStatus;
  municipio: Municipio;
  categories: Category[];
  submittedAt: string;
  offerCount: number;
};
