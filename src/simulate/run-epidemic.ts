import type { Setting, SourcePlace } from '../core/cube/daily-facts.ts';
import { dateOf, isoInstant, localInstantMs } from './calendar.ts';
import type { ClusterPlace, EpidemicModel } from './model.ts';
import { CLUSTER_PLACES } from './model.ts';
import { Random } from './random.ts';
import { caseRecord, recordKey, type SimulatedCase, type SimulatedRecord } from './records.ts';

const DAY_SECONDS = 86_400;

interface ActiveCluster {
  id: string;
  remaining: number;
  daysLeft: number;
  place: ClusterPlace | undefined;
  sourceKnown: boolean;
}

interface Pending {
  at: number;
  record: SimulatedRecord;
}

/**
 * Runs a compiled epidemic and yields its records in the order the CDC would have sent them
 * (by `reportedAt`, then a stable key). A discrete renewal process per unit: each day's expected
 * cases are the recent cases weighted by the generation interval, times the unit's reproduction
 * number, plus a share of its neighbours' pressure and sporadic introductions, damped as the
 * reachable population is used up; the count is a negative binomial draw around that. Every case
 * is then given a setting, a source, perhaps a cluster and a household.
 *
 * Streams: records confirmed on day D are reported on D or later, so once day D is simulated every
 * record reported on D is known and can be yielded; memory stays bounded at national scale.
 */
export function* runEpidemic(model: EpidemicModel, seed: number): Generator<SimulatedRecord> {
  const counting = new Random(seed, 'counts');
  const cases = new Random(seed, 'cases');
  const reporting = new Random(seed, 'reporting');
  const n = model.units.length;
  const days = model.lastDay - model.firstDay + 1;
  const gTotal = model.generationInterval.reduce((a, b) => a + b, 0);
  const g = model.generationInterval.map((w) => w / gTotal);
  const history = g.length;
  const counts = new Int32Array((history + days) * n);
  const cumulative = new Float64Array(n);
  const own = new Float64Array(n);
  const pressure = new Float64Array(n);
  const population = model.units.map((u) => u.population);

  // Where a unit's exported pressure lands: its neighbours, in proportion to their population.
  const exportTo = model.neighbours.map((nb) => {
    const total = nb.reduce((s, v) => s + population[v], 0);
    return nb.map((v) => ({ v, w: total > 0 ? population[v] / total : 0 }));
  });
  const populationCumulative = cumulativeOf(population);

  for (let h = 0; h < history; h++) {
    for (let u = 0; u < n; u++) counts[h * n + u] = counting.poisson(model.initialDailyCases(u));
  }

  const clusters: ActiveCluster[][] = Array.from({ length: n }, () => []);
  const clusterSeq = new Int32Array(n);
  const households = new Set<number>();
  const buckets = new Map<number, Pending[]>();
  let caseSeq = 0;

  const push = (record: SimulatedRecord, at: number): void => {
    const day = Math.floor((at + 7 * 3_600_000) / 86_400_000);
    const list = buckets.get(day);
    const pending = { at, record };
    if (list) list.push(pending);
    else buckets.set(day, [pending]);
  };

  const reportInstant = (day: number): number => {
    const delay = reporting.weighted(model.reporting.delayDays);
    const hour = model.reporting.batchHours[reporting.int(model.reporting.batchHours.length)];
    return localInstantMs(day + delay, hour * 3600 + reporting.int(3600));
  };

  // Household ids are 40 random bits written as 10 hex digits; the set keeps them unique.
  const newHousehold = (): string => {
    for (;;) {
      const bits = cases.uint32() * 256 + (cases.uint32() >>> 24);
      if (!households.has(bits)) {
        households.add(bits);
        return `hh-${bits.toString(16).padStart(10, '0')}`;
      }
    }
  };

  const emitCase = (draft: Omit<SimulatedCase, 'kind' | 'id' | 'version' | 'reportedAt' | 'void'>, day: number, u: number, inCluster: boolean): void => {
    caseSeq++;
    const id = `SIM-${String(caseSeq).padStart(7, '0')}`;
    const at = reportInstant(day);
    push(caseRecord(draft, id, 1, isoInstant(at)), at);
    // Cluster cases are never retracted or moved, so every cluster keeps its (at least two) cases.
    if (inCluster) return;
    const c = model.corrections;
    const roll = reporting.next();
    if (roll >= c.voidShare + c.share) return;
    const later = at + (c.minDelayDays + reporting.int(c.maxDelayDays - c.minDelayDays + 1)) * DAY_SECONDS * 1000 + reporting.int(3600) * 1000;
    if (roll < c.voidShare) {
      push(caseRecord(draft, id, 2, isoInstant(later), true), later);
      return;
    }
    // A correction: the source traced later, the case found to have been in quarantine, or the address fixed.
    const fixed = { ...draft };
    if (fixed.setting === 'community' && !fixed.sourceKnown) {
      fixed.sourceKnown = true;
      if (cases.chance(0.5)) fixed.sourcePlace = 'household';
    } else if (fixed.setting === 'community') {
      fixed.setting = 'quarantine';
      delete fixed.sourcePlace;
    } else if (model.neighbours[u].length > 0) {
      fixed.unit = model.units[model.neighbours[u][cases.int(model.neighbours[u].length)]].code;
    } else return;
    push(caseRecord(fixed, id, 2, isoInstant(later)), later);
  };

  const placeWeightsFor = (u: number): number[] => {
    const host = model.clusters.hosts.get(u);
    return CLUSTER_PLACES.map(
      (p) => model.clusters.placeWeights[p] * (p === host ? model.clusters.hostBoost : 1) * (p === 'industrial_zone' && host !== p ? 0 : 1),
    );
  };
  const knownPlaces = Object.entries(model.knownSourcePlaces) as [SourcePlace | 'none', number][];
  const knownPlaceWeights = knownPlaces.map(([, w]) => w);

  for (let t = 0; t < days; t++) {
    const day = model.firstDay + t;
    const row = (history + t) * n;

    // 1. How many cases each unit confirms today.
    for (let u = 0; u < n; u++) {
      let s = 0;
      for (let lag = 1; lag <= history; lag++) s += g[lag - 1] * counts[row - lag * n + u];
      own[u] = s;
      pressure[u] = exportTo[u].length > 0 ? (1 - model.neighbourShare) * s : s;
    }
    for (let u = 0; u < n; u++) {
      if (own[u] === 0) continue;
      for (const { v, w } of exportTo[u]) pressure[v] += model.neighbourShare * own[u] * w;
    }
    for (let u = 0; u < n; u++) {
      const reachable = population[u] * model.susceptibleShare;
      const left = Math.max(0, 1 - cumulative[u] / reachable);
      const mean = model.reproduction(u, day) * left * pressure[u] + model.introductions(u, day) * left;
      const drawn = counting.negativeBinomial(mean, model.dispersion);
      counts[row + u] = Math.min(drawn, Math.max(0, Math.floor(reachable - cumulative[u])));
    }

    // 2. Who they are: clusters, households, settings, sources.
    const date = dateOf(day);
    const moved = new Int32Array(n);
    for (let u = 0; u < n; u++) {
      const total = counts[row + u];
      // Nothing to attribute (draws nothing from the generator, so skipping changes no output).
      if (total === 0 && clusters[u].length === 0) continue;
      const unit = model.units[u].code;
      let community = cases.binomial(total, model.communityShare(u, day));
      let lockdown = cases.binomial(total - community, model.lockdownShare(u, day));
      let quarantine = total - community - lockdown;

      const clusterCase = (cluster: ActiveCluster, setting: Setting): void => {
        let at = u;
        if (cluster.place === 'industrial_zone' || cluster.place === 'market') {
          if (model.neighbours[u].length > 0 && cases.chance(model.clusters.spilloverShare)) {
            at = model.neighbours[u][cases.int(model.neighbours[u].length)];
            moved[u]--;
            moved[at]++;
          }
        }
        const draft = {
          confirmedDate: date,
          unit: model.units[at].code,
          setting,
          sourceKnown: cluster.sourceKnown,
          sourcePlace: cluster.place,
          cluster: cluster.id,
        };
        emitCase(draft, day, at, true);
      };

      // Clusters already found go on claiming cases: first in the community, later among their quarantined contacts.
      const active = clusters[u];
      for (let i = active.length - 1; i >= 0; i--) {
        const cluster = active[i];
        const want = Math.min(cluster.remaining, Math.max(1, Math.round(cluster.remaining / cluster.daysLeft)));
        for (let k = 0; k < want; k++) {
          if (community > 0 && (quarantine === 0 || cases.chance(0.6))) {
            community--;
            clusterCase(cluster, 'community');
          } else if (quarantine > 0) {
            quarantine--;
            clusterCase(cluster, 'quarantine');
          } else break;
          cluster.remaining--;
        }
        cluster.daysLeft--;
        if (cluster.daysLeft <= 0 || cluster.remaining <= 0) active.splice(i, 1);
      }

      // New clusters need at least two community cases on the day they are found.
      if (community >= 2) {
        const host = model.clusters.hosts.get(u);
        const rate = model.clusters.perCommunityCase * community * (host ? model.clusters.hostBoost : 1);
        const found = Math.min(Math.floor(community / 2), cases.poisson(rate));
        for (let c = 0; c < found; c++) {
          const sourceKnown = !cases.chance(model.clusters.unknownSourceShare);
          const place = sourceKnown ? CLUSTER_PLACES[cases.weighted(placeWeightsFor(u))] : undefined;
          const size = 2 + cases.negativeBinomial(Math.max(0, model.clusters.meanSize - 2), 1);
          const cluster: ActiveCluster = {
            id: `SIM-C${unit}-${++clusterSeq[u]}`,
            remaining: size,
            daysLeft: 1 + cases.int(model.clusters.maxDays),
            place,
            sourceKnown,
          };
          // Leave two community cases for each cluster still to be found today.
          const reserve = 2 * (found - c - 1);
          const first = Math.max(2, Math.min(community - reserve, Math.round(size / cluster.daysLeft)));
          for (let k = 0; k < first; k++) clusterCase(cluster, 'community');
          community -= first;
          cluster.remaining -= first;
          cluster.daysLeft--;
          if (cluster.remaining > 0 && cluster.daysLeft > 0) active.push(cluster);
        }
      }

      // The rest, single cases and households: household members after the first are mostly found
      // already quarantined at home.
      while (community + quarantine + lockdown > 0) {
        const pick = cases.weighted([community, quarantine, lockdown]);
        const setting: Setting = pick === 0 ? 'community' : pick === 1 ? 'quarantine' : 'lockdown';
        if (pick === 0) community--;
        else if (pick === 1) quarantine--;
        else lockdown--;
        let household: string | undefined;
        let members = 0;
        if (cases.chance(model.households.share)) {
          household = newHousehold();
          members = Math.min(cases.geometric(model.households.meanExtraMembers), community + quarantine + lockdown);
        }
        if (setting === 'community') {
          const sourceKnown = cases.chance(model.sourceKnownShare(u, day));
          let sourcePlace: SourcePlace | undefined;
          if (sourceKnown) {
            const p = knownPlaces[cases.weighted(knownPlaceWeights)][0];
            if (p !== 'none') sourcePlace = p;
          }
          emitCase({ confirmedDate: date, unit, setting, sourceKnown, sourcePlace, household }, day, u, false);
        } else {
          emitCase({ confirmedDate: date, unit, setting, sourceKnown: cases.chance(0.97), household }, day, u, false);
        }
        for (let m = 0; m < members; m++) {
          const pool = quarantine > 0 ? 1 : lockdown > 0 ? 2 : 0;
          if (pool === 1) quarantine--;
          else if (pool === 2) lockdown--;
          else community--;
          const memberSetting: Setting = pool === 1 ? 'quarantine' : pool === 2 ? 'lockdown' : 'community';
          emitCase({ confirmedDate: date, unit, setting: memberSetting, sourceKnown: true, sourcePlace: 'household', household }, day, u, false);
        }
      }
    }
    for (let u = 0; u < n; u++) {
      counts[row + u] += moved[u];
      cumulative[u] += counts[row + u];
    }

    // Cases found in quarantine on arrival from abroad: they do not transmit in the city.
    const imported = cases.poisson(model.importedPerDay);
    const importedAt = new Int32Array(n);
    for (let i = 0; i < imported; i++) {
      const u = pickCumulative(populationCumulative, cases.next());
      importedAt[u]++;
      emitCase({ confirmedDate: date, unit: model.units[u].code, setting: 'imported', sourceKnown: true }, day, u, false);
    }

    // 3. Test counts, reported the next morning; now and then a revised count a day later.
    if (model.tests) {
      const screening = model.tests.screeningPer1000PerDay(day);
      for (let u = 0; u < n; u++) {
        const positive = counts[row + u] + importedAt[u];
        const tested = positive + counting.poisson((population[u] * screening) / 1000 + positive * model.tests.testsPerCase);
        if (tested === 0) continue;
        const unit = model.units[u].code;
        const at = localInstantMs(day + 1, 6 * 3600 + reporting.int(4 * 3600));
        push({ kind: 'test', unit, date, tested, positive, suspected: null, reportedAt: isoInstant(at) }, at);
        if (reporting.chance(model.tests.revisionShare)) {
          const later = localInstantMs(day + 2, 6 * 3600 + reporting.int(4 * 3600));
          const revised = tested + 1 + reporting.poisson(tested * 0.1);
          push({ kind: 'test', unit, date, tested: revised, positive, suspected: null, reportedAt: isoInstant(later) }, later);
        }
      }
    }

    yield* drain(buckets, day);
  }
  const rest = [...buckets.keys()].sort((a, b) => a - b);
  for (const day of rest) yield* drain(buckets, day);
}

function* drain(buckets: Map<number, Pending[]>, day: number): Generator<SimulatedRecord> {
  const list = buckets.get(day);
  if (!list) return;
  buckets.delete(day);
  list.sort((a, b) => a.at - b.at || compareKeys(recordKey(a.record), recordKey(b.record)));
  for (const p of list) yield p.record;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cumulativeOf(values: readonly number[]): Float64Array {
  const out = new Float64Array(values.length);
  let s = 0;
  for (let i = 0; i < values.length; i++) out[i] = s += values[i];
  return out;
}

function pickCumulative(cumulative: Float64Array, x: number): number {
  const target = x * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
