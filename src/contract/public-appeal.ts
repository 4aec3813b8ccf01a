import { type Static, Type } from '@sinclair/typebox';

/**
 * What the public reads of an appeal an override accepted (docs/appeals.md): its number and the
 * committee's reason, which the form says will be public. Never who filed or decided it.
 */
export const PublicAppealSchema = Type.Object(
  {
    number: Type.Integer(),
    reason: Type.String(),
  },
  { additionalProperties: false },
);
export type PublicAppeal = Static<typeof PublicAppealSchema>;
