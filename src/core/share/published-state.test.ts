import { describe, expect, it } from 'vitest';

import { canonicalState, type PublishedState, readToken, SIGNATURE_BYTES, stateBytes } from './published-state.ts';

const STATE: PublishedState = { position: 300_123, what: 'unit-card', size: 'square', lang: 'en', date: '2021-07-14', subject: '26740' };
const withSignature = (s: PublishedState) => Uint8Array.from([...stateBytes(s), ...new Uint8Array(SIGNATURE_BYTES).fill(7)]);

describe('a published state, its canonical string and its bytes', () => {
  it('reads back what it wrote, for every field', () => {
    for (const state of [
      STATE,
      { ...STATE, position: 0, what: 'city-map', size: 'og', lang: 'vi', subject: '' },
      { ...STATE, what: 'standings', size: 'a3', subject: 'ward', date: '2000-01-01' },
      { ...STATE, what: 'bulletin', date: '2179-06-06', subject: 'Phường Bến Nghé' },
    ] as PublishedState[]) {
      const read = readToken(withSignature(state));
      expect(read?.state).toEqual(state);
      expect(read?.signature).toHaveLength(SIGNATURE_BYTES);
    }
  });

  it('keeps a city map small: 8 bytes before the signature at position 300,123', () => {
    expect(stateBytes({ ...STATE, what: 'city-map', subject: '' })).toHaveLength(8);
  });

  it('gives every field its own line in the signed string, so no two states share one', () => {
    expect(canonicalState(STATE)).toBe('vungxanh-state/v1\nposition=300123\nwhat=unit-card\nsize=square\nlang=en\ndate=2021-07-14\nsubject=26740');
    expect(canonicalState({ ...STATE, subject: '2674' })).not.toBe(canonicalState(STATE));
  });

  it('reads nothing from bytes that are no token', () => {
    const good = withSignature(STATE);
    expect(readToken(good.subarray(0, good.length - 1))).toBeNull();
    expect(readToken(Uint8Array.from([2, ...good.subarray(1)]))).toBeNull();
    expect(readToken(new Uint8Array(0))).toBeNull();
    expect(readToken(Uint8Array.from([1, 255, 255, 255, 255, 255, 255, 255, 255, 255]))).toBeNull();
  });

  it('refuses to write what it could not read back', () => {
    expect(() => stateBytes({ ...STATE, position: -1 })).toThrow(RangeError);
    expect(() => stateBytes({ ...STATE, date: '1999-12-31' })).toThrow(RangeError);
    expect(() => stateBytes({ ...STATE, subject: 'x'.repeat(41) })).toThrow(RangeError);
  });
});
