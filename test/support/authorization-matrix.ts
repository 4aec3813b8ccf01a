import { APPEAL_DECIDERS, APPEAL_FILERS, APPEAL_READERS } from '../../src/app/appeals.ts';
import {
  REWARD_APPROVERS,
  REWARD_DOCUMENT_READERS,
  REWARD_NOMINATORS,
  REWARD_READERS,
  REWARD_REVIEWERS,
  REWARD_SCHEME_EDITORS,
} from '../../src/app/rewards.ts';
import type { Role } from '../../src/core/auth/roles.ts';
import { INTAKE_ROLES } from '../../src/core/auth/roles.ts';
import { DEMO_CAMPAIGN_FILE } from '../../src/files/campaign-file.ts';
import { readSchemeFile } from '../../src/files/reward-scheme-file.ts';
import type { AppContext } from '../../src/server/context.ts';
import { fileAppeal } from '../../src/store/appeal-store.ts';
import { proposeNomination, saveRewardScheme } from '../../src/store/reward-store.ts';
import { addWebhook } from '../../src/store/webhook-store.ts';
import { form } from './intake.ts';

/**
 * The rows of the authorization matrix (test/server/authorization-matrix.api.test.ts): every route
 * registered with `config.auth`, who may call it, and how its scope is judged. A branch that adds
 * a write route or a scoped read adds its row here; the test fails while a registered route has
 * none. Units: the caller's scope is Quận 1 (`760`) "in scope", Thủ Đức (`769`) "out of scope",
 * or the city (`79`); a row's request names a unit of Quận 1 (Phường Bến Nghé, `26740`), so the
 * out-of-scope caller is refused where the route judges scope by unit.
 *
 * Bodies are chosen to pass the checks that come before the scope check and to fail, where they
 * can, a check that comes after it (a 400/415/422 counts as "let through"), so the matrix writes
 * as little as possible.
 */

/** How a route judges the caller's scope once the role fits. */
export type ScopeRule =
  /** Only a role over the whole city (the campaign, replay and audit routes). */
  | 'city'
  /** The unit the request names must lie within the caller's scope: 403 outside it. */
  | 'unit'
  /** Any scope is let through; what it reaches is cut to the scope (intake rows refused per row, lists filtered, others' jobs 404). */
  | 'rows'
  /**
   * The caller's scope must BE the unit the request's record is granted by (reward review, approval:
   * docs/rewards.md), judged by the handler, not the route; the row's record is granted by the city,
   * so only the city scope is let through.
   */
  | 'granting';

export interface World {
  ctx: AppContext;
  /** A user the admin routes act on: a committee member of Quận 1. */
  userInQ1: string;
}

export interface MatrixRequest {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface MatrixRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as the server registers it (Fastify's pattern): the test matches these against the server's own list. */
  route: string;
  /** The request; called once per cell, so it may make what it acts on (an allowed revoke uses it up). */
  request: (world: World) => MatrixRequest | Promise<MatrixRequest>;
  allowed: readonly Role[];
  scope: ScopeRule;
  /** Only the refusals are checked: a caller let through would get a stream that never ends (the alert stream). */
  refusalsOnly?: boolean;
}

const Q1_WARD = '26740';
const ANALYSTS: readonly Role[] = ['analyst', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const EVERYONE: readonly Role[] = ['viewer', 'data_officer', 'analyst', 'committee', 'reward_officer', 'admin'];
const json = (url: string, payload: unknown): MatrixRequest => ({ url, payload });

/** A risk factor of Phường Bến Nghé to revoke, fresh for each cell (an allowed revoke uses it up). */
async function freshRiskFactor(world: World): Promise<number> {
  return (
    await world.ctx.risk.addRiskFactor(
      { unit: Q1_WARD, type: 'uncontrolled_source', from: '2021-07-01', to: '2021-07-02', value: null, note: 'matrix' },
      'matrix',
    )
  ).id;
}

async function freshOverride(world: World): Promise<number> {
  const input = { unit: Q1_WARD, rulebook: 'vn-2686', state: 'risk', from: '2021-07-01', until: '2021-07-02', justification: 'matrix' };
  return (await world.ctx.risk.addOverride(input, 'matrix')).id;
}

export const MATRIX: MatrixRow[] = [
  // Analyst inputs: the unit named must be within the analyst's scope. Bodies end in a 422 after the scope check.
  {
    method: 'POST',
    route: '/api/v1/risk-factors',
    request: () => json('/api/v1/risk-factors', { unit: Q1_WARD, type: 'uncontrolled_source', from: '2021-07-10', to: '2021-07-01', note: 'to before from' }),
    allowed: ANALYSTS,
    scope: 'unit',
  },
  {
    method: 'POST',
    route: '/api/v1/overrides',
    request: () =>
      json('/api/v1/overrides', { unit: Q1_WARD, rulebook: 'vn-9999', state: 'risk', from: '2021-07-10', until: null, justification: 'no such rulebook' }),
    allowed: ANALYSTS,
    scope: 'unit',
  },
  {
    method: 'DELETE',
    route: '/api/v1/risk-factors/:id',
    request: async (w) => ({ url: `/api/v1/risk-factors/${await freshRiskFactor(w)}` }),
    allowed: ANALYSTS,
    scope: 'unit',
  },
  {
    method: 'DELETE',
    route: '/api/v1/overrides/:id',
    request: async (w) => ({ url: `/api/v1/overrides/${await freshOverride(w)}` }),
    allowed: ANALYSTS,
    scope: 'unit',
  },
  // Whole-city work: checked before the body, so an empty body is refused (400) only once let through.
  { method: 'GET', route: '/api/v1/audit', request: () => ({ url: '/api/v1/audit?limit=1' }), allowed: ADMIN, scope: 'city' },
  { method: 'POST', route: '/api/v1/campaigns', request: () => json('/api/v1/campaigns', {}), allowed: ADMIN, scope: 'city' },
  { method: 'PUT', route: '/api/v1/campaigns/:id', request: () => json('/api/v1/campaigns/test-2021', {}), allowed: ADMIN, scope: 'city' },
  {
    method: 'POST',
    route: '/api/v1/campaigns/:id/cuts/:group/:date/corrections',
    request: () => json('/api/v1/campaigns/test-2021/cuts/ward/2021-07-10/corrections', {}),
    allowed: ADMIN,
    scope: 'city',
  },
  { method: 'POST', route: '/api/v1/replay', request: () => json('/api/v1/replay', {}), allowed: ADMIN, scope: 'city' },
  // A committee's dashboard: any role, the unit within its scope.
  { method: 'GET', route: '/api/v1/dashboard/:code', request: () => ({ url: `/api/v1/dashboard/${Q1_WARD}` }), allowed: EVERYONE, scope: 'unit' },
  // Appeals (docs/appeals.md): the appeal's unit within the caller's scope. Fields are checked before the scope, so bodies are valid.
  {
    method: 'POST',
    route: '/api/v1/appeals',
    request: () => json('/api/v1/appeals', { unit: Q1_WARD, date: '2021-07-10', reason: 'matrix: the colour is contested' }),
    allowed: APPEAL_FILERS,
    scope: 'unit',
  },
  { method: 'GET', route: '/api/v1/appeals', request: () => ({ url: '/api/v1/appeals' }), allowed: APPEAL_READERS, scope: 'rows' },
  {
    method: 'GET',
    route: '/api/v1/appeals/:id',
    request: async (w) => ({ url: `/api/v1/appeals/${await freshAppeal(w)}` }),
    allowed: APPEAL_READERS,
    scope: 'unit',
  },
  {
    method: 'GET',
    route: '/api/v1/appeals/:id/attachments/:n',
    request: async (w) => ({ url: `/api/v1/appeals/${await freshAppeal(w)}/attachments/1` }),
    allowed: APPEAL_READERS,
    scope: 'unit',
  },
  {
    method: 'POST',
    route: '/api/v1/appeals/:id/decision',
    request: async (w) => json(`/api/v1/appeals/${await freshAppeal(w)}/decision`, { decision: 'rejected', reason: 'matrix: the colour stands' }),
    allowed: APPEAL_DECIDERS,
    scope: 'unit',
  },
  // Alerts (docs/alerts.md): any member reads the inbox of their scopes; an alert of another unit is 403.
  { method: 'GET', route: '/api/v1/alerts', request: () => ({ url: '/api/v1/alerts' }), allowed: EVERYONE, scope: 'rows' },
  ...(['read', 'ack'] as const).map((step): MatrixRow => ({
    method: 'POST',
    route: `/api/v1/alerts/:id/${step}`,
    request: async (w) => ({ url: `/api/v1/alerts/${await freshAlert(w)}/${step}` }),
    allowed: EVERYONE,
    scope: 'unit',
  })),
  { method: 'GET', route: '/api/v1/alerts/stream', request: () => ({ url: '/api/v1/alerts/stream' }), allowed: EVERYONE, scope: 'rows', refusalsOnly: true },
  // Webhooks: admins, within their scope.
  { method: 'GET', route: '/api/v1/webhooks', request: () => ({ url: '/api/v1/webhooks' }), allowed: ADMIN, scope: 'rows' },
  {
    method: 'POST',
    route: '/api/v1/webhooks',
    request: () => json('/api/v1/webhooks', { url: 'http://127.0.0.1:9/matrix', scope: Q1_WARD }),
    allowed: ADMIN,
    scope: 'unit',
  },
  {
    method: 'DELETE',
    route: '/api/v1/webhooks/:id',
    request: async (w) => ({ url: `/api/v1/webhooks/${await freshWebhook(w)}` }),
    allowed: ADMIN,
    scope: 'unit',
  },
  {
    method: 'GET',
    route: '/api/v1/webhooks/:id/deliveries',
    request: async (w) => ({ url: `/api/v1/webhooks/${await freshWebhook(w)}/deliveries` }),
    allowed: ADMIN,
    scope: 'unit',
  },
  // A ward's own khu phố/ấp list: JSON instead of a form is refused (415) after the scope check.
  {
    method: 'POST',
    route: '/api/v1/units/:code/neighbourhoods',
    request: () => json(`/api/v1/units/${Q1_WARD}/neighbourhoods`, {}),
    allowed: ['committee', 'admin'],
    scope: 'unit',
  },
  // Intake: every row is judged against the sender's scope, so no scope is refused whole.
  ...(['cases', 'tests', 'counts'] as const).map((kind): MatrixRow => ({
    method: 'POST',
    route: `/api/v1/${kind}`,
    request: () => json(`/api/v1/${kind}`, []),
    allowed: INTAKE_ROLES,
    scope: 'rows',
  })),
  {
    method: 'POST',
    route: '/api/v1/imports',
    request: async () => {
      const { payload, headers } = await form({ kind: 'cases' });
      return { url: '/api/v1/imports', payload, headers };
    },
    allowed: INTAKE_ROLES,
    scope: 'rows',
  },
  { method: 'GET', route: '/api/v1/imports/:id', request: () => ({ url: '/api/v1/imports/no-such-job' }), allowed: INTAKE_ROLES, scope: 'rows' },
  {
    method: 'GET',
    route: '/api/v1/imports/:id/rejects.csv',
    request: () => ({ url: '/api/v1/imports/no-such-job/rejects.csv' }),
    allowed: INTAKE_ROLES,
    scope: 'rows',
  },
  { method: 'GET', route: '/api/v1/rejects', request: () => ({ url: '/api/v1/rejects' }), allowed: INTAKE_ROLES, scope: 'rows' },
  { method: 'POST', route: '/api/v1/rejects/:id/resubmit', request: () => json('/api/v1/rejects/999999/resubmit', {}), allowed: INTAKE_ROLES, scope: 'rows' },
  // Users: an admin lists the users within its scope, and grants and manages only within it. Bodies end in a 400 after the scope check.
  { method: 'GET', route: '/api/v1/users', request: () => ({ url: '/api/v1/users' }), allowed: ADMIN, scope: 'rows' },
  {
    method: 'POST',
    route: '/api/v1/users',
    request: () => json('/api/v1/users', { name: 'matrix-new', role: 'viewer', scope: Q1_WARD, password: 'short' }),
    allowed: ADMIN,
    scope: 'unit',
  },
  { method: 'PATCH', route: '/api/v1/users/:name', request: (w) => json(`/api/v1/users/${w.userInQ1}`, { password: 'short' }), allowed: ADMIN, scope: 'unit' },
  { method: 'DELETE', route: '/api/v1/users/:name/sessions', request: (w) => ({ url: `/api/v1/users/${w.userInQ1}/sessions` }), allowed: ADMIN, scope: 'unit' },
  // Rewards (docs/rewards.md). A nomination of Bến Nghé for the district form is granted by Quận 1 (760): readers
  // judge it by its unit or granting unit ('unit'). Review, approval, supersession and publication are for the
  // granting unit's own Board or Committee: a nomination or decision of the city form (granted by 79) makes
  // them city-only. Bodies pass the scope check and fail a later one where they can.
  {
    method: 'PUT',
    route: '/api/v1/campaigns/:id/reward-scheme',
    request: () => json(`/api/v1/campaigns/${MATRIX_CAMPAIGN}/reward-scheme`, {}),
    allowed: REWARD_SCHEME_EDITORS,
    scope: 'city',
  },
  {
    method: 'POST',
    route: '/api/v1/campaigns/:id/nominations',
    request: async (w) => {
      await matrixScheme(w);
      return json(`/api/v1/campaigns/${MATRIX_CAMPAIGN}/nominations`, {
        subject: 'collective',
        unit: Q1_WARD,
        form: 'no-such-form',
        criterion: 'giu-vung-xanh',
      });
    },
    allowed: REWARD_NOMINATORS,
    scope: 'unit',
  },
  {
    method: 'GET',
    route: '/api/v1/campaigns/:id/nominations',
    request: async (w) => {
      await matrixScheme(w);
      return { url: `/api/v1/campaigns/${MATRIX_CAMPAIGN}/nominations` };
    },
    allowed: REWARD_READERS,
    scope: 'rows',
  },
  {
    method: 'GET',
    route: '/api/v1/nominations/:n',
    request: async (w) => ({ url: `/api/v1/nominations/${await freshNomination(w, 'district')}` }),
    allowed: REWARD_READERS,
    scope: 'unit',
  },
  {
    method: 'GET',
    route: '/api/v1/nominations/:n/attachments/:k',
    request: async (w) => ({ url: `/api/v1/nominations/${await freshNomination(w, 'district')}/attachments/1` }),
    allowed: REWARD_READERS,
    scope: 'unit',
  },
  {
    method: 'PATCH',
    route: '/api/v1/nominations/:n',
    request: async (w) => json(`/api/v1/nominations/${await freshNomination(w, 'district')}`, { unit: Q1_WARD }),
    allowed: REWARD_NOMINATORS,
    scope: 'unit',
  },
  {
    method: 'POST',
    route: '/api/v1/nominations/:n/withdraw',
    request: async (w) => json(`/api/v1/nominations/${await freshNomination(w, 'district')}/withdraw`, {}),
    allowed: REWARD_NOMINATORS,
    scope: 'unit',
  },
  {
    method: 'POST',
    route: '/api/v1/nominations/:n/review',
    request: async (w) => json(`/api/v1/nominations/${await freshNomination(w, 'city')}/review`, { decision: 'return' }),
    allowed: REWARD_REVIEWERS,
    scope: 'granting',
  },
  {
    method: 'POST',
    route: '/api/v1/campaigns/:id/reward-decisions',
    request: () =>
      json(`/api/v1/campaigns/${MATRIX_CAMPAIGN}/reward-decisions`, {
        form: 'bang-khen-chu-tich-ubnd-tp',
        grantingUnit: '79',
        number: '',
        date: '2021-07-10',
        signer: { name: 'ma trận', title: 'CHỦ TỊCH' },
        nominations: [1],
      }),
    allowed: REWARD_APPROVERS,
    scope: 'granting',
  },
  {
    method: 'GET',
    route: '/api/v1/reward-decisions/:id',
    request: async (w) => ({ url: `/api/v1/reward-decisions/${await freshDecision(w, '760')}` }),
    allowed: REWARD_READERS,
    scope: 'unit',
  },
  ...(['PATCH', 'PUT'] as const).map((method): MatrixRow => ({
    method,
    route: '/api/v1/reward-decisions/:id',
    request: async (w) => json(`/api/v1/reward-decisions/${await freshDecision(w, '760')}`, {}),
    allowed: REWARD_APPROVERS,
    scope: 'unit',
  })),
  {
    method: 'POST',
    route: '/api/v1/reward-decisions/:id/supersede',
    request: async (w) =>
      json(`/api/v1/reward-decisions/${await freshDecision(w, '79')}/supersede`, {
        reason: 'short',
        number: '1/QĐ-UBND',
        date: '2021-07-10',
        signer: { name: 'ma trận', title: 'CHỦ TỊCH' },
        nominations: [1],
      }),
    allowed: REWARD_APPROVERS,
    scope: 'granting',
  },
  {
    method: 'POST',
    route: '/api/v1/reward-decisions/:id/publish',
    request: async (w) => json(`/api/v1/reward-decisions/${await freshDecision(w, '79')}/publish`, {}),
    allowed: REWARD_APPROVERS,
    scope: 'granting',
  },
  // Documents: the granting unit (Quận 1) within the caller's scope. A decision with no recipient has no certificates (404 once let through).
  ...(['docx', 'xlsx'] as const).map((format): MatrixRow => ({
    method: 'GET',
    route: `/api/v1/campaigns/:id/reward-submission.${format}`,
    request: async (w) => {
      await matrixScheme(w);
      return { url: `/api/v1/campaigns/${MATRIX_CAMPAIGN}/reward-submission.${format}?form=giay-khen-chu-tich-ubnd-quan&grantingUnit=760` };
    },
    allowed: REWARD_DOCUMENT_READERS,
    scope: 'unit',
  })),
  ...['decision.docx', 'list.xlsx', 'certificates.pdf', 'certificates/:n.pdf'].map((file): MatrixRow => ({
    method: 'GET',
    route: `/api/v1/reward-decisions/:id/${file}`,
    request: async (w) => {
      await matrixScheme(w);
      return { url: `/api/v1/reward-decisions/${await freshDecision(w, '760')}/${file.replace(':n', '1')}` };
    },
    allowed: REWARD_DOCUMENT_READERS,
    scope: 'unit',
  })),
];

/** The matrix's campaign (test/support/campaign-fixture.ts), given the demo's reward scheme once. */
const MATRIX_CAMPAIGN = 'test-2021';
async function matrixScheme(world: World): Promise<void> {
  const scheme = readSchemeFile(DEMO_CAMPAIGN_FILE.replace(/\.json$/, '.rewards.json'));
  await saveRewardScheme(world.ctx.store.db, MATRIX_CAMPAIGN, scheme, { actor: 'matrix', channel: 'test' }, { onlyIfNone: true });
}

/** A proposed nomination of Phường Bến Nghé, for the district form (granted by Quận 1) or the city form (granted by the city), fresh for each cell. */
async function freshNomination(world: World, tier: 'district' | 'city'): Promise<number> {
  await matrixScheme(world);
  const made = await proposeNomination(
    world.ctx.store.db,
    {
      campaign: MATRIX_CAMPAIGN,
      schemeVersion: 1,
      subject: 'collective',
      unit: Q1_WARD,
      form: tier === 'city' ? 'bang-khen-chu-tich-ubnd-tp' : 'giay-khen-chu-tich-ubnd-quan',
      grantingUnit: tier === 'city' ? '79' : '760',
      criterion: 'giu-vung-xanh',
      facts: {},
      person: null,
      summary: '',
    },
    [],
    { actor: 'matrix', party: { role: 'committee', unit: '760' } },
  );
  // A second live nomination of the same unit and form is refused: take the earlier one's place by withdrawing it.
  if ('duplicate' in made) {
    await world.ctx.store.db.updateTable('nominations').set({ status: 'withdrawn' }).where('id', '=', made.duplicate).execute();
    return freshNomination(world, tier);
  }
  return made.nomination.number;
}

/** An approved decision (with no nominations) granted by `granting`, fresh for each cell (an allowed publication uses it up). */
async function freshDecision(world: World, granting: string): Promise<number> {
  const row = await world.ctx.store.db
    .insertInto('reward_decisions')
    .values({
      campaign_id: MATRIX_CAMPAIGN,
      form_id: granting === '79' ? 'bang-khen-chu-tich-ubnd-tp' : 'giay-khen-chu-tich-ubnd-quan',
      granting_unit: granting,
      number: '1/QĐ-UBND',
      date: '2021-07-10',
      signer_name: 'ma trận',
      signer_title: 'CHỦ TỊCH',
      status: 'approved',
      supersedes: null,
      superseded_by: null,
      superseded_reason: null,
      created_by: 'matrix',
      created_role: 'committee',
      created_scope: granting,
      created_at: '2021-07-10T03:00:00Z',
      published_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** An alert about Phường Bến Nghé, fresh for each cell (an acknowledgement is once per alert). */
async function freshAlert(world: World): Promise<number> {
  const row = await world.ctx.store.db
    .insertInto('alerts')
    .values({
      key: `matrix:${Math.random().toString(36).slice(2)}`,
      rule: 'matrix',
      kind: 'level_rose',
      severity: 'warning',
      unit_code: Q1_WARD,
      unit_path: `/79/760/${Q1_WARD}/`,
      date: '2021-07-18',
      level: 2,
      message_vi: 'ma trận',
      message_en: 'matrix',
      detail: '{}',
      audience: null,
      raised_at: '2021-07-18T03:00:00Z',
      acked_by: null,
      acked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A webhook for Phường Bến Nghé, fresh for each cell (an allowed delete uses it up). */
async function freshWebhook(world: World): Promise<number> {
  return (await addWebhook(world.ctx.store.db, { url: 'http://127.0.0.1:9/matrix', scope: Q1_WARD, rules: null, secret: 'matrix' }, 'matrix', 'test')).id;
}

/** An open appeal of Phường Bến Nghé, fresh for each cell (an allowed decision uses it up). */
async function freshAppeal(world: World): Promise<number> {
  const input = { unit: Q1_WARD, date: '2021-07-10', rulebook: 'vn-2686', contestedLevel: 1, requestedLevel: 0, reason: 'matrix' };
  return (await fileAppeal(world.ctx.store.db, input, [], { actor: 'matrix', party: { role: 'committee', unit: '760' } })).number;
}

/** Scoped reads open to everyone: members whose scope holds the unit read exact figures, everyone else bands (docs/small-numbers.md). */
export interface FiguresRow {
  url: string;
  /** Whose figures are exact: a member whose scope holds the unit, or only a city-wide member (lists over the whole city). */
  exactFor: 'unit' | 'city';
  /** Whether an answer holds exact figures (false: banded). */
  exact(body: unknown): boolean;
}

/** A khu phố of Quận 1 with three cases today: "1–4" to the public. */
export const Q1_NEIGHBOURHOOD = '26734-1';

const isNumber = (v: unknown) => typeof v === 'number';
/** A reason's case count is exact (a number) or a band ("1–4"); dates and thresholds stay exact either way. */
const countIsExact = (reasons: Array<{ figures: Record<string, unknown> }>) => {
  const counted = reasons.find((r) => 'count' in r.figures);
  if (!counted) throw new Error('no reason counts cases: the fixture should give the khu phố some');
  return isNumber(counted.figures.count);
};

export const FIGURES: FiguresRow[] = [
  {
    url: `/api/v1/cases/daily/${Q1_NEIGHBOURHOOD}?from=2021-07-18&to=2021-07-18`,
    exactFor: 'unit',
    exact: (b) => isNumber((b as { days: Array<{ community: unknown }> }).days[0].community),
  },
  {
    url: `/api/v1/units/${Q1_NEIGHBOURHOOD}`,
    exactFor: 'unit',
    exact: (b) => countIsExact((b as { assessment: { reasons: Array<{ figures: Record<string, unknown> }> } }).assessment.reasons),
  },
  {
    url: `/api/v1/assessments/${Q1_NEIGHBOURHOOD}?from=2021-07-18&to=2021-07-18`,
    exactFor: 'unit',
    exact: (b) => countIsExact((b as { assessments: Array<{ reasons: Array<{ figures: Record<string, unknown> }> }> }).assessments[0].reasons),
  },
  {
    url: '/api/v1/cases/window?date=2021-07-18',
    exactFor: 'city',
    exact: (b) => isNumber((b as { cases: Record<string, unknown> }).cases[Q1_NEIGHBOURHOOD]),
  },
];

/**
 * Writes for a signed-in browser only, outside `config.auth`: signing out. No token signs anyone
 * out (401 for every role); a session needs its CSRF token (session.api.test.ts).
 */
export const SESSION_ONLY: Array<{ method: 'DELETE'; url: string }> = [
  { method: 'DELETE', url: '/api/v1/session' },
  { method: 'DELETE', url: '/api/v1/sessions' },
];
