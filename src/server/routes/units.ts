import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import {
  problems,
  ProblemSchema,
  UnitCodeParams,
  UnitDetailQuery,
  UnitDetailSchema,
  type UnitDto,
  UnitSchema,
  UnitsQuery,
  UnitsSchema,
} from '../../contract/index.ts';
import { searchUnits } from '../../core/geo/search.ts';
import type { Unit } from '../../core/geo/unit.ts';
import type { AppContext } from '../context.ts';

export function unitRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(UnitSchema);

  app.get(
    '/api/v1/units',
    {
      schema: {
        summary: 'Administrative units, filtered by kind and parent, or searched by name',
        tags: ['geography'],
        querystring: UnitsQuery,
        response: { 200: UnitsSchema, 400: ProblemSchema },
      },
    },
    async (request) => {
      const { kind, parent, q, limit } = request.query;
      const geo = ctx.geography();
      let units: Unit[] = geo.units.filter((u) => (kind === undefined || u.kind === kind) && (parent === undefined || u.parentCode === parent));
      if (q !== undefined) units = searchUnits(units, q, limit ?? 20, geo.units).map((h) => h.unit);
      else units = [...units].sort((a, b) => a.code.localeCompare(b.code)).slice(0, limit ?? 100000);
      return { total: units.length, units: units.map((u) => toDto(u, geo.approximateCodes.has(u.code))) };
    },
  );

  app.get(
    '/api/v1/units/:code',
    {
      schema: {
        summary: 'One unit with its ancestors, children and neighbours',
        tags: ['geography'],
        params: UnitCodeParams,
        querystring: UnitDetailQuery,
        response: { 200: UnitDetailSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const geo = ctx.geography();
      const unit = geo.hierarchy.get(request.params.code);
      if (!unit) throw problems.unitNotFound.code(request.params.code);
      const kinds: Record<string, number> = {};
      const children = geo.hierarchy.childrenOf(unit.code);
      for (const child of children) kinds[child.kind] = (kinds[child.kind] ?? 0) + 1;
      const rulebook = request.query.rulebook;
      if (rulebook !== undefined && !ctx.risk.rulebook(rulebook)) throw problems.unknownRulebook.id(rulebook);
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

function toDto(unit: Unit, approximate: boolean): UnitDto {
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
