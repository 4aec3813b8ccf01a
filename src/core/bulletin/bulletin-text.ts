import { displayDate, displayDateTime } from '../time/local-date.ts';
import type { Block, BulletinDocument, Run } from './bulletin-document.ts';
import { type Bulletin, severeFrom, type TopGroup, type TopRow, type WatchArea } from './bulletin-model.ts';

/**
 * The bulletin in words, Vietnamese first, as a press officer of the city's Department of
 * Information and Communications writes it ("Bản tin ngày 14/07/2021: …"), then in English. Every
 * figure is a run linking to the API call it was read from.
 */

export type Lang = 'vi' | 'en';

export interface KindWords {
  vi: string;
  viTitle: string;
  en: [one: string, other: string];
  enTitle: string;
}

const KINDS: Record<string, KindWords> = {
  district: { vi: 'quận, huyện', viTitle: 'Quận, huyện', en: ['district', 'districts'], enTitle: 'Districts' },
  ward: { vi: 'phường, xã, thị trấn', viTitle: 'Phường, xã, thị trấn', en: ['ward', 'wards'], enTitle: 'Wards, communes and towns' },
  neighbourhood: { vi: 'khu phố, ấp', viTitle: 'Khu phố, ấp', en: ['neighbourhood', 'neighbourhoods'], enTitle: 'Neighbourhoods and hamlets' },
};

/** How a kind of unit is named, in both languages (unknown kinds by their id). */
export function kindWords(kind: string): KindWords {
  return KINDS[kind] ?? { vi: kind, viTitle: kind, en: [kind, kind], enTitle: kind };
}

/** The four colour families of the map, named beside a four-state scale's states. */
const COLOURS: Record<Lang, readonly string[]> = { vi: ['xanh', 'vàng', 'cam', 'đỏ'], en: ['green', 'yellow', 'orange', 'red'] };

/** Names listed per tier before "and N more". */
const NAMES_LISTED = 10;

const numberFormat: Record<Lang, Intl.NumberFormat> = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

export function formatNumber(n: number, lang: Lang): string {
  return numberFormat[lang].format(n);
}

/** "Bình thường mới (xanh)" / "new normal (green)". */
export function stateName(b: Pick<Bulletin, 'states'>, level: number, lang: Lang): string {
  const state = b.states[level];
  const name = state ? (lang === 'vi' ? state.vi : state.en.toLowerCase()) : String(level);
  return b.states.length === COLOURS[lang].length ? `${name} (${COLOURS[lang][level]})` : name;
}

/** A table cell starts with a capital, in English too ("New normal (green)"). */
function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A change in a count: "tăng 3", "giảm 2", "không đổi" / "up 3", "down 2", "unchanged"; "—" when there is nothing to compare. */
export function changeText(change: number | null, lang: Lang): string {
  if (change === null) return '—';
  if (change === 0) return lang === 'vi' ? 'không đổi' : 'unchanged';
  const n = formatNumber(Math.abs(change), lang);
  if (lang === 'vi') return change > 0 ? `tăng ${n}` : `giảm ${n}`;
  return change > 0 ? `up ${n}` : `down ${n}`;
}

/** "1 ward", "2 wards"; Vietnamese nouns do not inflect. */
export function unitCount(n: number, kind: string, lang: Lang): string {
  const words = kindWords(kind);
  return lang === 'vi' ? `${formatNumber(n, lang)} ${words.vi}` : `${formatNumber(n, lang)} ${n === 1 ? words.en[0] : words.en[1]}`;
}

/** "lúc 18:00 ngày 14/07/2021" / "at 18:00 on 14/07/2021", on the city's clock. */
function atTime(iso: string, lang: Lang): string {
  const [date, time] = displayDateTime(new Date(iso)).split(' ');
  return lang === 'vi' ? `lúc ${time} ngày ${date}` : `at ${time} on ${date}`;
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A province's name as English writes it: "Thành phố Hồ Chí Minh" is "Hồ Chí Minh City", "Tỉnh Bình Dương" "Bình Dương Province". */
export function placeName(place: string, lang: Lang): string {
  if (lang === 'vi') return place;
  return place.replace(/^Thành phố (.+)$/u, '$1 City').replace(/^Tỉnh (.+)$/u, '$1 Province');
}

/** The administrative date line: "Thành phố Hồ Chí Minh, ngày 14 tháng 7 năm 2021". */
function placeDate(b: Bulletin, lang: Lang): string {
  const [y, m, d] = b.date.split('-').map(Number);
  const when = lang === 'vi' ? `ngày ${d} tháng ${m} năm ${y}` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
  return b.place ? `${placeName(b.place, lang)}, ${when}` : when;
}

/** The issuing body, as the head of an administrative document names it (two lines). */
export function issuer(b: Pick<Bulletin, 'place'>, lang: Lang): [string, string] {
  if (lang === 'vi') return [b.place ? `ỦY BAN NHÂN DÂN ${b.place.toLocaleUpperCase('vi')}` : 'ỦY BAN NHÂN DÂN', 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG'];
  return [b.place ? `People's Committee of ${placeName(b.place, lang)}` : "People's Committee", 'Department of Information and Communications'];
}

/** The bulletin's title line. */
export function bulletinTitle(date: string, lang: Lang): string {
  return lang === 'vi' ? `Bản tin bản đồ vùng xanh COVID-19 ngày ${displayDate(date)}` : `COVID-19 green-zone map bulletin, ${displayDate(date)}`;
}

/** The bulletin as a document in one language. */
export function writeBulletin(b: Bulletin, lang: Lang): BulletinDocument {
  const vi = lang === 'vi';
  const blocks: Block[] = [];
  const notices: string[] = [];
  if (b.simulated) notices.push(vi ? 'Dữ liệu mô phỏng — không phải số liệu thật của Thành phố.' : "Simulated data — not the city's real figures.");
  if (b.simulatedNeighbourhoods && b.tiers.some((t) => t.kind === 'neighbourhood'))
    notices.push(vi ? 'Danh sách khu phố, ấp là mô phỏng.' : 'The list of neighbourhoods and hamlets is simulated.');
  if (notices.length) blocks.push({ type: 'notice', runs: [{ text: notices.join(' '), strong: true }] });
  blocks.push({ type: 'paragraph', runs: lead(b, lang) });

  blocks.push({ type: 'heading', runs: [{ text: vi ? '1. Mức độ nguy cơ của các đơn vị' : '1. Risk levels of the units' }] });
  for (const tier of b.tiers) {
    const words = kindWords(tier.kind);
    const header = [
      vi ? 'Mức nguy cơ' : 'Risk level',
      displayDate(b.date),
      b.previousDate ? (vi ? `So với ${displayDate(b.previousDate)}` : `Since ${displayDate(b.previousDate)}`) : vi ? 'So với hôm qua' : 'Since yesterday',
      b.baselineDate ? (vi ? `So với ${displayDate(b.baselineDate)}` : `Since ${displayDate(b.baselineDate)}`) : vi ? 'So với ngày bắt đầu' : 'Since the start',
    ];
    blocks.push({
      type: 'table',
      caption: [
        { text: vi ? words.viTitle : words.enTitle, strong: true },
        { text: vi ? ': ' : ': ' },
        { text: formatNumber(tier.assessed, lang), href: tier.sources.today },
        { text: vi ? ' đơn vị được đánh giá' : tier.assessed === 1 ? ' unit assessed' : ' units assessed' },
      ],
      header,
      rows: tier.counts.map((c) => [
        [{ text: capitalised(stateName(b, c.level, lang)) }],
        [{ text: formatNumber(c.count, lang), href: tier.sources.today }],
        [tier.sources.previous ? { text: changeText(c.sinceYesterday, lang), href: tier.sources.previous } : { text: '—' }],
        [tier.sources.baseline ? { text: changeText(c.sinceStart, lang), href: tier.sources.baseline } : { text: '—' }],
      ]),
    });
  }

  blocks.push({ type: 'heading', runs: [{ text: vi ? '2. Đơn vị chuyển sang vùng xanh hôm nay' : '2. Units that turned green today' }] });
  if (b.turnedGreen.length === 0) {
    blocks.push({
      type: 'paragraph',
      runs: [{ text: vi ? 'Chưa có số liệu ngày hôm trước để so sánh.' : 'There are no levels for the day before to compare with.' }],
    });
  } else {
    blocks.push({ type: 'list', items: b.turnedGreen.map((t) => turnedGreenSentence(b, t.kind, t.units, t.sources[0], lang)) });
  }

  if (b.campaign) {
    const campaignName = vi ? b.campaign.name : (b.campaign.nameEn ?? b.campaign.name);
    blocks.push({ type: 'heading', runs: [{ text: vi ? '3. Dẫn đầu phong trào thi đua' : '3. Leading the emulation campaign' }] });
    const official = b.cutAt !== null;
    if (b.top.length === 0) {
      blocks.push({
        type: 'paragraph',
        runs: [{ text: vi ? `Chưa có bảng xếp hạng của phong trào “${campaignName}”.` : `The campaign “${campaignName}” has no standings yet.` }],
      });
    } else
      blocks.push({
        type: 'paragraph',
        runs: [
          {
            text: official
              ? vi
                ? `Theo bảng xếp hạng chính thức của phong trào “${campaignName}” chốt ${atTime(b.cutAt!, lang)}:`
                : `From the official standings of the campaign “${campaignName}”, frozen ${atTime(b.cutAt!, lang)}:`
              : vi
                ? `Theo bảng xếp hạng tạm tính của phong trào “${campaignName}” (bảng chính thức được chốt lúc ${b.campaign.cutTime} hằng ngày):`
                : `From the provisional standings of the campaign “${campaignName}” (the official standings are frozen daily at ${b.campaign.cutTime}):`,
          },
        ],
      });
    if (b.top.length) blocks.push({ type: 'list', items: b.top.map((g) => topSentence(b, g, lang)) });
  }

  blocks.push({ type: 'heading', runs: [{ text: vi ? `${b.campaign ? 4 : 3}. Địa bàn cần lưu ý` : `${b.campaign ? 4 : 3}. Areas to watch` }] });
  if (b.watch.length === 0) {
    const [areas, children] = b.tiers;
    const worst = b.states.length ? stateName(b, severeFrom(b.states.length), lang) : '';
    blocks.push({
      type: 'paragraph',
      runs: [
        {
          text:
            areas && children
              ? vi
                ? `Không có ${kindWords(areas.kind).vi} nào tăng mức nguy cơ hay có ${kindWords(children.kind).vi} ở mức ${worst} trở lên.`
                : `No ${kindWords(areas.kind).en[0]} rose in level, and none has ${kindWords(children.kind).en[1]} at ${worst} or above.`
              : vi
                ? 'Không có địa bàn cần lưu ý.'
                : 'No area to watch.',
        },
      ],
    });
  } else {
    blocks.push({ type: 'list', items: b.watch.map((w) => watchSentence(b, w, lang)) });
  }

  blocks.push({
    type: 'paragraph',
    runs: [
      {
        text: vi
          ? `Mức nguy cơ tính ${atTime(b.computedAt, lang)} theo bộ tiêu chí ${b.rulebook.id} (phiên bản ${b.rulebook.version}). Mỗi con số trong bản tin dẫn tới lời gọi API cho ra nó.`
          : `Levels computed ${atTime(b.computedAt, lang)} under rulebook ${b.rulebook.id} (version ${b.rulebook.version}). Every figure in this bulletin links to the API call it comes from.`,
      },
    ],
  });
  return { lang, title: bulletinTitle(b.date, lang), dateLine: placeDate(b, lang), blocks };
}

/** The opening sentence, on the tier the campaign's goal counts (wards), else the first. */
function lead(b: Bulletin, lang: Lang): Run[] {
  const vi = lang === 'vi';
  const opening = vi ? `Bản tin ngày ${displayDate(b.date)}:` : `Bulletin of ${displayDate(b.date)}:`;
  const tier = b.tiers.find((t) => t.kind === 'ward') ?? b.tiers[0];
  if (!tier) return [{ text: opening, strong: true }, { text: vi ? ' Chưa có đơn vị nào được đánh giá.' : ' No unit has been assessed yet.' }];
  const green = tier.counts[0];
  const words = kindWords(tier.kind);
  const runs: Run[] = [{ text: opening, strong: true }];
  if (vi) {
    runs.push(
      { text: ' Theo bản đồ mức độ nguy cơ COVID-19, toàn Thành phố có ' },
      { text: formatNumber(green.count, lang), href: tier.sources.today },
      { text: ` trên ${formatNumber(tier.assessed, lang)} ${words.vi} ở mức ${stateName(b, 0, lang)}` },
    );
  } else {
    runs.push(
      { text: ' On the COVID-19 risk map, ' },
      { text: formatNumber(green.count, lang), href: tier.sources.today },
      {
        text: ` of ${formatNumber(tier.assessed, lang)} ${tier.assessed === 1 ? words.en[0] : words.en[1]} across the city ${green.count === 1 ? 'is' : 'are'} at ${stateName(b, 0, lang)}`,
      },
    );
  }
  const comparisons: Run[][] = [];
  if (tier.sources.previous && b.previousDate)
    comparisons.push([
      { text: changeText(green.sinceYesterday, lang), href: tier.sources.previous },
      { text: vi ? `${green.sinceYesterday ? ' đơn vị' : ''} so với ngày ${displayDate(b.previousDate)}` : ` since ${displayDate(b.previousDate)}` },
    ]);
  if (tier.sources.baseline && b.baselineDate && b.baselineDate !== b.date)
    comparisons.push([
      { text: changeText(green.sinceStart, lang), href: tier.sources.baseline },
      {
        text: vi
          ? `${green.sinceStart ? ' đơn vị' : ''} so với ngày ${displayDate(b.baselineDate)}, ngày bắt đầu phong trào thi đua`
          : ` since ${displayDate(b.baselineDate)}, when the campaign began`,
      },
    ]);
  comparisons.forEach((c, i) => runs.push({ text: i === 0 ? ', ' : vi ? ' và ' : ' and ' }, ...c));
  runs.push({ text: '.' });
  return runs;
}

/** "green (new normal)": what a unit turns, in English. */
function turnedTo(b: Pick<Bulletin, 'states'>): string {
  const name = b.states[0]?.en.toLowerCase() ?? '0';
  return b.states.length === COLOURS.en.length ? `${COLOURS.en[0]} (${name})` : name;
}

function turnedGreenSentence(b: Bulletin, kind: string, units: readonly { name: string; parentName: string | null }[], source: string, lang: Lang): Run[] {
  const vi = lang === 'vi';
  const words = kindWords(kind);
  const green = stateName(b, 0, lang);
  if (units.length === 0) {
    return [{ text: vi ? `Không có ${words.vi} nào chuyển sang mức ${green}.` : `No ${words.en[0]} turned ${turnedTo(b)}.` }];
  }
  const names = units.slice(0, NAMES_LISTED).map((u) => (u.parentName ? `${u.name} (${u.parentName})` : u.name));
  const more = units.length - names.length;
  const list =
    more > 0 ? `${names.join(', ')} ${vi ? `và ${formatNumber(more, lang)} đơn vị khác` : `and ${formatNumber(more, lang)} more`}` : names.join(', ');
  if (vi) return [{ text: unitCount(units.length, kind, lang), href: source }, { text: ` chuyển sang mức ${green}: ${list}.` }];
  return [{ text: unitCount(units.length, kind, lang), href: source }, { text: ` turned ${turnedTo(b)}: ${list}.` }];
}

function topSentence(b: Bulletin, g: TopGroup, lang: Lang): Run[] {
  const vi = lang === 'vi';
  const words = kindWords(g.group);
  const head: Run[] = [
    { text: vi ? `Nhóm ${words.vi}` : words.enTitle, strong: true },
    { text: vi ? ` (${formatNumber(g.ranked, lang)} đơn vị được xếp hạng): ` : ` (${formatNumber(g.ranked, lang)} ranked): ` },
  ];
  if (g.rows.length === 0) return [...head, { text: vi ? 'chưa có đơn vị nào được xếp hạng.' : 'none ranked yet.', href: g.source }];
  const rows = g.rows.flatMap((r, i) => [...(i > 0 ? [{ text: '; ' }] : []), ...topRow(b, r, g.source, lang)]);
  return [...head, ...rows, { text: '.' }];
}

function topRow(b: Bulletin, r: TopRow, source: string, lang: Lang): Run[] {
  const vi = lang === 'vi';
  const place = r.parentName ? `${r.name} (${r.parentName})` : r.name;
  const parts: string[] = [];
  if (r.level !== null) parts.push(vi ? `mức ${stateName(b, r.level, lang)}` : stateName(b, r.level, lang));
  if (r.reduction !== null) parts.push(levelChange(r.reduction, lang));
  if (r.daysGreen > 0)
    parts.push(vi ? `${formatNumber(r.daysGreen, lang)} ngày xanh` : `${formatNumber(r.daysGreen, lang)} ${r.daysGreen === 1 ? 'day' : 'days'} green`);
  parts.push(casesText(r.communityCases, lang));
  return [{ text: vi ? `hạng ${r.rank}` : `no. ${r.rank}`, href: source }, { text: ` ${place}, ${parts.join(', ')}` }];
}

/** Levels lowered since the start: "giảm 3 mức" / "down 3 levels". */
export function levelChange(reduction: number, lang: Lang): string {
  const n = Math.abs(reduction);
  if (lang === 'vi') return reduction === 0 ? 'giữ nguyên mức' : `${reduction > 0 ? 'giảm' : 'tăng'} ${n} mức`;
  if (reduction === 0) return 'level unchanged';
  return `${reduction > 0 ? 'down' : 'up'} ${n} ${n === 1 ? 'level' : 'levels'}`;
}

/** Community cases during the campaign; a band ("1–4") below the ward. */
export function casesText(cases: number | string, lang: Lang): string {
  const shown = typeof cases === 'number' ? formatNumber(cases, lang) : cases;
  if (lang === 'vi') return `${shown} ca cộng đồng`;
  return `${shown} community ${cases === 1 ? 'case' : 'cases'}`;
}

function watchSentence(b: Bulletin, w: WatchArea, lang: Lang): Run[] {
  const vi = lang === 'vi';
  const [areaLevels, previousLevels, childLevels] = [w.sources[0], w.rose ? w.sources[1] : null, w.sources[w.sources.length - 2]];
  const runs: Run[] = [{ text: w.name, strong: true }, { text: ': ' }];
  if (w.level !== null) runs.push({ text: vi ? `mức ${stateName(b, w.level, lang)}` : stateName(b, w.level, lang), href: areaLevels });
  if (w.rose && w.previousLevel !== null && previousLevels)
    runs.push(
      { text: vi ? ', tăng từ mức ' : ', up from ' },
      { text: stateName(b, w.previousLevel, lang), href: previousLevels },
      { text: vi ? ' hôm qua' : ' yesterday' },
    );
  if (w.severeChildren > 0) {
    const severe = severeFrom(b.states.length);
    const names = b.states
      .slice(severe)
      .map((_, i) => stateName(b, severe + i, lang))
      .join(vi ? ' hoặc ' : ' or ');
    const words = kindWords(w.childKind);
    runs.push(
      { text: '; ' },
      { text: formatNumber(w.severeChildren, lang), href: childLevels },
      { text: vi ? ' trên ' : ' of ' },
      { text: formatNumber(w.children, lang), href: w.sources[w.sources.length - 1] },
      { text: vi ? ` ${words.vi} ở mức ${names}` : ` ${w.children === 1 ? words.en[0] : words.en[1]} at ${names}` },
    );
  }
  runs.push({ text: '.' });
  return runs;
}
