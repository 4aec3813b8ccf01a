import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { searchUnits } from '../../core/geo/search.ts';
import type { Unit } from '../../core/geo/unit.ts';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { ProblemSchema } from './shared-schemas.ts';

const UnitSchema = Type.Object(
  {
    code: Type.String({ description: 'Official code (GSO), e.g. 26740' }),
    name: Type.String({ description: 'Name with diacritics, e.g. Phường Bến Nghé' }),
    kind: Type.String({ description: 'city, district, ward, neighbourhood…' }),
    parent: Type.Union([Type.String(), Type.Null()]),
    population: Type.Union([Type.Integer(), Type.Null()], { description: '2019 census population' }),
    validFrom: Type.String({ format: 'date' }),
    validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    approximateBoundary: Type.Boolean({ description: 'true when the drawn boundary is an approximation' }),
  },
  { $id: 'Unit' },
);

const UnitsQuery = Type.Object({
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  parent: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'search text, diacritics-insensitive ("ben nghe", "q1")' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

const UnitDetail = Type.Object({
  unit: Type.Ref('Unit'),
  ancestors: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
  children: Type.Object({ count: Type.Integer(), kinds: Type.Record(Type.String(), Type.Integer()) }),
  neighbours: Type.Array(Type.String()),
  assessment: Type.Union([Type.Ref('CurrentAssessment'), Type.Null()], { description: 'latest assessment under the default (or ?rulebook=) rulebook; null if this kind is not assessed' }),
  pathToGreen: Type.Union([Type.Ref('PathToGreen'), Type.Null()]),
});

export function unitRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addSchema(UnitSchema);

  app.get<{ Querystring: Static<typeof UnitsQuery> }>(
    '/api/v1/units',
    {
      schema: {
        summary: 'Administrative units, filtered by kind and parent, or searched by name',
        tags: ['geography'],
        querystring: UnitsQuery,
        response: { 200: Type.Object({ total: Type.Integer(), units: Type.Array(Type.Ref('Unit')) }), 400: ProblemSchema },
      },
    },
    async (request) => {
      const { kind, parent, q, limit } = request.query;
      const geo = ctx.geography();
      let units: Unit[] = geo.units.filter((u) => (kind === undefined || u.kind === kind) && (parent === undefined || u.parentCode === parent));
      if (q !== undefined) units = searchUnits(units, q, limit ?? 20).map((h) => h.unit);
      else units = [...units].sort((a, b) => a.code.localeCompare(b.code)).slice(0, limit ?? 100000);
      return { total: units.length, units: units.map((u) => toDto(u, geo.approximateCodes.has(u.code))) };
    },
  );

  app.get<{ Params: { code: string }; Querystring: { rulebook?: string } }>(
    '/api/v1/units/:code',
    {
      schema: {
        summary: 'One unit with its ancestors, children and neighbours',
        tags: ['geography'],
        params: Type.Object({ code: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }) }),
        querystring: Type.Object({ rulebook: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' })) }),
        response: { 200: UnitDetail, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const geo = ctx.geography();
      const unit = geo.hierarchy.get(request.params.code);
      if (!unit) throw new HttpProblem(404, 'Không tìm thấy đơn vị / Unit not found', `no unit with code ${request.params.code}`);
      const kinds: Record<string, number> = {};
      const children = geo.hierarchy.childrenOf(unit.code);
      for (const child of children) kinds[child.kind] = (kinds[child.kind] ?? 0) + 1;
      const rulebook = request.query.rulebook;
      if (rulebook !== undefined && !ctx.risk.rulebook(rulebook)) throw new HttpProblem(404, 'Không có bộ tiêu chí này / Unknown rulebook', `no rulebook ${rulebook}`, [{ field: 'querystring.rulebook', message: 'unknown rulebook' }]);
      const current = await ctx.risk.current(unit.code, rulebook);
      const book = current ? ctx.risk.rulebook(current.rulebook.id)! : null;
      return {
        assessment:
          current && book
            ? {
                date: current.assessment.date,
                level: current.assessment.level,
                state: current.assessment.state,
                stateName: book.states[current.assessment.level].name,
                colour: book.states[current.assessment.level].colour,
                reasons: current.assessment.reasons,
                override: current.assessment.override,
                computedAt: current.computedAt,
                rulebook: current.rulebook,
              }
            : null,
        pathToGreen: current?.pathToGreen ?? null,
        unit: toDto(unit, geo.approximateCodes.has(unit.code)),
        ancestors: geo.hierarchy.ancestorsOf(unit.code).map((a) => ({ code: a.code, name: a.name, kind: a.kind })),
        children: { count: children.length, kinds },
        neighbours: geo.neighbours.get(unit.code) ?? [],
      };
    },
  );
}

function toDto(unit: Unit, approximate: boolean) {
  return {
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    parent: unit.parentCode,
    population: unit.population,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
    approximateBoundary: approximate,
  };
}
