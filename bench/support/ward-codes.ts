import { readFileSync } from 'node:fs';

import { hcmc2021Files } from '../../src/files/geo-files.ts';

/** The 2021 ward codes of the shipped HCMC geography, for benches that write to real wards. */
export function hcmcWardCodes(): string[] {
  return readFileSync(hcmc2021Files().units!, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .filter((c) => c[2] === 'ward')
    .map((c) => c[0]);
}
