import { type Static, Type } from '@sinclair/typebox';

import { ROLES } from '../core/auth/roles.ts';

/** Sign-in for people and the administration of users (issue #18 item 1, docs/accounts.md). */

const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: ROLES.join(' | ') },
);
const ScopeSchema = Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$', description: 'root of the unit subtree the role covers, e.g. 79 (the city)' });
const UserName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\p{L}\\p{N}._@-]+$', description: 'login name' });
const RoleGrant = Type.Object({ role: RoleSchema, scope: ScopeSchema });

export const SignInSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    // Never echoed, logged or stored: only its scrypt hash is kept (accounts-store.ts).
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type SignIn = Static<typeof SignInSchema>;

/** Who is signed in, with the session's CSRF token every write must echo in X-CSRF-Token. */
export const SessionSchema = Type.Object({
  signedIn: Type.Boolean(),
  name: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  roles: Type.Optional(Type.Array(RoleGrant)),
  csrfToken: Type.Optional(Type.String()),
  expiresAt: Type.Optional(Type.String({ description: 'ISO 8601 instant the session ends at the latest' })),
});
export type SessionInfo = Static<typeof SessionSchema>;

export const ManagedUserSchema = Type.Object({
  name: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(RoleGrant),
  createdAt: Type.String(),
  passwordSetAt: Type.Union([Type.String(), Type.Null()]),
  disabledAt: Type.Union([Type.String(), Type.Null()]),
  sessions: Type.Integer({ description: 'sessions open now' }),
});
export type ManagedUserDto = Static<typeof ManagedUserSchema>;
export const ManagedUsersSchema = Type.Object({ users: Type.Array(ManagedUserSchema) });

export const NewUserSchema = Type.Object(
  {
    name: UserName,
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    role: RoleSchema,
    scope: ScopeSchema,
    password: Type.String({ minLength: 1, maxLength: 256, description: 'initial password, at least 10 characters' }),
  },
  { additionalProperties: false },
);
export type NewUser = Static<typeof NewUserSchema>;

/** What an administrator changes about a user: any of role and scope (together), disabled, a new password. */
export const UserChangeSchema = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    scope: Type.Optional(ScopeSchema),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);
export type UserChange = Static<typeof UserChangeSchema>;

export const UserParams = Type.Object({ name: UserName });
export const SignedOutSchema = Type.Object({ sessionsEnded: Type.Integer() });
