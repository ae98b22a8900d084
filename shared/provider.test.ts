import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  ApplicationSchema,
  DECISIONS,
  DecisionSchema,
  decide,
  decisionsFrom,
  mayEditApplication,
  PROVIDER_STATUSES,
  type Application,
} from './provider';

const application: Application = {
  name: 'Danza Corvetto ASD',
  legalForm: 'non_profit',
  taxCode: '97000000158',
  address: 'Via Mompiani 5, Milano',
  municipio: 4,
  contactEmail: 'danza@example.org',
  phone: '+39 02 555 0101',
  categories: ['art', 'sport'],
  places: [{ address: 'Via Mompiani 5, Milano', municipio: 4 }],
  documents: [{ kind: 'statute', name: 'Statuto' }],
  trainedStaff: [{ name: 'Elena Greco', trainedOn: '2026-09-30' }],
};
const paths = (result: v.SafeParseResult<v.GenericSchema>) => (result.issues ?? []).map((i) => v.getDotPath(i));

describe('accreditation decisions', () => {
  it('moves an application and a provider only along the allowed steps', () => {
    expect(decide('applied', 'approve')).toBe('accredited');
    expect(decide('applied', 'request_changes')).toBe('changes_requested');
    expect(decide('accredited', 'suspend')).toBe('suspended');
    expect(decide('suspended', 'approve')).toBe('accredited');
    // Changes are asked before a decision, not of an accredited provider; a revocation is final.
    expect(decide('accredited', 'request_changes')).toBeNull();
    expect(decide('changes_requested', 'approve')).toBeNull();
    for (const decision of DECISIONS) expect(decide('revoked', decision)).toBeNull();
    expect(decisionsFrom('applied')).toEqual(['approve', 'request_changes', 'revoke']);
    expect(decisionsFrom('revoked')).toEqual([]);
  });

  it('lets the organisation edit only while the city has not admitted it', () => {
    expect(PROVIDER_STATUSES.filter(mayEditApplication)).toEqual(['applied', 'changes_requested']);
  });

  it('asks a reason for every decision but admitting', () => {
    expect(v.safeParse(DecisionSchema, { decision: 'approve', expectedStatus: 'applied' }).success).toBe(true);
    const bare = v.safeParse(DecisionSchema, { decision: 'suspend', reason: '  ', expectedStatus: 'accredited' });
    expect(bare.success).toBe(false);
    expect(bare.issues?.[0].message).toBe('field_reason_required');
    expect(paths(bare)).toEqual(['reason']);
    expect(v.safeParse(DecisionSchema, { decision: 'suspend', reason: 'x'.repeat(1001), expectedStatus: 'accredited' }).success).toBe(
      false,
    );
  });
});

describe('the application form', () => {
  it('accepts a complete application, normalising the tax code', () => {
    const parsed = v.parse(ApplicationSchema, { ...application, taxCode: ' rssmra80a01f205x ' });
    expect(parsed.taxCode).toBe('RSSMRA80A01F205X');
  });

  it('names every field that is wrong', () => {
    const bad = v.safeParse(ApplicationSchema, {
      ...application,
      taxCode: '1234',
      phone: 'call me',
      categories: ['sport', 'sport'],
      places: [],
      documents: [{ kind: 'diploma', name: '' }],
      trainedStaff: [{ name: 'Elena', trainedOn: '2026-02-30' }],
    });
    expect(paths(bad).sort()).toEqual([
      'categories',
      'documents.0.kind',
      'documents.0.name',
      'phone',
      'places',
      'taxCode',
      'trainedStaff.0.trainedOn',
    ]);
  });
});
