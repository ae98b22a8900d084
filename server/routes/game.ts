import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { AppError, unwrap } from '../errors';
import { BADGE_KEYS, badgeSvg } from '$shared/badges';
import { MissionInputSchema } from '$shared/missions';
import { CREDENTIAL_CONTEXT, ed25519Multikey, MAX_PROOF_VALUE, type Credential } from '$shared/credential';
import { fromBase64Url } from '$shared/booking-code';
import { DecisionSchema, OpportunityInputSchema } from '$shared/opportunities';
import { IdSchema } from '$shared/validation';
import { LocaleSchema } from '$shared/locale';
import { translate } from '$shared/i18n/translate';
import { isoDateIn } from '$shared/dates';

const BadgeParam = v.object({ key: v.picklist(BADGE_KEYS, 'field_badge') });
const LangQuery = v.object({ lang: v.optional(LocaleSchema) });
/** A credential as anyone may paste it: checked for its shape here, for its proof by the service. */
const CredentialSchema = v.looseObject({
  '@context': v.array(v.string('field_credential'), 'field_credential'),
  proof: v.looseObject(
    {
      type: v.string('field_credential'),
      verificationMethod: v.pipe(v.string('field_credential'), v.maxLength(300, 'field_credential')),
      // An Ed25519 signature is 88 characters of base58: a longer one is not decoded at all.
      proofValue: v.pipe(v.string('field_credential'), v.maxLength(MAX_PROOF_VALUE, 'field_credential')),
    },
    'field_credential',
  ),
});

/** Where this server is reached (PUBLIC_URL when set): the credentials it signs name it as their issuer. */
function publicOrigin(c: Context<AppEnv>): string {
  const configured = c.get('config')?.publicUrl;
  if (configured) return configured;
  const url = new URL(c.req.url);
  if (c.get('config')?.trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto) url.protocol = `${proto}:`;
    if (host) url.host = host;
  }
  return url.origin;
}

/** Staff devices' check-in places, with the secrets they make codes from offline. */
export const checkinRoutes = new Hono<AppEnv>().get('/places', allow(['provider', 'hub_operator']), async (c) => {
  return c.json({ places: await c.get('services').game.staffPlaces(signedIn(c)) });
});

/** Missions as the city and hubs curate them (a hub's are its own, on top of the city's). */
export const missionRoutes = new Hono<AppEnv>()
  .get('/', allow(['city_admin', 'hub_operator']), async (c) => {
    const { game } = c.get('services');
    const [missions, hubs] = await Promise.all([game.listMissions(signedIn(c)), game.hubs()]);
    return c.json({ missions, hubs });
  })
  .post('/', allow(['city_admin', 'hub_operator']), jsonBody(MissionInputSchema), async (c) => {
    const input = c.req.valid('json');
    // Starting in the past, a mission would pay at once for what was done before anyone knew of it.
    if (input.startsOn < isoDateIn(c.get('services').clock.now()))
      throw new AppError('validation_failed', [{ path: 'startsOn', code: 'field_starts_on_past' }]);
    return c.json(await c.get('services').game.createMission(signedIn(c), input), 201);
  });

/** A youth's hub board (joining and leaving go through sync). */
export const gameRoutes = new Hono<AppEnv>().get('/board', allow(['youth']), async (c) => {
  return c.json({ board: await c.get('services').game.board(signedIn(c)) });
});

/** Open Badges 3.0: a youth's badge as a signed credential, and a verifier anyone may use. */
export const badgeRoutes = new Hono<AppEnv>()
  .get('/issuer', allow(PUBLIC), async (c) => {
    const origin = publicOrigin(c);
    const keys = await c.get('services').signer.publicKeys(c.get('services').db);
    const issuer = `${origin}/api/badges/issuer`;
    // A controlled identifier document (W3C CID): the keys as Multikeys, each allowed to assert credentials.
    const methods = keys.map((k) => ({
      id: `${issuer}#${k.id}`,
      type: 'Multikey',
      controller: issuer,
      publicKeyMultibase: ed25519Multikey(fromBase64Url(k.publicKey)!),
    }));
    return c.json({
      '@context': [...CREDENTIAL_CONTEXT, 'https://www.w3.org/ns/cid/v1'],
      id: issuer,
      type: ['Profile'],
      name: 'WISH MI — Comune di Milano',
      url: origin,
      verificationMethod: methods,
      assertionMethod: methods.map((m) => m.id),
    });
  })
  .get('/achievements/:key', allow(PUBLIC), valid('param', BadgeParam), valid('query', LangQuery), async (c) => {
    const { key } = c.req.valid('param');
    const locale = c.req.valid('query').lang ?? 'it';
    return c.json({
      '@context': CREDENTIAL_CONTEXT,
      id: `${publicOrigin(c)}/api/badges/achievements/${key}`,
      type: ['Achievement'],
      achievementType: 'Badge',
      name: translate(`badge_${key}_name`, locale),
      description: translate(`badge_${key}_story`, locale),
      criteria: { narrative: translate(`badge_${key}_criteria`, locale) },
      image: { id: `data:image/svg+xml;base64,${Buffer.from(badgeSvg(key)).toString('base64')}`, type: 'Image' },
    });
  })
  .get('/:key/credential', allow(['youth']), valid('param', BadgeParam), valid('query', LangQuery), async (c) => {
    const user = signedIn(c);
    const credential = await c
      .get('services')
      .game.credential(user, c.req.valid('param').key, publicOrigin(c), c.req.valid('query').lang ?? user.me.language);
    if (!credential) throw new AppError('badge_not_earned');
    c.header('Content-Disposition', `attachment; filename="wishmi-badge-${c.req.valid('param').key}.json"`);
    return c.json(credential);
  })
  .post('/verify', allow(PUBLIC), jsonBody(CredentialSchema), async (c) => {
    return c.json(await c.get('services').game.verify(c.req.valid('json') as unknown as Credential, publicOrigin(c)));
  });

const OpportunityParam = v.object({ id: IdSchema('field_opportunity_id') });

/** A hub's opportunities: youth proposals to list or refuse, and the hub's own rewards (proposing, taking, confirming and cancelling go through sync). */
export const hubOpportunityRoutes = new Hono<AppEnv>()
  .get('/', allow(['hub_operator']), async (c) => {
    const hubId = signedIn(c).me.hub?.id;
    if (!hubId) throw new AppError('forbidden');
    return c.json({ opportunities: await c.get('services').opportunities.forHub(hubId) });
  })
  .post('/', allow(['hub_operator']), jsonBody(OpportunityInputSchema), async (c) => {
    return c.json(unwrap(await c.get('services').opportunities.createReward(signedIn(c), c.req.valid('json'))), 201);
  })
  .post('/:id/decide', allow(['hub_operator']), valid('param', OpportunityParam), jsonBody(DecisionSchema), async (c) => {
    return c.json(unwrap(await c.get('services').opportunities.decide(signedIn(c), c.req.valid('param').id, c.req.valid('json'))));
  })
  .post('/:id/withdraw', allow(['hub_operator']), valid('param', OpportunityParam), jsonBody(v.optional(v.object({}))), async (c) => {
    const { db, opportunities } = c.get('services');
    const user = signedIn(c);
    const outcome = await db.transaction((tx) => opportunities.withdraw(tx, user, c.req.valid('param').id));
    if (!outcome.ok) throw new AppError(outcome.code);
    return c.json({ ok: true });
  });
