/** Roles a user or token holds, each scoped to a unit subtree. */
export const ROLES = ['viewer', 'data_officer', 'analyst', 'committee', 'reward_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who is acting: what the audit log names, the role, and the subtree the role covers. */
export interface Principal {
  actor: string;
  role: Role;
  scope: string;
}

/** Roles that may send cases, tests and counts. An admin may do what any role may. */
export const INTAKE_ROLES: readonly Role[] = ['data_officer', 'admin'];
