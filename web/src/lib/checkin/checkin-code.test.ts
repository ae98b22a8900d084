import { describe, expect, it } from 'vitest';
import { toBase64Url } from '$shared/booking-code';
import { CHECKIN_WINDOW_MS, judgeCheckinCode, parseCheckinCode, qrText, type StaffPlace } from '$shared/checkin';
import { codeFor, purposesOf, windowAt } from './checkin-code';

const place = (kind: StaffPlace['kind']): StaffPlace => ({
  id: 'p1',
  code: 'H7KQ',
  kind,
  name: 'Hub Corvetto',
  hubId: kind === 'hub' ? 'h1' : null,
  offerId: kind === 'offer' ? 'o1' : null,
  category: null,
  secret: toBase64Url(new Uint8Array(32).map((_, i) => i * 7 + 3)),
});

describe('the check-in code a staff device shows', () => {
  it('is one the server accepts for the place, the purpose and the moment it was shown', async () => {
    const shownAt = new Date('2026-05-04T16:03:10Z');
    const code = await codeFor(place('hub'), 'project', windowAt(shownAt.getTime()).window);
    expect(parseCheckinCode(qrText(code))).toEqual(code);
    const verdict = await judgeCheckinCode(
      new Uint8Array(32).map((_, i) => i * 7 + 3),
      code,
      shownAt,
    );
    expect(verdict).toMatchObject({ ok: true, purpose: 'project' });
  });

  it('changes with the window and with the purpose', async () => {
    const hub = place('hub');
    const visit = await codeFor(hub, 'visit', 100);
    expect((await codeFor(hub, 'visit', 101)).digits).not.toBe(visit.digits);
    expect((await codeFor(hub, 'project', 100)).digits).not.toBe(visit.digits);
  });

  it('counts down to the next window', () => {
    const start = 12_345 * CHECKIN_WINDOW_MS;
    expect(windowAt(start)).toEqual({ window: 12_345, msLeft: CHECKIN_WINDOW_MS });
    expect(windowAt(start + CHECKIN_WINDOW_MS - 1)).toEqual({ window: 12_345, msLeft: 1 });
    expect(windowAt(start + CHECKIN_WINDOW_MS).window).toBe(12_346);
  });

  it('offers micro-project meetings at hubs only', () => {
    expect(purposesOf(place('hub'))).toEqual(['visit', 'project']);
    expect(purposesOf(place('offer'))).toEqual(['visit']);
  });
});
