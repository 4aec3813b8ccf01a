import { distance } from 'fastest-levenshtein';

import { isBelowWard } from '../geo/below-ward.ts';
import { formerDistrict, formerDistrictNote, type FormerWard, formerWardByCode, formerWardNote, formerWardsNamed } from '../geo/former-names.ts';
import type { Hierarchy } from '../geo/hierarchy.ts';
import { searchUnits } from '../geo/search.ts';
import { officialCode, type Unit } from '../geo/unit.ts';
import { UnitEras } from '../geo/unit-eras.ts';
import { coreName, kindPrefix } from '../geo/unit-name.ts';
import { displayDate } from '../time/local-date.ts';
import type { FieldError } from './records.ts';

/** A resolved unit may carry a note for the accepted row (a former district name was read as its successor). */
export type Resolution = { ok: true; code: string; note?: string } | { ok: false; error: FieldError };

type Candidate = NonNullable<FieldError['candidates']>[number];

/**
 * Candidates listed for an ambiguous name: every "Phường 1" of the city (11 in 2021) fits, so the
 * officer can pick any of them; the cap only bounds what a stored reject carries.
 */
const MAX_CANDIDATES = 25;
/** Suggestions for a name that matches no unit. */
const NEAR_CANDIDATES = 5;
/** A date after every period: the latest tree. */
const LATEST = '9999-12-31';
/** Kind prefixes and kinds of the levels above wards: such a unit never answers a ward name. */
const ABOVE_WARD_PREFIXES = new Set(['tinh', 'thanh pho', 'quan', 'huyen', 'thi xa']);
const ABOVE_WARD_KINDS = new Set(['country', 'province', 'city', 'district']);

/**
 * Finds the unit a row means: by code when it gives one, else by ward name narrowed by district
 * name, both matched without regard to diacritics or kind prefixes ("p ben nghe", "Phường Bến
 * Nghé"). A name that fits several units, or none, is an error listing what it could have meant:
 * guessing would put cases on the wrong map cell. Only units below district level answer a ward
 * name, and only they are offered as candidates: picking one never moves a row to a district.
 */
export class UnitResolver {
  private readonly eras: UnitEras;
  private readonly trees = new Map<Hierarchy, TreeResolver>();

  /** `hierarchy` holds every period's units; each row is read against the tree valid on its date. */
  constructor(private readonly hierarchy: Hierarchy) {
    this.eras = new UnitEras([...hierarchy.byCode.values()]);
  }

  /**
   * The unit a row means on `date` (its confirmed or count date): a code names the unit holding
   * it that day (2025 communes reuse 2021 ward codes), as do names ("Tân Định" is another unit in
   * 2025 than in 2021). The answer is the unit's key. Without a date, the latest tree answers.
   */
  resolve(code: string | null, ward: string | null, district: string | null, date = LATEST): Resolution {
    if (code !== null) {
      const unit = this.unitOn(code, date);
      if (unit) return { ok: true, code: unit.code };
      // A ward abolished in a merger, named by its old code: the ward that took it over, while it
      // exists (a later tree may give its code to another area, which is no successor).
      const former = formerWardByCode(code);
      const successor = former && this.unitOn(former.successorCode, date);
      if (former && successor?.code === former.successorCode) return { ok: true, code: successor.code, note: formerWardNote(former) };
      return { ok: false, error: { field: 'unit', code: 'unknown_unit', message: this.noCodeOn(code, date) } };
    }
    const tree = this.eras.treeOn(date);
    let resolver = this.trees.get(tree);
    if (!resolver) this.trees.set(tree, (resolver = new TreeResolver(tree)));
    // Ward and district in one cell, as an address is written ("P.7, Q.3", "Xã Tân Nhựt - H. Bình
    // Chánh"): read as the two fields, when the district column is empty.
    const parts = district === null && ward !== null ? ward.split(/\s*[,;]\s*|\s+-\s+/).filter((p) => p !== '') : [];
    if (parts.length === 2) return resolver.resolve(parts[0], parts[1]);
    return resolver.resolve(ward, district);
  }

  /**
   * The neighbourhood (khu phố, ấp, tổ dân phố) a row names within its ward: by name ("Khu phố 3",
   * "KP3", "ấp 2") among the ward's children on `date`, or by code. The ward itself was resolved
   * first; a name that is none of its children is refused on the neighbourhood field, offering them.
   */
  neighbourhoodOf(wardKey: string, name: string, date = LATEST): Resolution {
    const tree = this.eras.treeOn(date);
    const ward = tree.get(wardKey);
    const children = tree.childrenOf(wardKey);
    const byCode = this.unitOn(name, date);
    if (byCode && byCode.parentCode === wardKey) return { ok: true, code: byCode.code };
    const core = coreName(name);
    const prefix = kindPrefix(name);
    const matches = children.filter((u) => coreName(u.name) === core && (prefix === null || kindPrefix(u.name) === prefix));
    if (matches.length === 1) return { ok: true, code: matches[0].code };
    const where = ward?.name ?? wardKey;
    return {
      ok: false,
      error: {
        field: 'neighbourhood',
        code: matches.length > 1 ? 'ambiguous_unit' : 'unknown_unit',
        message:
          children.length === 0
            ? `${where} chưa có danh sách khu phố, ấp / ${where} has no neighbourhoods loaded`
            : `Không có khu phố/ấp "${name}" trong ${where} / no neighbourhood "${name}" in ${where}`,
        candidates: (matches.length > 1 ? matches : children).slice(0, MAX_CANDIDATES).map((u) => ({ code: u.code, name: u.name, parent: where })),
      },
    };
  }

  /** The unit valid on `date` that a code names: a key (valid that day), or an official code. */
  unitOn(code: string, date: string): Unit | undefined {
    return this.eras.unitOn(code, date);
  }

  private noCodeOn(code: string, date: string): string {
    const periods = [...this.hierarchy.byCode.values()].filter((u) => u.code === code || officialCode(u.code) === code);
    if (periods.length === 0) return `Không có đơn vị mã ${code} / no unit with code ${code}`;
    const day = date === LATEST ? 'hôm nay / today' : displayDate(date);
    const held = periods.map((u) => `${displayDate(u.validFrom)}–${u.validTo === null ? '' : displayDate(u.validTo)}`).join(', ');
    return `Không có đơn vị mã ${code} vào ngày ${day} (mã có hiệu lực ${held}) / no unit with code ${code} on ${day} (the code is valid ${held})`;
  }
}

/** Resolves ward and district names within one tree: the units valid on one date. */
class TreeResolver {
  private readonly byCoreName = new Map<string, Unit[]>();
  /** Whether the tree has a tier between its root and its wards (HCMC lost it on 01/07/2025). */
  private readonly hasDistricts: boolean;

  constructor(private readonly hierarchy: Hierarchy) {
    this.hasDistricts = [...hierarchy.byCode.values()].some((u) => u.parentCode !== null && !answersWardName(u));
    for (const unit of hierarchy.byCode.values()) {
      const key = coreName(unit.name);
      const list = this.byCoreName.get(key);
      if (list) list.push(unit);
      else this.byCoreName.set(key, [unit]);
    }
  }

  resolve(ward: string | null, district: string | null): Resolution {
    if (ward === null) {
      return {
        ok: false,
        error: { field: 'unit', code: 'missing', message: 'Thiếu mã đơn vị hoặc tên phường/xã / unit code or ward name is missing' },
      };
    }
    const wardPrefix = kindPrefix(ward);
    let matches = (this.byCoreName.get(coreName(ward)) ?? []).filter((u) => answersWardName(u) && (wardPrefix === null || kindPrefix(u.name) === wardPrefix));
    let note: string | undefined;
    // Officers kept writing the district after the tier was abolished: on such a date the ward's
    // name alone decides, and the row says the district was set aside.
    if (district !== null && !this.hasDistricts) {
      note = `Bản đồ ngày này không còn cấp quận/huyện: đã bỏ qua "${district}" / this date's map has no district tier: "${district}" was set aside`;
      district = null;
    }
    if (district !== null) ({ units: matches, note } = this.within(matches, district));
    if (matches.length === 0) {
      const successor = this.successorOf(ward, district);
      if (successor !== undefined) return { ok: true, code: successor.successorCode, note: formerWardNote(successor) };
      if (district !== null && formerDistrict(district) === undefined && !this.namesDistrict(district)) return this.outsideTree(ward, district);
    }
    // A district holds no two units with the same name, so the finest match is the answer.
    if (matches.length === 1) return note === undefined ? { ok: true, code: matches[0].code } : { ok: true, code: matches[0].code, note };
    const where = district === null ? ward : `${ward}, ${district}`;
    if (matches.length > 1) {
      return {
        ok: false,
        error: {
          field: district === null ? 'ward' : 'district',
          code: 'ambiguous_unit',
          message: `"${where}" khớp ${matches.length} đơn vị, hãy ghi rõ quận/huyện hoặc mã / matches ${matches.length} units: give the district or the code`,
          candidates: matches.slice(0, MAX_CANDIDATES).map((u) => this.candidate(u)),
        },
      };
    }
    const near = this.nearNames(ward, district).map((u) => this.candidate(u));
    return {
      ok: false,
      error: {
        field: 'ward',
        code: 'unknown_unit',
        message: `Không tìm thấy đơn vị "${where}" / no unit named "${where}"`,
        candidates: near,
      },
    };
  }

  /**
   * Units an unknown name may have meant, for the officer to pick from: within the named district
   * when it has any, those the search finds by name or prefix, else those spelt within a couple of
   * letters ("Ben Nge" for Bến Nghé, a typo or one mark off) or named with words added.
   */
  private nearNames(ward: string, district: string | null): Unit[] {
    // The right name in the wrong district (a ward put under a former district, say): the units
    // of that very name, wherever they are, come before anything spelt like it in the district.
    const named = (this.byCoreName.get(coreName(ward)) ?? []).filter(answersWardName);
    if (district !== null && named.length > 0) return named.slice(0, NEAR_CANDIDATES);
    const below = [...this.hierarchy.byCode.values()].filter(answersWardName);
    const inDistrict = district === null ? [] : this.within(below, district).units;
    const pool = inDistrict.length > 0 ? inDistrict : below;
    const found = searchUnits(pool, ward, NEAR_CANDIDATES).map((h) => h.unit);
    if (found.length > 0) return found;
    const wanted = coreName(ward);
    const allowed = Math.max(1, Math.floor(wanted.length / 4));
    // A name with words added to a unit's name ("Bến Nghé Mới") counts as near as a typo.
    const apart = (core: string) => (wanted.startsWith(core + ' ') ? 1 : distance(core, wanted));
    return pool
      .map((unit) => ({ unit, d: apart(coreName(unit.name)) }))
      .filter((x) => x.d <= allowed)
      .sort((a, b) => a.d - b.d || a.unit.code.localeCompare(b.unit.code))
      .slice(0, NEAR_CANDIDATES)
      .map((x) => x.unit);
  }

  /**
   * The units under a district named any way ("Quan 1", "Q.1", "Quận 1"). A former district
   * ("Quận 9") that the tree no longer holds means its successor, with a note saying so.
   */
  private within(units: readonly Unit[], district: string): { units: Unit[]; note?: string } {
    const former = formerDistrict(district);
    if (former !== undefined && !this.holdsDistrict(district)) {
      const successor = coreName(former.successor);
      const successorPrefix = kindPrefix(former.successor);
      const under = units.filter((u) =>
        this.hierarchy.ancestorsOf(u.code).some((a) => coreName(a.name) === successor && kindPrefix(a.name) === successorPrefix),
      );
      return { units: under, note: formerDistrictNote(former) };
    }
    const districtCore = coreName(district);
    return { units: units.filter((u) => this.hierarchy.ancestorsOf(u.code).some((a) => coreName(a.name) === districtCore)) };
  }

  /**
   * The ward that took over an abolished or renamed ward of this name (and district): only when
   * the tree holds no ward of that name there, and the name means one successor, held by the tree.
   */
  private successorOf(ward: string, district: string | null): FormerWard | undefined {
    const formers = formerWardsNamed(ward, district).filter((f) => this.hierarchy.get(f.successorCode));
    return new Set(formers.map((f) => f.successorCode)).size === 1 ? formers[0] : undefined;
  }

  /** Whether any unit above ward level carries this name ("Gò Vấp", "Q. Gò Vấp", "Huyện Bình Chánh"). */
  private namesDistrict(district: string): boolean {
    const prefix = kindPrefix(district);
    return (this.byCoreName.get(coreName(district)) ?? []).some((u) => !answersWardName(u) && (prefix === null || kindPrefix(u.name) === prefix));
  }

  /**
   * A district the tree does not hold ("Quận Ba Đình", "TP. Dĩ An"): the row is refused on the
   * district field, naming the tree's root, and the wards of that name in the tree are offered
   * in case the district was miswritten.
   */
  private outsideTree(ward: string, district: string): Resolution {
    const root = [...this.hierarchy.byCode.values()].find((u) => u.parentCode === null);
    const rootName = root?.name ?? 'bản đồ';
    const named = (this.byCoreName.get(coreName(ward)) ?? []).filter(answersWardName);
    return {
      ok: false,
      error: {
        field: 'district',
        code: 'unknown_district',
        message: `"${district}" không phải quận/huyện của ${rootName} / "${district}" is not a district of ${root?.name ?? 'the map'}`,
        candidates: named.slice(0, NEAR_CANDIDATES).map((u) => this.candidate(u)),
      },
    };
  }

  /** Whether the tree has a unit named as this district, prefix included ("Quận 9" in a 2019 tree). */
  private holdsDistrict(district: string): boolean {
    const prefix = kindPrefix(district);
    return (this.byCoreName.get(coreName(district)) ?? []).some((u) => !answersWardName(u) && kindPrefix(u.name) === prefix);
  }

  private candidate(unit: Unit): Candidate {
    const parent = unit.parentCode === null ? undefined : this.hierarchy.get(unit.parentCode);
    return { code: unit.code, name: unit.name, parent: parent ? parent.name : null };
  }
}

/**
 * Whether a unit may answer a ward name: below the root, not a district, city or province, and
 * not a neighbourhood (an "Ấp Bình Mỹ" must not make "Bình Mỹ" ambiguous: neighbourhoods are
 * named in their own column, within their ward).
 */
function answersWardName(unit: Unit): boolean {
  if (unit.parentCode === null || ABOVE_WARD_KINDS.has(unit.kind) || isBelowWard(unit.kind)) return false;
  const prefix = kindPrefix(unit.name);
  return prefix === null || !ABOVE_WARD_PREFIXES.has(prefix);
}
