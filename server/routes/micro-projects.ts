import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { unwrap } from '../errors';
import { ownHub } from './hubs';
import { HubFundingSchema, IdeaDecisionSchema, MilestoneReportSchema, ProjectInputSchema, RoundInputSchema } from '$shared/micro-projects';
import { IdSchema } from '$shared/validation';

const HubParam = v.object({ id: IdSchema('field_hub_id') });
const HubRoundParam = v.object({ id: IdSchema('field_hub_id'), roundId: IdSchema('field_round_id') });
const RoundParam = v.object({ roundId: IdSchema('field_round_id') });
const IdeaParam = v.object({ ideaId: IdSchema('field_idea_id') });
const ProjectParam = v.object({ projectId: IdSchema('field_project_id') });
const MilestoneParam = v.object({
  projectId: IdSchema('field_project_id'),
  idx: v.pipe(v.string('field_milestone'), v.regex(/^\d{1,2}$/, 'field_milestone'), v.transform(Number)),
});
const PublicRoundParam = v.object({ id: IdSchema('field_round_id') });

/** The city funds a hub's budget for micro-projects and plans its rounds. */
export const cityMicroProjectRoutes = new Hono<AppEnv>()
  .get('/:id/budget', allow(['city_admin']), valid('param', HubParam), async (c) => {
    return c.json(await c.get('services').microProjects.budgetWithFundings(c.req.valid('param').id));
  })
  .post('/:id/budget/fund', allow(['city_admin']), valid('param', HubParam), jsonBody(HubFundingSchema), async (c) => {
    const { microProjects } = c.get('services');
    const id = c.req.valid('param').id;
    const { replayed } = unwrap(await microProjects.fund(id, c.req.valid('json'), signedIn(c).id));
    return c.json(await microProjects.budgetWithFundings(id), replayed ? 200 : 201);
  })
  .get('/:id/rounds', allow(['city_admin']), valid('param', HubParam), async (c) => {
    return c.json({ rounds: await c.get('services').microProjects.rounds(c.req.valid('param').id) });
  })
  .post('/:id/rounds', allow(['city_admin']), valid('param', HubParam), jsonBody(RoundInputSchema), async (c) => {
    const { round } = unwrap(
      await c.get('services').microProjects.createRound(c.req.valid('param').id, c.req.valid('json'), signedIn(c).id),
    );
    return c.json({ round }, 201);
  })
  .put('/:id/rounds/:roundId', allow(['city_admin']), valid('param', HubRoundParam), jsonBody(RoundInputSchema), async (c) => {
    const { id, roundId } = c.req.valid('param');
    const { round } = unwrap(await c.get('services').microProjects.updateRound(id, roundId, c.req.valid('json'), signedIn(c).id));
    return c.json({ round });
  });

/** A hub's operator reads the hub's budget and plans its rounds. */
export const hubMicroProjectRoutes = new Hono<AppEnv>()
  .get('/budget', allow(['hub_operator']), async (c) => c.json(await c.get('services').microProjects.budgetWithFundings(ownHub(c))))
  .get('/rounds', allow(['hub_operator']), async (c) => c.json({ rounds: await c.get('services').microProjects.rounds(ownHub(c)) }))
  .get('/providers', allow(['hub_operator']), async (c) => c.json({ providers: await c.get('services').microProjects.providers() }))
  .post('/rounds', allow(['hub_operator']), jsonBody(RoundInputSchema), async (c) => {
    const { round } = unwrap(await c.get('services').microProjects.createRound(ownHub(c), c.req.valid('json'), signedIn(c).id));
    return c.json({ round }, 201);
  })
  .put('/rounds/:roundId', allow(['hub_operator']), valid('param', RoundParam), jsonBody(RoundInputSchema), async (c) => {
    const { round } = unwrap(
      await c.get('services').microProjects.updateRound(ownHub(c), c.req.valid('param').roundId, c.req.valid('json'), signedIn(c).id),
    );
    return c.json({ round });
  })
  // Co-design: the ideas young people sent, moderated and shaped into the projects on the ballot.
  .get('/rounds/:roundId/ideas', allow(['hub_operator']), valid('param', RoundParam), async (c) => {
    const { ideas } = unwrap(await c.get('services').microProjects.ideas(ownHub(c), c.req.valid('param').roundId));
    return c.json({ ideas });
  })
  .put('/ideas/:ideaId', allow(['hub_operator']), valid('param', IdeaParam), jsonBody(IdeaDecisionSchema), async (c) => {
    unwrap(await c.get('services').microProjects.decideIdea(ownHub(c), c.req.valid('param').ideaId, c.req.valid('json'), signedIn(c).id));
    return c.json({ decided: true });
  })
  .get('/rounds/:roundId/projects', allow(['hub_operator']), valid('param', RoundParam), async (c) => {
    const { projects } = unwrap(await c.get('services').microProjects.projects(ownHub(c), c.req.valid('param').roundId));
    return c.json({ projects });
  })
  .post('/rounds/:roundId/projects', allow(['hub_operator']), valid('param', RoundParam), jsonBody(ProjectInputSchema), async (c) => {
    const target = { roundId: c.req.valid('param').roundId };
    const { id } = unwrap(await c.get('services').microProjects.saveProject(ownHub(c), target, c.req.valid('json'), signedIn(c).id));
    return c.json({ id }, 201);
  })
  .put('/projects/:projectId', allow(['hub_operator']), valid('param', ProjectParam), jsonBody(ProjectInputSchema), async (c) => {
    const target = { projectId: c.req.valid('param').projectId };
    const { id } = unwrap(await c.get('services').microProjects.saveProject(ownHub(c), target, c.req.valid('json'), signedIn(c).id));
    return c.json({ id });
  })
  // Delivery: the winners funded from the hub's budget, each milestone paid as the hub confirms it.
  .post('/rounds/:roundId/fund', allow(['hub_operator']), valid('param', RoundParam), jsonBody(v.object({})), async (c) => {
    const { funded } = unwrap(await c.get('services').microProjects.fundWinners(ownHub(c), c.req.valid('param').roundId, signedIn(c).id));
    return c.json({ funded });
  })
  .post(
    '/projects/:projectId/milestones/:idx/confirm',
    allow(['hub_operator']),
    valid('param', MilestoneParam),
    jsonBody(MilestoneReportSchema),
    async (c) => {
      const { projectId, idx } = c.req.valid('param');
      unwrap(await c.get('services').microProjects.confirmMilestone(ownHub(c), projectId, idx, c.req.valid('json').report, signedIn(c).id));
      return c.json({ confirmed: true });
    },
  )
  .post('/projects/:projectId/close', allow(['hub_operator']), valid('param', ProjectParam), jsonBody(v.object({})), async (c) => {
    unwrap(await c.get('services').microProjects.closeProject(ownHub(c), c.req.valid('param').projectId, signedIn(c).id));
    return c.json({ closed: true });
  })
  .post('/projects/:projectId/withdraw', allow(['hub_operator']), valid('param', ProjectParam), jsonBody(v.object({})), async (c) => {
    unwrap(await c.get('services').microProjects.withdrawProject(ownHub(c), c.req.valid('param').projectId, signedIn(c).id));
    return c.json({ withdrawn: true });
  });

/** A round's results, for anyone: why each project won or lost, and the ballots to recount in Pabulib's format. */
export const publicRoundRoutes = new Hono<AppEnv>()
  .get('/:id/results', allow(PUBLIC), valid('param', PublicRoundParam), async (c) => {
    return c.json(unwrap(await c.get('services').microProjects.results(c.req.valid('param').id)));
  })
  .get('/:id/pabulib', allow(PUBLIC), valid('param', PublicRoundParam), async (c) => {
    const { text } = unwrap(await c.get('services').microProjects.pabulib(c.req.valid('param').id));
    return c.body(text, 200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="round-${c.req.valid('param').id}.pb"`,
    });
  });
