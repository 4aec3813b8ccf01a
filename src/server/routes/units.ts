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
import type { Reason } from '../../core/assess/explain.ts';
import { searchUnits } from '../../core/geo/search.ts';
import { isValidOn, officialCode, type Unit } from '../../core/geo/unit.ts';
import { bandReasons } from '../../core/publish/banded-reasons.ts';
import { banded } from '../../core/publish/small-numbers.ts';
import { appealsOfOverrides } from '../../store/appeal-store.ts';
import { audienceOf } from '../audience.ts';
import type { AppContext } from '../context.ts';
import { today } from '../today.ts';

export function unitRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(UnitSchema);

  app.get(
    '/api/v1/units',
    {
      schema: {
        summary: 'Administrative units valid on a date (today by default), filtered by kind and parent, or searched by name',
        tags: ['geography'],
        querystring: UnitsQuery,
        response: { 200: UnitsSchema, 400: ProblemSchema },
      },
    },
    async (request) => {
      const { kind, parent, q, limit, date = today(ctx) } = request.query;
      const geo = ctx.geography();
      const tree = geo.treeOn(date);
      // A parent given by official code means the unit of that code valid on the date.
      const parentKey = parent === undefined ? undefined : (geo.unitOn(parent, date)?.code ?? parent);
      let units: Unit[] = [...tree.byCode.values()].filter(
        (u) => (kind === undefined || u.kind === kind) && (parentKey === undefined || u.parentCode === parentKey),
      );
      if (q !== undefined) units = searchUnits(units, q, limit ?? 20, [...tree.byCode.values()]).map((h) => h.unit);
      else units = [...units].sort((a, b) => a.code.localeCompare(b.code)).slice(0, limit ?? 100000);
      return { total: units.length, units: units.map((u) => toDto(u, geo.approximateCodes.has(u.code))) };
    },
  );

  app.get(
    '/api/v1/units/:code',
    {
      schema: {
        summary:
          'One unit with its ancestors, children and neighbours; a code names the unit valid on the date (today by default), a key (26734@2025-07-01) one unit',
        tags: ['geography'],
        params: UnitCodeParams,
        querystring: UnitDetailQuery,
        response: { 200: UnitDetailSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const geo = ctx.geography();
      const { code } = request.params;
      // A key names one unit whatever the date; an official code, the unit holding it on the date.
      const date = request.query.date ?? today(ctx);
      const unit = code.includes('@') ? geo.hierarchy.get(code) : (geo.unitOn(code, date) ?? geo.hierarchy.get(code));
      if (!unit) throw problems.unitNotFound.code(code);
      const kinds: Record<string, number> = {};
      // Children as they stood on the date, or on the unit's last day when it had ended by then.
      const on = isValidOn(unit, date) ? date : (unit.validTo ?? unit.validFrom);
      const children = geo.treeOn(on).childrenOf(unit.code);
      for (const child of children) kinds[child.kind] = (kinds[child.kind] ?? 0) + 1;
      const rulebook = request.query.rulebook;
      if (rulebook !== undefined && !ctx.risk.rulebook(rulebook)) throw problems.unknownRulebook.id(rulebook);
      const current = await ctx.risk.current(unit.code, rulebook, request.query.date);
      const override = current?.assessment.override ?? null;
      // A colour changed on appeal says so, with the appeal's number and public reason (docs/appeals.md).
      const appeal = override ? ((await appealsOfOverrides(ctx.store.db, [override.id])).get(override.id) ?? null) : null;
      const book = current ? ctx.risk.rulebook(current.rulebook.id)! : null;
      // Below the ward, the public reads banded figures (docs/small-numbers.md).
      const shown =
        book && banded(unit.kind, audienceOf(request, unit.code)) ? (reasons: Reason[]) => bandReasons(reasons, book) : (reasons: Reason[]) => reasons;
      return {
        assessment:
          current && book
            ? {
                date: current.assessment.date,
                level: current.assessment.level,
                state: current.assessment.state,
                stateName: book.states[current.assessment.level].name,
                colour: book.states[current.assessment.level].colour,
                reasons: shown(current.assessment.reasons),
                override: override && { ...override, appeal },
                computedAt: current.computedAt,
                rulebook: current.rulebook,
              }
            : null,
        pathToGreen: current?.pathToGreen ? { ...current.pathToGreen, holding: shown(current.pathToGreen.holding) } : null,
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
    officialCode: officialCode(unit.code),
    name: unit.name,
    kind: unit.kind,
    parent: unit.parentCode,
    population: unit.population,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
    approximateBoundary: approximate,
  };
}
