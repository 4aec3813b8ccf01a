import type { Bilingual, ConditionType } from './rulebook.ts';

/** The figures a condition of each type reports when it holds; reason templates may use exactly these. */
export const FIGURE_NAMES: Record<ConditionType, readonly string[]> = {
  cases: ['count', 'window', 'from', 'to'],
  rate: ['count', 'population', 'rate', 'threshold', 'per', 'window', 'from', 'to'],
  clusters: ['clusters', 'minCases', 'window', 'from', 'to'],
  source_places: ['count', 'places', 'window', 'from', 'to'],
  households: ['households', 'window', 'from', 'to'],
  positivity: ['positive', 'tested', 'positivity', 'threshold', 'window', 'from', 'to'],
  risk_factor: ['factor', 'value', 'note', 'since', 'until'],
  neighbour: ['neighbours', 'count', 'state'],
  children_share: ['count', 'total', 'share', 'threshold', 'state'],
  children_count: ['count', 'total', 'state'],
  all: [],
};

export type Figures = Record<string, string | number>;

const PLACE_NAMES: Record<string, Bilingual> = {
  industrial_zone: { vi: 'khu công nghiệp', en: 'industrial zone' },
  school: { vi: 'trường học', en: 'school' },
  market: { vi: 'chợ', en: 'market' },
  supermarket: { vi: 'siêu thị', en: 'supermarket' },
  hospital: { vi: 'bệnh viện', en: 'hospital' },
  workplace: { vi: 'nơi làm việc', en: 'workplace' },
  household: { vi: 'hộ gia đình', en: 'household' },
  other: { vi: 'nơi khác', en: 'other place' },
};

/** Appended to every reason of an unverified criterion, so no reader takes an inference for the text of a decision. */
export const INFERRED_NOTE: Bilingual = {
  vi: ' (quy tắc suy luận, chưa xác minh với văn bản gốc)',
  en: ' (inferred rule, not verified against the primary text)',
};

/** Placeholders `{name}` a template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]);
}

/** Fills a reason template with figures in one language: numbers with that language's decimal mark, places by name. */
export function renderReason(template: string, figures: Figures, lang: 'vi' | 'en'): string {
  return compileReason(template)(figures, lang);
}

export type ReasonRenderer = (figures: Figures, lang: 'vi' | 'en') => string;

/**
 * A template split once into its text and placeholders, as a function filling it like
 * `renderReason`. A recompute publishes tens of thousands of reasons from a few templates, and
 * matching the placeholders anew in each was the largest part of explaining them in a profile
 * of the API benchmark (renderReason with formatNumber: 376 ms of explain's 847 ms).
 */
export function compileReason(template: string): ReasonRenderer {
  // Odd entries are placeholder names, even entries the text between them.
  const parts = template.split(/\{([A-Za-z]+)\}/);
  return (figures, lang) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += fill(parts[i], figures, lang) + parts[i + 1];
    return out;
  };
}

function fill(name: string, figures: Figures, lang: 'vi' | 'en'): string {
  const value = figures[name];
  if (value === undefined) return `{${name}}`;
  if (name === 'places')
    return String(value)
      .split(',')
      .map((p) => PLACE_NAMES[p]?.[lang] ?? p)
      .join(', ');
  if (typeof value === 'number') return formatNumber(value, lang);
  return value;
}

/** Vietnamese writes 100.000 and 5,56; English 100,000 and 5.56. At most two decimals. */
function formatNumber(value: number, lang: 'vi' | 'en'): string {
  const rounded = Math.round(value * 100) / 100;
  // Most figures are counts and windows under a thousand: nothing to group, no decimal mark.
  if (Number.isInteger(rounded) && rounded > -1000 && rounded < 1000) return String(rounded);
  const [whole, fraction] = String(Math.abs(rounded)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'vi' ? '.' : ',');
  return (rounded < 0 ? '-' : '') + grouped + (fraction ? (lang === 'vi' ? ',' : '.') + fraction : '');
}
