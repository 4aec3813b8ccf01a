import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * An emulation campaign (phong trào thi đua) as data: who competes (unit kinds), over which
 * instants, under which rulebook, towards which goal, how rows are ordered, and the local time
 * of the daily official cut.
 */

/**
 * The keys standings can be ordered by; each has a fixed direction (see scoring.ts). This order is
 * the default: current state (greener first), then reduction, earlier first-green, more days green,
 * fewer cases per 100,000.
 */
export const SCORING_KEYS = ['current', 'reduction', 'firstGreen', 'daysGreen', 'casesPer100k'] as const;
export type ScoringKey = (typeof SCORING_KEYS)[number];

const MAX_DAYS = 366;

const INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$';

export const CampaignInputSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'stable slug, e.g. hcmc-2021-vung-xanh' }),
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Vietnamese name' }),
    nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    start: Type.String({ pattern: INSTANT, description: 'ISO 8601 instant with offset, e.g. 2021-07-09T00:00:00+07:00' }),
    end: Type.String({ pattern: INSTANT, description: 'exclusive end instant, e.g. 2021-07-24T00:00:00+07:00 for "to the end of 23 July"' }),
    groups: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 10, description: 'competing unit kinds' }),
    rulebook: Type.String({ minLength: 1, maxLength: 60 }),
    goal: Type.Optional(
      Type.Object(
        {
          state: Type.Integer({ minimum: 0, description: 'a unit meets the goal at this state index or greener (0 = green)' }),
          share: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'share of units that must meet it (1 = all)' }),
          kind: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'kind of unit the goal counts; default the first group' })),
        },
        { additionalProperties: false },
      ),
    ),
    scoring: Type.Optional(Type.Array(Type.Union(SCORING_KEYS.map((k) => Type.Literal(k))), { minItems: 1, maxItems: SCORING_KEYS.length })),
    cutTime: Type.Optional(Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'local time of the daily official cut, HH:MM (default 18:00)' })),
    rewards: Type.Optional(
      Type.Object(
        {
          reachedGreen: Type.Boolean({ description: 'units that turned green, ranked by speed' }),
          heldGreen: Type.Boolean({ description: 'units green from start to now' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, $id: 'CampaignInput' },
);
export type CampaignInput = Static<typeof CampaignInputSchema>;

export interface Campaign {
  id: string;
  name: string;
  nameEn: string | null;
  /** ISO UTC instants; `end` is exclusive. */
  start: string;
  end: string;
  groups: string[];
  rulebook: string;
  goal: { state: number; share: number; kind: string };
  scoring: ScoringKey[];
  cutTime: string;
  rewards: { reachedGreen: boolean; heldGreen: boolean };
}

export interface FieldError {
  field: string;
  message: string;
}

export class CampaignInvalid extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`chiến dịch không hợp lệ / invalid campaign: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  }
}

/** Checks a campaign as sent (API body, JSON file) and fills in the defaults; names every faulty field. */
export function validateCampaign(input: unknown): { ok: true; campaign: Campaign } | { ok: false; errors: FieldError[] } {
  if (!Value.Check(CampaignInputSchema, input)) {
    const errors = [...Value.Errors(CampaignInputSchema, input)].map((e) => ({ field: fieldOf(e.path) || '(root)', message: e.message }));
    return { ok: false, errors: dedupe(errors) };
  }
  const errors: FieldError[] = [];
  const start = Date.parse(input.start);
  const end = Date.parse(input.end);
  if (Number.isNaN(start)) errors.push({ field: 'start', message: 'is not a real instant' });
  if (Number.isNaN(end)) errors.push({ field: 'end', message: 'is not a real instant' });
  if (!Number.isNaN(start) && !Number.isNaN(end) && end <= start) errors.push({ field: 'end', message: 'must be after start' });
  // Standings keep a level per campaign day per unit; a year bounds that, and no campaign runs longer.
  if (end - start > MAX_DAYS * 86_400_000) errors.push({ field: 'end', message: `a campaign lasts at most ${MAX_DAYS} days` });
  if (new Set(input.groups).size !== input.groups.length) errors.push({ field: 'groups', message: 'lists a kind twice' });
  if (input.scoring && new Set(input.scoring).size !== input.scoring.length) errors.push({ field: 'scoring', message: 'lists a key twice' });
  if (errors.length) return { ok: false, errors };
  // Keys the campaign leaves out still break ties, after its own, in the default order.
  const scoring = [...(input.scoring ?? []), ...SCORING_KEYS.filter((k) => !input.scoring?.includes(k))];
  return {
    ok: true,
    campaign: {
      id: input.id,
      name: input.name,
      nameEn: input.nameEn ?? null,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      groups: [...input.groups],
      rulebook: input.rulebook,
      goal: { state: input.goal?.state ?? 0, share: input.goal?.share ?? 1, kind: input.goal?.kind ?? input.groups[0] },
      scoring,
      cutTime: input.cutTime ?? '18:00',
      rewards: { reachedGreen: input.rewards?.reachedGreen ?? true, heldGreen: input.rewards?.heldGreen ?? true },
    },
  };
}

/** The input form of a campaign (what a file, the API and the store hold); validating it gives the campaign back. */
export function campaignInput(campaign: Campaign): CampaignInput {
  const { nameEn, ...rest } = campaign;
  return nameEn === null
    ? { ...rest, scoring: [...rest.scoring], groups: [...rest.groups] }
    : { ...rest, nameEn, scoring: [...rest.scoring], groups: [...rest.groups] };
}

export function parseCampaign(input: unknown): Campaign {
  const result = validateCampaign(input);
  if (!result.ok) throw new CampaignInvalid(result.errors);
  return result.campaign;
}

function fieldOf(path: string): string {
  return path.replace(/^\//, '').replace(/\//g, '.');
}

/** One message per field: a missing field also fails its type check, which would only repeat it. */
function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (seen.has(e.field)) return false;
    seen.add(e.field);
    return true;
  });
}
