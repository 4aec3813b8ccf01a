import { Type } from '@sinclair/typebox';

/** RFC 9457 problem details, as every error response documents it. */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.Optional(Type.String()), row: Type.Optional(Type.Integer()), message: Type.String() }))),
});
