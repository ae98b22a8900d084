import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { t } from '$lib/i18n';
import { CallInputSchema, DEFAULT_RULES } from '$shared/calls';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { callOf } from './call-draft';
import { NewCall } from './new-call.svelte';

const NOW = new Date('2026-11-25T10:20:00Z');

describe('the city opens a new call', () => {
  useMessages();
  const server = useFakeApi();

  function newCall() {
    const opened: string[] = [];
    return { call: new NewCall(async (id) => void opened.push(id), NOW), opened };
  }

  it("starts from Milan's default rules, open from the next hour for a month", () => {
    const { call } = newCall();
    const input = callOf(call.draft);
    expect(input.opensAt).toBe('2026-11-25T11:00:00.000Z');
    expect(input.closesAt).toBe('2026-12-25T11:00:00.000Z');
    expect(input.rules).toEqual(DEFAULT_RULES);
  });

  it('sends nothing without a name and a budget, and names them', async () => {
    const { call } = newCall();
    await call.create();
    expect(server().sent).toEqual([]);
    expect(call.form.errors).toMatchObject({ 'name.it': expect.any(String), budgetCents: t('field_budget') });
  });

  it('creates the call and opens it', async () => {
    const { call, opened } = newCall();
    call.draft.name.it = 'Dote sport 2027';
    call.draft.description.it = 'Un contributo per lo sport dei ragazzi.';
    call.draft.budget = '100.000';
    server().on('POST /api/city/calls', { call: { id: 'c-new' } });
    await call.create();
    expect(server().to('POST /api/city/calls')[0].body).toEqual(v.parse(CallInputSchema, callOf(call.draft)));
    expect((server().to('POST /api/city/calls')[0].body as { budgetCents: number }).budgetCents).toBe(100_000_00);
    expect(opened).toEqual(['c-new']);
  });

  it("keeps the draft and shows the server's reason when it refuses", async () => {
    const { call, opened } = newCall();
    call.draft.name.it = 'Dote sport 2027';
    call.draft.description.it = 'Un contributo per lo sport dei ragazzi.';
    call.draft.budget = '100000';
    server().on(
      'POST /api/city/calls',
      refusal(400, 'validation_failed', 'Check the dates.', [{ path: 'closesAt', code: 'field_closes_at_past', message: 'Already past.' }]),
    );
    await call.create();
    expect(call.form.message).toBe('Check the dates.');
    expect(call.form.errors).toEqual({ closesAt: 'Already past.' });
    expect(opened).toEqual([]);
  });
});
