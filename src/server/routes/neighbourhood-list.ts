import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { NeighbourhoodListAnswerSchema, problems, ProblemSchema, WardParams } from '../../contract/index.ts';
import type { Role } from '../../core/auth/roles.ts';
import type { Unit } from '../../core/geo/unit.ts';
import { GeoImportRejected, importWardNeighbourhoods, type UploadedFile } from '../../files/geo-files.ts';
import { FileFormatError } from '../../files/read-records.ts';
import { principalOf } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { MAX_UPLOAD_BYTES } from './imports.ts';

/** Who corrects a ward's khu phố/ấp list: its ward committee (or an admin), within its scope. */
const LIST_KEEPERS: readonly Role[] = ['committee', 'admin'];

/**
 * POST /api/v1/units/:code/neighbourhoods: a ward committee sends its own list of khu phố/ấp
 * (the CLI's list, for one ward), with their boundaries when it has them. The list lands whole or
 * not at all; neighbourhoods it leaves out are kept and named back. Running servers reload the
 * geography from the change feed, as after `vungxanh geo import`.
 */
export async function neighbourhoodListRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Its own plugin, so its multipart limits (a list and a boundaries file) apply to this route only.
  await app.register(async (plugin) => {
    await plugin.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, fields: 4, parts: 6 } });
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.post(
      '/api/v1/units/:code/neighbourhoods',
      {
        config: { auth: { roles: LIST_KEEPERS } },
        schema: {
          summary: 'Sửa danh sách khu phố, ấp của phường / a ward committee replaces or corrects its ward’s list of neighbourhoods',
          description:
            'multipart/form-data: `file` — the list, CSV or XLSX, the columns of `vungxanh geo import --neighbourhoods` (name, population, optional code and households; the ward column may be left out, and if given must be this ward); optional `boundaries` — a GeoJSON FeatureCollection of their boundaries by `properties.code` (without it, approximate areas tile the ward). A token with the committee or admin role whose scope holds the ward. The list is refused whole (422 `/problems/neighbourhood-list-rejected`, each fault naming its row) or lands whole. A neighbourhood found by code or by name keeps its code (a rename needs the code column). Neighbourhoods of the ward the list leaves out are kept and answered in `notInList`.',
          tags: ['geography'],
          security: [{ bearer: [] }],
          consumes: ['multipart/form-data'],
          params: WardParams,
          response: {
            200: NeighbourhoodListAnswerSchema,
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
            413: ProblemSchema,
            415: ProblemSchema,
            422: ProblemSchema,
          },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const hierarchy = ctx.geography().hierarchy;
        const ward = hierarchy.get(request.params.code);
        if (!ward) throw problems.unitNotFound.code(request.params.code);
        if (ward.kind !== 'ward') throw problems.notAWard.unit(ward.code, ward.name, ward.kind);
        // Checked before the files are read: another ward's committee gets its 403 at once.
        if (!hierarchy.isWithin(ward.code, principal.scope)) throw problems.forbidden.wardOutsideScope(principal.actor, ward.code, principal.scope);
        if (!request.isMultipart()) throw problems.unsupportedMediaType.notMultipart();

        const files: { list?: UploadedFile; boundaries?: UploadedFile } = {};
        for await (const part of request.parts()) {
          if (part.type !== 'file') continue;
          // Every file part is read, even one of another name: an unread stream stalls the rest.
          const bytes = await part.toBuffer().catch((error: { statusCode?: number }) => {
            throw error.statusCode === 413 ? problems.tooLarge.file(MAX_UPLOAD_BYTES) : error;
          });
          if (part.fieldname === 'file') files.list = { bytes, fileName: part.filename || 'khu-pho.csv' };
          else if (part.fieldname === 'boundaries') files.boundaries = { bytes, fileName: part.filename || 'khu-pho.geojson' };
        }
        if (!files.list || files.list.bytes.length === 0) throw problems.neighbourhoodListRejected.fileMissing();
        if (files.boundaries?.bytes.length === 0) delete files.boundaries;

        try {
          const landed = await importWardNeighbourhoods(ctx.store.db, ward.code, { list: files.list, boundaries: files.boundaries }, principal.actor, 'api');
          return {
            ward: { code: ward.code, name: ward.name },
            neighbourhoods: landed.listed.map(listed),
            notInList: landed.notInList.map(listed),
            boundaries: landed.boundaries,
          };
        } catch (error) {
          if (error instanceof GeoImportRejected) throw problems.neighbourhoodListRejected.rows(error.errors);
          if (error instanceof FileFormatError) throw problems.neighbourhoodListRejected.file(error.message);
          throw error;
        }
      },
    );
  });
}

const listed = (u: Unit) => ({ code: u.code, name: u.name, population: u.population, households: u.households ?? null, validFrom: u.validFrom });
