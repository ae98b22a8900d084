import { DEFAULT_RULES, type Call, type CallDashboard, type CallFigures, type ReviewLine } from '$shared/calls';

/** A call as the city's pages read it, open for applications unless told otherwise. */
export function aCall(call: Partial<Call> = {}): Call {
  return {
    id: '00000000-0000-4000-8000-00000000ca11',
    name: { it: 'Dote sport 2027', en: 'Sport grant 2027' },
    description: { it: 'Un contributo per lo sport.' },
    status: 'open',
    budgetCents: 100_000_00,
    opensAt: '2026-10-01T08:00:00.000Z',
    closesAt: '2026-11-30T23:00:00.000Z',
    spendingDeadline: '2027-06-30T22:00:00.000Z',
    graceHours: 24,
    rules: DEFAULT_RULES,
    createdAt: '2026-09-15T08:00:00.000Z',
    publishedAt: null,
    ...call,
  };
}

const NO_FIGURES: CallFigures = {
  applications: 0,
  eligible: 0,
  excluded: 0,
  funded: 0,
  waiting: 0,
  declined: 0,
  revoked: 0,
  allocatedCents: 0,
  spentCents: 0,
  heldCents: 0,
  expiredCents: 0,
  availableCents: 0,
};

/** A call's dashboard, with nothing spent or given unless told otherwise; it reconciles. */
export function aDashboard(figures: Partial<CallDashboard> = {}): CallDashboard {
  return { ...NO_FIGURES, budgetCents: 100_000_00, unallocatedCents: 100_000_00, byMunicipio: [], reconciled: true, ...figures };
}

/** One application as the city reviews it: eligible, ranked first, unless told otherwise. */
export function aReviewLine(line: Partial<ReviewLine> = {}): ReviewLine {
  return {
    applicationId: '00000000-0000-4000-8000-0000000000a1',
    code: 'K7QM-3XPA',
    municipio: 4,
    status: 'eligible',
    exclusion: null,
    note: '',
    rank: 1,
    points: null,
    iseeCents: 12_000_00,
    minors: 2,
    amountCents: 300_00,
    submittedAt: '2026-10-02T09:00:00.000Z',
    ...line,
  };
}
