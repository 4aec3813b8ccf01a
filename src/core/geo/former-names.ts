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

/**
 * Wards the same resolution abolished or renamed (effective 1 January 2021; the 2019 census
 * crosswalk in data/hcmc-2021 and GSO's change list agree): officers kept writing the old names
 * and codes for months. A row naming one, by code or by name under its district, resolves to the
 * ward that took it over, with a note saying so. Names still carried by a ward of the new tree
 * ("An Khánh" is Quận 2's former Bình An since 2021) are never read as the abolished ward.
 */
export interface FormerWard {
  code: string;
  name: string;
  /** The district it belonged to, as named then. */
  district: string;
  successorCode: string;
  successorName: string;
  change: 'merged' | 'renamed';
  since: string;
}

const since = '2021-01-01';
const FORMER_WARDS: readonly FormerWard[] = [
  { code: '27079', name: 'Phường 14', district: 'Quận Phú Nhuận', successorCode: '27085', successorName: 'Phường 13', change: 'merged', since },
  { code: '27082', name: 'Phường 12', district: 'Quận Phú Nhuận', successorCode: '27073', successorName: 'Phường 11', change: 'merged', since },
  { code: '27094', name: 'Phường Bình An', district: 'Quận 2', successorCode: '27094', successorName: 'Phường An Khánh', change: 'renamed', since },
  { code: '27103', name: 'Phường Bình Khánh', district: 'Quận 2', successorCode: '27094', successorName: 'Phường An Khánh', change: 'merged', since },
  { code: '27106', name: 'Phường An Khánh', district: 'Quận 2', successorCode: '27118', successorName: 'Phường Thủ Thiêm', change: 'merged', since },
  { code: '27121', name: 'Phường 08', district: 'Quận 3', successorCode: '27139', successorName: 'Phường Võ Thị Sáu', change: 'merged', since },
  { code: '27124', name: 'Phường 07', district: 'Quận 3', successorCode: '27139', successorName: 'Phường Võ Thị Sáu', change: 'merged', since },
  { code: '27139', name: 'Phường 06', district: 'Quận 3', successorCode: '27139', successorName: 'Phường Võ Thị Sáu', change: 'renamed', since },
  { code: '27205', name: 'Phường 03', district: 'Quận 10', successorCode: '27190', successorName: 'Phường 02', change: 'merged', since },
  { code: '27256', name: 'Phường 12', district: 'Quận 4', successorCode: '27259', successorName: 'Phường 13', change: 'merged', since },
  { code: '27274', name: 'Phường 05', district: 'Quận 4', successorCode: '27292', successorName: 'Phường 02', change: 'merged', since },
  { code: '27319', name: 'Phường 15', district: 'Quận 5', successorCode: '27310', successorName: 'Phường 12', change: 'merged', since },
];

/** The abolished ward a code meant (a renamed ward kept its code, so only merged ones answer). */
export function formerWardByCode(code: string): FormerWard | undefined {
  return FORMER_WARDS.find((f) => f.code === code && f.change === 'merged');
}

/**
 * The abolished or renamed wards a name may mean ("P.8", "phuong 08"), narrowed to those of a
 * district when one is given: the district as named then ("Quận 2") or its successor ("TP. Thủ Đức").
 */
export function formerWardsNamed(name: string, district: string | null): FormerWard[] {
  const core = coreName(name);
  const prefix = kindPrefix(name);
  return FORMER_WARDS.filter((f) => {
    if (coreName(f.name) !== core || (prefix !== null && kindPrefix(f.name) !== prefix)) return false;
    if (district === null) return true;
    const districtCore = coreName(district);
    if (coreName(f.district) === districtCore) return true;
    const successor = formerDistrict(f.district)?.successor;
    return successor !== undefined && coreName(successor) === districtCore;
  });
}

/** "Phường 08 (Quận 3, mã 27121) đã nhập vào Phường Võ Thị Sáu từ 01/01/2021 / …", for the accepted row. */
export function formerWardNote(former: FormerWard): string {
  const [y, m, d] = former.since.split('-');
  const what = `${former.name} (${former.district}, mã ${former.code})`;
  const whatEn = `${former.name} (${former.district}, code ${former.code})`;
  return former.change === 'merged'
    ? `${what} đã nhập vào ${former.successorName} từ ${d}/${m}/${y} / ${whatEn} was merged into ${former.successorName} on ${former.since}`
    : `${what} đổi tên thành ${former.successorName} từ ${d}/${m}/${y} / ${whatEn} was renamed ${former.successorName} on ${former.since}`;
}

/** "Quận 9 đã nhập vào Thành phố Thủ Đức từ 01/01/2021 / …", for the accepted row. */
export function formerDistrictNote(former: FormerDistrict): string {
  const [y, m, d] = former.since.split('-');
  return `${former.name} đã nhập vào ${former.successor} từ ${d}/${m}/${y} / ${former.name} was merged into ${former.successor} on ${former.since}`;
}
