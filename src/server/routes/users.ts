import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import {
  ManagedUserSchema,
  ManagedUsersSchema,
  NewUserSchema,
  problems,
  ProblemSchema,
  SignedOutSchema,
  UserChangeSchema,
  UserParams,
} from '../../contract/index.ts';
import type { Principal } from '../../core/auth/roles.ts';
import {
  AccountError,
  addUser,
  listManagedUsers,
  type ManagedUser,
  passwordProblem,
  setPassword,
  setUserDisabled,
  setUserRole,
  userId,
} from '../../store/accounts-store.ts';
import { closeUserSessions } from '../../store/session-store.ts';
import { principalOf, type RouteAuth } from '../auth.ts';
import type { AppContext } from '../context.ts';

/**
 * The admin page's API (docs/accounts.md): an admin lists, adds and changes the users within their
 * scope. A user is within it when every role they hold covers a unit inside it; a user holding no
 * role belongs to the city. An admin of Quận 1 thus manages Quận 1's people and no one else.
 */
const ADMIN: RouteAuth = { roles: ['admin'] };

export function userRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = ctx.store.db;
  const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
  const hierarchy = () => ctx.geography().hierarchy;
  const isCity = (scope: string) => hierarchy().get(scope)?.parentCode === null;
  const inScope = (admin: Principal, scope: string) => hierarchy().isWithin(scope, admin.scope);
  const manages = (admin: Principal, user: ManagedUser) => (user.roles.length === 0 ? isCity(admin.scope) : user.roles.every((r) => inScope(admin, r.scope)));
  /** A scope the admin may grant: a known unit within their own. */
  const grantable = (admin: Principal, scope: string) => {
    if (!hierarchy().get(scope)) throw problems.invalidRequest.field('scope', `không có đơn vị ${scope} / no unit ${scope}`);
    if (!inScope(admin, scope)) throw problems.forbidden.userOutsideScope(admin.actor, admin.scope, 'scope');
  };
  const managed = async (request: FastifyRequest, name: string): Promise<ManagedUser> => {
    const user = (await listManagedUsers(db)).find((u) => u.name === name);
    if (!user) throw problems.userNotFound.name(name);
    const admin = principalOf(request);
    if (!manages(admin, user)) throw problems.forbidden.userOutsideScope(admin.actor, admin.scope, 'params.name');
    return user;
  };
  const checkedPassword = (password: string) => {
    const fault = passwordProblem(password);
    if (fault) throw problems.invalidRequest.field('password', fault);
    return password;
  };

  app.get(
    '/api/v1/users',
    {
      config: { auth: ADMIN },
      schema: { summary: 'Users within the admin’s scope (admin)', tags: ['accounts'], response: { 200: ManagedUsersSchema, ...refusals } },
    },
    async (request, reply) => {
      const admin = principalOf(request);
      reply.header('cache-control', 'private, no-store');
      return { users: (await listManagedUsers(db)).filter((u) => manages(admin, u)) };
    },
  );

  app.post(
    '/api/v1/users',
    {
      config: { auth: ADMIN },
      schema: {
        summary: 'Add a user with a role over a unit subtree and an initial password (admin)',
        tags: ['accounts'],
        body: NewUserSchema,
        response: { 201: ManagedUserSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const admin = principalOf(request);
      const body = request.body;
      grantable(admin, body.scope);
      const password = checkedPassword(body.password);
      if ((await userId(db, body.name)) !== null) throw problems.userExists.name(body.name);
      try {
        await addUser(
          db,
          { name: body.name, displayName: body.displayName ?? null, password, roles: [{ role: body.role, scope: body.scope }] },
          admin.actor,
          'web',
        );
      } catch (error) {
        // Two admins adding the same name at once: the second gets the same 409 as above.
        if (error instanceof AccountError) throw problems.userExists.name(body.name);
        throw error;
      }
      reply.code(201);
      return (await listManagedUsers(db)).find((u) => u.name === body.name)!;
    },
  );

  app.patch(
    '/api/v1/users/:name',
    {
      config: { auth: ADMIN },
      schema: {
        summary: 'Change a user’s role and scope, disable or enable them, or set a new password (admin)',
        tags: ['accounts'],
        params: UserParams,
        body: UserChangeSchema,
        response: { 200: ManagedUserSchema, ...refusals },
      },
    },
    async (request) => {
      const admin = principalOf(request);
      const { name } = request.params;
      const change = request.body;
      await managed(request, name);
      const self = request.session?.name === name;
      // Everything is checked before anything is written: a refused change changes nothing.
      const password = change.password === undefined ? undefined : checkedPassword(change.password);
      if ((change.role === undefined) !== (change.scope === undefined))
        throw problems.invalidRequest.field(change.role === undefined ? 'role' : 'scope', 'role và scope đi cùng nhau / role and scope go together');
      if (change.role !== undefined && change.scope !== undefined) {
        if (self && change.role !== 'admin') throw problems.forbidden.self('role');
        grantable(admin, change.scope);
      }
      if (self && change.disabled) throw problems.forbidden.self('disabled');
      if (change.role !== undefined && change.scope !== undefined) await setUserRole(db, name, { role: change.role, scope: change.scope }, admin.actor);
      if (password !== undefined) await setPassword(db, name, password, admin.actor, 'web');
      if (change.disabled !== undefined) await setUserDisabled(db, name, change.disabled, admin.actor);
      return (await listManagedUsers(db)).find((u) => u.name === name)!;
    },
  );

  app.delete(
    '/api/v1/users/:name/sessions',
    {
      config: { auth: ADMIN },
      schema: { summary: 'Sign a user out everywhere (admin)', tags: ['accounts'], params: UserParams, response: { 200: SignedOutSchema, ...refusals } },
    },
    async (request) => {
      const { name } = request.params;
      await managed(request, name);
      const id = await userId(db, name);
      return { sessionsEnded: id === null ? 0 : await closeUserSessions(db, id) };
    },
  );
}
