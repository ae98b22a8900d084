import { derivedId } from '../../ids';
import type { AccountInput } from '$shared/ledger';

/**
 * The ledger's standing accounts, with ids derived from what they belong to, so any part of the
 * server (or a re-run job) names the same account without looking it up.
 */
export const CITY_FUNDING = derivedId('account', 'city_funding');
export const PROGRAMME_BUDGET = derivedId('account', 'programme_budget');
export const EXPIRED_RETURN = derivedId('account', 'expired_return');
export const CREDIT_MINT = derivedId('account', 'credit_mint');

/** A household's voucher from one call: each call's money keeps its own deadline. */
export const householdVoucherId = (householdId: string, callId: string) => derivedId('account', 'household_voucher', householdId, callId);
export const callBudgetId = (callId: string) => derivedId('account', 'call_budget', callId);
export const youthCreditId = (userId: string) => derivedId('account', 'youth_credit', userId);
export const providerPayableId = (providerId: string) => derivedId('account', 'provider_payable', providerId);
export const providerPaidId = (providerId: string) => derivedId('account', 'provider_paid', providerId);
/** A hub's budget for micro-projects: the city funds it, winning projects are paid from it. */
export const hubCollectiveId = (hubId: string) => derivedId('account', 'hub_collective', hubId);
/** Where a micro-project carried out by a group is paid (one carried out by a provider is paid as the provider is). */
export const projectPayeeId = (projectId: string) => derivedId('account', 'project_payee', projectId);
export const collectiveVoucherId = (applicationId: string) => derivedId('account', 'collective_voucher', applicationId);

/** The city's own accounts, opened at start (idempotently). */
export const CITY_ACCOUNTS: AccountInput[] = [
  { id: CITY_FUNDING, ledger: 'EUR', kind: 'city_funding', ownerType: 'city', ownerId: 'city', debitsMustNotExceedCredits: false },
  { id: PROGRAMME_BUDGET, ledger: 'EUR', kind: 'programme_budget', ownerType: 'city', ownerId: 'city', debitsMustNotExceedCredits: true },
  { id: EXPIRED_RETURN, ledger: 'EUR', kind: 'expired_return', ownerType: 'city', ownerId: 'city', debitsMustNotExceedCredits: true },
  { id: CREDIT_MINT, ledger: 'CREDIT', kind: 'credit_mint', ownerType: 'city', ownerId: 'city', debitsMustNotExceedCredits: false },
];

/** Open until the call's spending deadline and its grace (offline bookings made in time still count). */
export function householdVoucherAccount(householdId: string, callId: string, expiresAt: Date): AccountInput {
  return {
    id: householdVoucherId(householdId, callId),
    ledger: 'EUR',
    kind: 'household_voucher',
    ownerType: 'household',
    ownerId: householdId,
    debitsMustNotExceedCredits: true,
    expiresAt,
  };
}

export function callBudgetAccount(callId: string): AccountInput {
  return {
    id: callBudgetId(callId),
    ledger: 'EUR',
    kind: 'call_budget',
    ownerType: 'call',
    ownerId: callId,
    debitsMustNotExceedCredits: true,
  };
}

export function hubCollectiveAccount(hubId: string): AccountInput {
  return {
    id: hubCollectiveId(hubId),
    ledger: 'EUR',
    kind: 'hub_collective',
    ownerType: 'hub',
    ownerId: hubId,
    debitsMustNotExceedCredits: true,
  };
}

export function projectPayeeAccount(projectId: string): AccountInput {
  return {
    id: projectPayeeId(projectId),
    ledger: 'EUR',
    kind: 'project_payee',
    ownerType: 'project',
    ownerId: projectId,
    debitsMustNotExceedCredits: false,
  };
}

export function collectiveVoucherAccount(applicationId: string): AccountInput {
  return {
    id: collectiveVoucherId(applicationId),
    ledger: 'EUR',
    kind: 'collective_voucher',
    ownerType: 'collective_application',
    ownerId: applicationId,
    debitsMustNotExceedCredits: true,
  };
}

export function youthCreditAccount(userId: string): AccountInput {
  return {
    id: youthCreditId(userId),
    ledger: 'CREDIT',
    kind: 'youth_credit',
    ownerType: 'user',
    ownerId: userId,
    debitsMustNotExceedCredits: true,
  };
}

/**
 * Where a youth's credits come from and go back to: one of a few mint sub-accounts, chosen by the
 * youth, so check-ins across the city do not queue on one hot row (hot accounts).
 */
const MINT_SHARDS = 16;
export const creditMintFor = (userId: string) =>
  derivedId('account', 'credit_mint', String(Number.parseInt(userId.replaceAll('-', '').slice(-4), 16) % MINT_SHARDS));

/** A youth's credit account and their mint, opened (idempotently) before credits move. */
export function youthCreditAccounts(userId: string): AccountInput[] {
  return [
    youthCreditAccount(userId),
    {
      id: creditMintFor(userId),
      ledger: 'CREDIT',
      kind: 'credit_mint',
      ownerType: 'city',
      ownerId: 'city',
      debitsMustNotExceedCredits: false,
    },
  ];
}

export function providerAccounts(providerId: string): AccountInput[] {
  return [
    {
      id: providerPayableId(providerId),
      ledger: 'EUR',
      kind: 'provider_payable',
      ownerType: 'provider',
      ownerId: providerId,
      debitsMustNotExceedCredits: true,
    },
    {
      id: providerPaidId(providerId),
      ledger: 'EUR',
      kind: 'provider_paid',
      ownerType: 'provider',
      ownerId: providerId,
      debitsMustNotExceedCredits: false,
    },
  ];
}
