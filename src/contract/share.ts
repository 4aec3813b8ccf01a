import { type Static, Type } from '@sinclair/typebox';

import { DateString } from './shared.ts';

/** Share and verify (issue #20 item 3, docs/verify.md). */

export const SigningKeySchema = Type.Object({
  id: Type.String({ description: 'the first 48 bits of the raw public key’s SHA-256, base64url' }),
  created: Type.String({ format: 'date-time' }),
  current: Type.Boolean({ description: 'the key that signs now; the others verify what they signed before a rotation' }),
  publicKeyPem: Type.String({ description: 'Ed25519 SubjectPublicKeyInfo, PEM' }),
  publicKeyRaw: Type.String({ description: 'the raw 32-byte Ed25519 public key, base64url' }),
});

export const SigningKeysSchema = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  signs: Type.String(),
  keys: Type.Array(SigningKeySchema),
});
export type SigningKeysDto = Static<typeof SigningKeysSchema>;

export const PublishedStateSchema = Type.Object({
  position: Type.Integer({ description: 'the change-feed position the figures were read at (the id live events and snapshots carry)' }),
  what: Type.String({ description: 'city-map, district-map, unit-card, standings, progress or bulletin' }),
  size: Type.String(),
  lang: Type.String(),
  date: DateString,
  subject: Type.String({ description: 'the unit (district map, unit card) or group (standings); empty when none' }),
});

export const VerificationSchema = Type.Object({
  verdict: Type.Union([Type.Literal('official'), Type.Literal('original-file')]),
  readFrom: Type.Union([
    Type.Literal('url'),
    Type.Literal('text'),
    Type.Literal('qr'),
    Type.Literal('qr-halved'),
    Type.Literal('qr-threshold'),
    Type.Literal('qr-doubled'),
  ]),
  token: Type.String(),
  shortUrl: Type.String(),
  state: PublishedStateSchema,
  key: Type.Object({ id: Type.String(), created: Type.String(), current: Type.Boolean() }),
  currentPosition: Type.Integer(),
  rendering: Type.Object({
    svg: Type.String(),
    png: Type.String(),
    page: Type.String(),
    current: Type.Boolean({ description: 'false when the feed has moved past the state' }),
    kept: Type.Boolean({
      description:
        'true: svg and png are the image exactly as drawn for this state (kept when it was first drawn); false: none was kept here (a bulletin), so they draw the same image from the data as it is now',
    }),
  }),
  originalFile: Type.Union([Type.Null(), Type.Object({ keyId: Type.String() })]),
});
export type VerificationDto = Static<typeof VerificationSchema>;
