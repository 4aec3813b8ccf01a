import { coreName, kindPrefix } from './unit-name.ts';

/**
 * District names officers still write for units that have since been merged: on 1 January 2021
 * Quận 2, Quận 9 and Quận Thủ Đức became Thành phố Thủ Đức (Resolution 1111/NQ-UBTVQH14). A row
 * naming one resolves under the successor, with a note saying so.
 */
interface FormerDistrict {
  name: string;
  successor: string;
  /** The first day of the successor (YYYY-MM-DD). */
  since: string;
}

const FORMER_DISTRICTS: readonly FormerDistrict[] = [
  { name: 'Quận 2', successor: 'Thành phố Thủ Đức', since: '2021-01-01' },
  { name: 'Quận 9', successor: 'Thành phố Thủ Đức', since: '2021-01-01' },
  { name: 'Quận Thủ Đức', successor: 'Thành phố Thủ Đức', since: '2021-01-01' },
];

/** The former district a name means ("Q.9", "quan thu duc"), or undefined. */
export function formerDistrict(name: string): FormerDistrict | undefined {
  const core = coreName(name);
  const prefix = kindPrefix(name);
  return FORMER_DISTRICTS.find((f) => coreName(f.name) === core && kindPrefix(f.name) === prefix);
}

/** "Quận 9 đã nhập vào Thành phố Thủ Đức từ 01/01/2021 / …", for the accepted row. */
export function formerDistrictNote(former: FormerDistrict): string {
  const [y, m, d] = former.since.split('-');
  return `${former.name} đã nhập vào ${former.successor} từ ${d}/${m}/${y} / ${former.name} was merged into ${former.successor} on ${former.since}`;
}
