import { describe, expect, it } from 'vitest';

import { projectOutlines } from './boundary-svg.ts';

const square = (lon: number, lat: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

describe('boundaries projected to SVG', () => {
  it('fills the width within the margin, north up, and keeps shapes true near the equator’s scale', () => {
    // Two squares of 0.01° side side by side at 10.78° N (Ho Chi Minh City).
    const { width, height, paths } = projectOutlines(
      [
        { code: 'a', geometry: square(106.69, 10.78, 0.01) },
        { code: 'b', geometry: square(106.7, 10.78, 0.01) },
      ],
      400,
      4,
    );
    expect(width).toBe(400);
    // Two squares wide, one high; a degree of longitude is cos(10.79°) of a degree of latitude.
    const squash = Math.cos((10.785 * Math.PI) / 180);
    expect(height).toBe(Math.round(392 / 2 / squash + 8));
    expect(paths.get('a')).toMatch(/^M4 \d+(\.\d)?L200 \d+(\.\d)?L200 4L4 4Z$/);
    expect(paths.get('b')!.startsWith('M200 ')).toBe(true);
    expect(paths.get('b')).toContain('L396 4');
  });

  it('drops positions too close to draw apart, and a ring left with fewer than three', () => {
    const dense = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [106.7, 10.78],
          [106.700001, 10.78],
          [106.71, 10.78],
          [106.71, 10.79],
          [106.7, 10.78],
        ],
      ],
    };
    const tiny = square(106.705, 10.785, 0.000001);
    const { paths } = projectOutlines([
      { code: 'dense', geometry: dense },
      { code: 'tiny', geometry: tiny },
    ]);
    expect(paths.get('dense')!.split('L')).toHaveLength(3);
    expect(paths.get('tiny')).toBe('');
  });
});
