/**
 * The open data's one source of truth (issue #20 item 5, docs/open-data.md): every dataset, and
 * every field of it in file order, with what it means, its unit, its type and where it comes
 * from. The exporters write the columns this lists and nothing else, the dictionary endpoint and
 * the downloads page show it, and a test fails when a row carries a field it does not describe.
 */

export interface Bilingual {
  vi: string;
  en: string;
}

export const OPEN_DATASETS = ['levels', 'reasons', 'daily-counts', 'standings'] as const;
export type OpenDataset = (typeof OPEN_DATASETS)[number];

export const OPEN_FORMATS = ['csv', 'json', 'geojson'] as const;
export type OpenFormat = (typeof OPEN_FORMATS)[number];

/**
 * How a value is written. `count` is a whole number at ward level and above and, below the ward,
 * a band label ("0", "1–4", "5–9", … "≥1000"); `rate` likewise a number or the range the band allows.
 */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'count' | 'rate' | 'json';

export interface FieldEntry {
  name: string;
  type: FieldType;
  /** The unit of measure (people, days, a level index…); null for a name or a code. */
  unit: Bilingual | null;
  meaning: Bilingual;
  source: Bilingual;
  /** Whether a cell may be empty (CSV) / null (JSON). */
  nullable: boolean;
}

export interface DatasetEntry {
  id: OpenDataset;
  title: Bilingual;
  /** What one row is. */
  row: Bilingual;
  description: Bilingual;
  formats: readonly OpenFormat[];
  fields: readonly FieldEntry[];
}

const SOURCE = {
  geography: { vi: 'Danh mục đơn vị hành chính (Tổng cục Thống kê)', en: 'Administrative unit list (General Statistics Office)' },
  census: { vi: 'Tổng điều tra dân số và nhà ở 01/04/2019 (Tổng cục Thống kê)', en: '2019 Population and Housing Census (GSO)' },
  assessment: {
    vi: 'Đánh giá đã công bố của Vùng Xanh theo bộ tiêu chí (mặc định Quyết định 2686/QĐ-BCĐQG)',
    en: 'Published Vùng Xanh assessments under the rulebook (default Decision 2686/QĐ-BCĐQG)',
  },
  rulebook: { vi: 'Bộ tiêu chí (thư mục rulebooks/)', en: 'The rulebook (rulebooks/ folder)' },
  cases: { vi: 'Ca bệnh và số đếm hằng ngày do CDC thành phố gửi', en: 'Case records and daily counts sent by the city CDC' },
  tests: { vi: 'Báo cáo xét nghiệm hằng ngày do CDC thành phố gửi', en: 'Daily test reports sent by the city CDC' },
  campaign: { vi: 'Bảng xếp hạng thi đua của Vùng Xanh (tệp chiến dịch campaigns/)', en: 'Vùng Xanh campaign standings (campaigns/ file)' },
  system: { vi: 'Vùng Xanh', en: 'Vùng Xanh' },
} satisfies Record<string, Bilingual>;

const PEOPLE = { vi: 'người', en: 'people' };
const CASES = { vi: 'ca', en: 'cases' };
const DAYS = { vi: 'ngày', en: 'days' };
const LEVEL = { vi: 'chỉ số mức (0 = xanh nhất)', en: 'level index (0 = greenest)' };

function field(name: string, type: FieldType, meaning: Bilingual, source: Bilingual, unit: Bilingual | null = null, nullable = false): FieldEntry {
  return { name, type, unit, meaning, source, nullable };
}

const date = (meaning: Bilingual) => field('date', 'date', meaning, SOURCE.system);

/** The fields that name a unit, first in every per-unit dataset. */
const UNIT_FIELDS: FieldEntry[] = [
  field(
    'code',
    'string',
    { vi: 'Mã đơn vị (mã Tổng cục Thống kê; khu phố, ấp: <mã phường>-<số>)', en: 'Unit code (GSO code; neighbourhoods: <ward code>-<number>)' },
    SOURCE.geography,
  ),
  field('name', 'string', { vi: 'Tên đơn vị, đủ dấu', en: 'Unit name, with diacritics' }, SOURCE.geography),
  field('kind', 'string', { vi: 'Cấp: city, district, ward, neighbourhood', en: 'Tier: city, district, ward, neighbourhood' }, SOURCE.geography),
  field('parent_code', 'string', { vi: 'Mã đơn vị cấp trên (trống với thành phố)', en: 'Parent unit code (empty for the city)' }, SOURCE.geography, null, true),
];

const SIMULATED = field(
  'simulated',
  'boolean',
  { vi: 'true khi số liệu là mô phỏng (bản trình diễn), không phải số liệu thật', en: 'true when the figures are simulated (the demo), not real' },
  SOURCE.system,
);

const LEVEL_FIELDS = (source: Bilingual): FieldEntry[] => [
  field('level', 'integer', { vi: 'Mức nguy cơ: chỉ số trạng thái của bộ tiêu chí', en: 'Risk level: index of the rulebook state' }, source, LEVEL),
  field('state', 'string', { vi: 'Mã trạng thái (new_normal, risk, high, very_high)', en: 'State id (new_normal, risk, high, very_high)' }, source),
];

export const DICTIONARY: readonly DatasetEntry[] = [
  {
    id: 'levels',
    title: { vi: 'Mức độ nguy cơ', en: 'Risk levels' },
    row: { vi: 'một đơn vị vào một ngày', en: 'one unit on one date' },
    description: {
      vi: 'Mức độ nguy cơ đã công bố của mọi đơn vị được đánh giá, theo ngày. GeoJSON kèm ranh giới.',
      en: 'The published risk level of every assessed unit, per date. GeoJSON joins the boundaries.',
    },
    formats: ['csv', 'json', 'geojson'],
    fields: [
      date({ vi: 'Ngày đánh giá (giờ Việt Nam)', en: 'Date assessed (Viet Nam time)' }),
      ...UNIT_FIELDS,
      ...LEVEL_FIELDS(SOURCE.assessment),
      field('level_name_vi', 'string', { vi: 'Tên mức, tiếng Việt', en: 'Level name, Vietnamese' }, SOURCE.rulebook),
      field('level_name_en', 'string', { vi: 'Tên mức, tiếng Anh', en: 'Level name, English' }, SOURCE.rulebook),
      field('rulebook', 'string', { vi: 'Mã bộ tiêu chí (vn-2686)', en: 'Rulebook id (vn-2686)' }, SOURCE.rulebook),
      field('published_at', 'datetime', { vi: 'Thời điểm công bố mức này (UTC)', en: 'When this level was published (UTC)' }, SOURCE.assessment),
      SIMULATED,
    ],
  },
  {
    id: 'reasons',
    title: { vi: 'Lý do xếp mức', en: 'Reasons for the levels' },
    row: { vi: 'một tiêu chí đã thỏa của một đơn vị vào một ngày', en: 'one criterion that held for one unit on one date' },
    description: {
      vi: 'Mỗi điều kiện đã thỏa và nâng mức của đơn vị, với số liệu đã kích hoạt nó. Đơn vị xanh không có lý do nên không có dòng.',
      en: 'Every condition that held and raised a unit’s level, with the figures that triggered it. A green unit has no reason, hence no row.',
    },
    formats: ['csv', 'json'],
    fields: [
      date({ vi: 'Ngày đánh giá', en: 'Date assessed' }),
      ...UNIT_FIELDS,
      ...LEVEL_FIELDS(SOURCE.assessment),
      field('criterion', 'string', { vi: 'Mã tiêu chí (override: điều chỉnh thủ công)', en: 'Criterion id (override: an analyst override)' }, SOURCE.rulebook),
      field('criterion_state', 'string', { vi: 'Trạng thái mà tiêu chí nâng đơn vị lên', en: 'State the criterion raises the unit to' }, SOURCE.rulebook),
      field('reason_vi', 'string', { vi: 'Lý do, tiếng Việt', en: 'Reason, Vietnamese' }, SOURCE.assessment),
      field('reason_en', 'string', { vi: 'Lý do, tiếng Anh', en: 'Reason, English' }, SOURCE.assessment),
      field(
        'figures',
        'json',
        {
          vi: 'Số liệu đã kích hoạt tiêu chí (đối tượng JSON; dưới cấp phường là khoảng)',
          en: 'Figures that triggered the criterion (a JSON object; below the ward, bands)',
        },
        SOURCE.assessment,
      ),
      field(
        'verified',
        'boolean',
        { vi: 'false khi tiêu chí là suy luận, chưa kiểm chứng', en: 'false when the criterion is inferred, not verified' },
        SOURCE.rulebook,
      ),
      field('citation', 'string', { vi: 'Văn bản mà tiêu chí dựa vào', en: 'What the criterion rests on' }, SOURCE.rulebook),
      field('rulebook', 'string', { vi: 'Mã bộ tiêu chí', en: 'Rulebook id' }, SOURCE.rulebook),
      SIMULATED,
    ],
  },
  {
    id: 'daily-counts',
    title: { vi: 'Số ca và xét nghiệm hằng ngày', en: 'Daily cases and tests' },
    row: { vi: 'một đơn vị vào một ngày', en: 'one unit on one date' },
    description: {
      vi: 'Ca bệnh xác nhận trong ngày theo nơi phát hiện và nguồn lây, cùng xét nghiệm. Cấp trên cộng dồn cấp dưới. Dưới cấp phường: khoảng ("1–4"), không phải số chính xác.',
      en: 'Cases confirmed on the date by setting and source, with tests. Higher tiers sum their children. Below the ward: bands ("1–4"), not exact counts.',
    },
    formats: ['csv', 'json'],
    fields: [
      date({ vi: 'Ngày xác nhận ca / ngày báo cáo xét nghiệm', en: 'Date confirmed / date of the test report' }),
      ...UNIT_FIELDS,
      field(
        'banded',
        'boolean',
        { vi: 'true khi số liệu là khoảng (đơn vị dưới cấp phường)', en: 'true when figures are bands (units below the ward)' },
        SOURCE.system,
      ),
      field('cases', 'count', { vi: 'Tổng số ca xác nhận', en: 'All confirmed cases' }, SOURCE.cases, CASES),
      field('community_known_source', 'count', { vi: 'Ca cộng đồng, rõ nguồn lây', en: 'Community cases, source known' }, SOURCE.cases, CASES),
      field('community_unknown_source', 'count', { vi: 'Ca cộng đồng, chưa rõ nguồn lây', en: 'Community cases, source unknown' }, SOURCE.cases, CASES),
      field('quarantine', 'count', { vi: 'Ca phát hiện trong khu cách ly', en: 'Cases found in quarantine' }, SOURCE.cases, CASES),
      field('lockdown', 'count', { vi: 'Ca phát hiện trong khu phong tỏa', en: 'Cases found in a sealed area' }, SOURCE.cases, CASES),
      field('imported', 'count', { vi: 'Ca nhập cảnh', en: 'Imported cases' }, SOURCE.cases, CASES),
      field(
        'tested',
        'count',
        { vi: 'Số xét nghiệm (trống: không có báo cáo)', en: 'Tests performed (empty: no report)' },
        SOURCE.tests,
        { vi: 'mẫu', en: 'tests' },
        true,
      ),
      field(
        'positive',
        'count',
        { vi: 'Số xét nghiệm dương tính (trống: không có báo cáo)', en: 'Positive tests (empty: no report)' },
        SOURCE.tests,
        { vi: 'mẫu', en: 'tests' },
        true,
      ),
      field('suspected', 'count', { vi: 'Ca nghi nhiễm (chỉ tham khảo)', en: 'Suspected cases (for information only)' }, SOURCE.tests, CASES, true),
      SIMULATED,
    ],
  },
  {
    id: 'standings',
    title: { vi: 'Bảng xếp hạng thi đua', en: 'Campaign standings' },
    row: { vi: 'một đơn vị của một nhóm thi đua vào một ngày', en: 'one unit of one campaign group on one date' },
    description: {
      vi: 'Xếp hạng từng nhóm thi đua: bảng chính thức khi đã chốt, nếu chưa thì tạm tính. Xếp trên số liệu chính xác; dưới cấp phường, ca và tỷ lệ công bố theo khoảng.',
      en: 'Each campaign group’s ranking: the official cut once made, provisional before. Ranked on exact data; below the ward, cases and rates are published as bands.',
    },
    formats: ['csv', 'json'],
    fields: [
      date({ vi: 'Ngày của bảng xếp hạng', en: 'Date of the standings' }),
      field('campaign', 'string', { vi: 'Mã chiến dịch thi đua', en: 'Campaign id' }, SOURCE.campaign),
      field('group', 'string', { vi: 'Nhóm thi đua (cấp đơn vị)', en: 'Competing group (unit tier)' }, SOURCE.campaign),
      field('official', 'boolean', { vi: 'true: bảng chính thức đã chốt; false: tạm tính', en: 'true: the official cut; false: provisional' }, SOURCE.campaign),
      field(
        'cut_at',
        'datetime',
        { vi: 'Thời điểm chốt (UTC); trống khi tạm tính', en: 'Cut instant (UTC); empty when provisional' },
        SOURCE.campaign,
        null,
        true,
      ),
      field('rank', 'integer', { vi: 'Hạng trong nhóm (trống: chưa có dữ liệu)', en: 'Rank in the group (empty: no data)' }, SOURCE.campaign, null, true),
      field('rank_in_parent', 'integer', { vi: 'Hạng trong đơn vị cấp trên', en: 'Rank within the parent' }, SOURCE.campaign, null, true),
      field('rank_change', 'integer', { vi: 'Số bậc tăng so với lần chốt trước', en: 'Places gained since the previous cut' }, SOURCE.campaign, null, true),
      ...UNIT_FIELDS,
      field('parent_name', 'string', { vi: 'Tên đơn vị cấp trên', en: 'Parent unit name' }, SOURCE.geography, null, true),
      field('status', 'string', { vi: 'ranked hoặc no_data', en: 'ranked or no_data' }, SOURCE.campaign),
      field('baseline_level', 'integer', { vi: 'Mức khi bắt đầu chiến dịch', en: 'Level when the campaign began' }, SOURCE.assessment, LEVEL, true),
      field('current_level', 'integer', { vi: 'Mức vào ngày của bảng', en: 'Level on the standings date' }, SOURCE.assessment, LEVEL, true),
      field('reduction', 'integer', { vi: 'Số mức đã giảm', en: 'Levels lowered' }, SOURCE.campaign, LEVEL, true),
      field('first_green_date', 'date', { vi: 'Ngày đầu tiên xanh trong chiến dịch', en: 'First green date in the campaign' }, SOURCE.campaign, null, true),
      field('days_green', 'integer', { vi: 'Số ngày xanh', en: 'Days green' }, SOURCE.campaign, DAYS),
      field('held_green', 'boolean', { vi: 'Giữ xanh suốt chiến dịch', en: 'Held green throughout' }, SOURCE.campaign),
      field('community_cases', 'count', { vi: 'Ca cộng đồng từ đầu chiến dịch', en: 'Community cases since the campaign began' }, SOURCE.cases, CASES),
      field(
        'cases_per_100k',
        'rate',
        { vi: 'Ca cộng đồng trên 100.000 dân', en: 'Community cases per 100,000 people' },
        SOURCE.cases,
        { vi: 'ca/100.000 dân', en: 'cases per 100,000' },
        true,
      ),
      field('population', 'integer', { vi: 'Dân số', en: 'Population' }, SOURCE.census, PEOPLE, true),
      field('explanation_vi', 'string', { vi: 'Giải thích thứ hạng, tiếng Việt', en: 'Why the rank, Vietnamese' }, SOURCE.campaign),
      field('explanation_en', 'string', { vi: 'Giải thích thứ hạng, tiếng Anh', en: 'Why the rank, English' }, SOURCE.campaign),
      SIMULATED,
    ],
  },
];

/** The fields of one dataset, in file order. */
export function fieldsOf(dataset: OpenDataset): readonly FieldEntry[] {
  return DICTIONARY.find((d) => d.id === dataset)!.fields;
}

/** A row as the exporters write it: a value per field name. */
export type OpenDataValue = string | number | boolean | null | Record<string, unknown>;
export type OpenDataRow = Record<string, OpenDataValue>;
