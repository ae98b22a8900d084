import { describe, expect, it, vi } from 'vitest';
import { m, t } from '$lib/i18n';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { emptyMission, missionOf, type MissionDraft } from './mission-draft';
import { MissionsAdmin } from './missions-admin.svelte';

const TODAY = '2026-11-25';
const HUB = '00000000-0000-4000-8000-0000000000a1';

/** A mission written as far as the form needs: a title and a story in Italian, the rest as a new form has it. */
function written(): MissionDraft {
  const draft = emptyMission(TODAY, HUB);
  draft.title.it = 'Scopri il tuo quartiere';
  draft.story.it = 'Visita il hub e prova una nuova attività.';
  return draft;
}

describe('the missions the city or a hub curates', () => {
  useMessages();
  const server = useFakeApi();

  async function opened() {
    server().on('GET /api/missions', { missions: [], hubs: [{ id: HUB, name: 'Hub Corvetto' }] });
    const admin = new MissionsAdmin(() => emptyMission(TODAY, HUB));
    await vi.waitFor(() => expect(admin.list.loading).toBe(false));
    return admin;
  }

  it('loads the missions and the hubs a step may name, starting from an empty draft at the hub', async () => {
    const admin = await opened();
    expect(admin.list.data).toEqual({ missions: [], hubs: [{ id: HUB, name: 'Hub Corvetto' }] });
    expect(admin.draft.startsOn).toBe(TODAY);
    expect(admin.draft.steps.map((s) => [s.kind, s.hubId])).toEqual([['checkin', HUB]]);
  });

  it('sends nothing while the draft misses its title and story, and names them', async () => {
    const admin = await opened();
    expect(await admin.create()).toBe(false);
    expect(server().to('POST /api/missions')).toEqual([]);
    expect(admin.form.errors).toMatchObject({ 'title.it': t('field_title'), 'story.it': t('field_story') });
  });

  it('creates the mission, says so, starts a fresh draft and reads the list again', async () => {
    const admin = await opened();
    server().on('POST /api/missions', { mission: {} });
    admin.draft = written();
    expect(await admin.create()).toBe(true);
    expect(server().to('POST /api/missions')[0].body).toEqual(JSON.parse(JSON.stringify(missionOf(written()))));
    expect(admin.created).toBe(m.missions_admin_created({ title: 'Scopri il tuo quartiere' }));
    expect(admin.draft.title.it).toBe('');
    await vi.waitFor(() => expect(server().to('GET /api/missions')).toHaveLength(2));
  });

  it("keeps the draft and shows the server's reason when it refuses", async () => {
    const admin = await opened();
    server().on(
      'POST /api/missions',
      refusal(400, 'validation_failed', 'Check the steps.', [
        { path: 'steps', code: 'field_step', message: 'A step names a hub that is gone.' },
      ]),
    );
    admin.draft = written();
    expect(await admin.create()).toBe(false);
    expect(admin.form.message).toBe('Check the steps.');
    expect(admin.form.errors).toEqual({ steps: 'A step names a hub that is gone.' });
    expect(admin.draft.title.it).toBe('Scopri il tuo quartiere');
    expect(admin.created).toBeNull();
  });
});
