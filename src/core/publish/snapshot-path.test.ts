import { describe, expect, it } from 'vitest';

import { snapshotFileOf, snapshotUrlOf } from './snapshot-path.ts';

describe('a snapshot file per API GET', () => {
  it('keeps a path and its sub-paths apart, and names a query by its sorted parameters', () => {
    expect(snapshotFileOf('/api/v1/levels')).toBe('api/v1/levels/index.json');
    expect(snapshotFileOf('/api/v1/levels/dates')).toBe('api/v1/levels/dates/index.json');
    expect(snapshotFileOf('/api/v1/levels?kind=ward&date=2021-07-18')).toBe('api/v1/levels/date=2021-07-18&kind=ward.json');
    expect(snapshotFileOf('/api/v1/levels?date=2021-07-18&kind=ward')).toBe(snapshotFileOf('/api/v1/levels?kind=ward&date=2021-07-18'));
    expect(snapshotFileOf('/api/v1/geo/ward.geojson?date=2021-07-18')).toBe('api/v1/geo/ward.geojson/date=2021-07-18.json');
  });

  it('gives a URL any static server maps back to that file', () => {
    expect(snapshotUrlOf('/api/v1/units?kind=ward&date=2021-07-18')).toBe('/api/v1/units/date%3D2021-07-18%26kind%3Dward.json');
    expect(decodeURIComponent(snapshotUrlOf('/api/v1/units/26740'))).toBe(`/${snapshotFileOf('/api/v1/units/26740')}`);
  });
});
