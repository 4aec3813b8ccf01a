import { displayDate } from '../time/local-date.ts';
import type { Bilingual, OpenDataset } from './dictionary.ts';

/**
 * The terms the open data is published under, and how to cite it (docs/open-data.md). The
 * figures Vùng Xanh computes (levels, reasons, counts as aggregated, standings) are its own and
 * go out under CC BY 4.0. The geography they are keyed to keeps its sources' terms (NOTICE.md):
 * the boundaries in a GeoJSON download are not relicensed by joining levels to them.
 */
export const LICENCE = {
  id: 'CC-BY-4.0',
  name: 'Creative Commons Attribution 4.0 International',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  figures: {
    vi: 'Số liệu (mức nguy cơ, lý do, số ca và xét nghiệm đã tổng hợp, bảng xếp hạng) được công bố theo giấy phép CC BY 4.0: được dùng, chia sẻ, chỉnh sửa cho mọi mục đích, kể cả thương mại, với điều kiện ghi nguồn.',
    en: 'The figures (risk levels, reasons, aggregated cases and tests, standings) are published under CC BY 4.0: use, share and adapt them for any purpose, commercial included, provided you credit the source.',
  },
  geography: {
    vi: 'Dữ liệu địa lý giữ điều khoản của nguồn: danh mục đơn vị và mã của Tổng cục Thống kê (qua daohoangson/dvhcvn, GPL-3.0); dân số từ Tổng điều tra 2019 (Tổng cục Thống kê); ranh giới quận, huyện từ gis.chinhphu.vn qua dvhcvn (GPL-3.0); ranh giới phường của TP. Thủ Đức từ nguyenduy1133/Free-GIS-Data (chưa nêu giấy phép); ranh giới các phường còn lại là gần đúng do dự án dựng. Xem NOTICE.md.',
    en: 'The geography keeps its sources’ terms: the unit list and codes from the General Statistics Office (via daohoangson/dvhcvn, GPL-3.0); population from the 2019 census (GSO); district polygons from gis.chinhphu.vn via dvhcvn (GPL-3.0); Thủ Đức city ward polygons from nguyenduy1133/Free-GIS-Data (no licence stated); every other ward polygon is an approximation built by this project. See NOTICE.md.',
  },
  simulated: {
    vi: 'Khi cột simulated là true, số liệu là mô phỏng của bản trình diễn, không phải số liệu thật.',
    en: 'Where the simulated column is true, the figures are the demo’s simulation, not real data.',
  },
} as const;

/** The publisher named in a citation. */
const PUBLISHER = 'Vùng Xanh — Bản đồ COVID-19 TP. Hồ Chí Minh';

/**
 * A suggested citation of one dataset on one date (or of the whole archive), with the URL it was
 * taken from and the day it was downloaded, in the usual "author, title, date, URL, accessed" order.
 */
export function citationOf(title: Bilingual, date: string | null, url: string, accessed: string): Bilingual {
  const on = date === null ? '' : `, ${displayDate(date)}`;
  return {
    vi: `${PUBLISHER}. ${title.vi}${on} [dữ liệu mở, CC BY 4.0]. ${url} (truy cập ${displayDate(accessed)}).`,
    en: `${PUBLISHER}. ${title.en}${on} [open data, CC BY 4.0]. ${url} (accessed ${displayDate(accessed)}).`,
  };
}

/** The file name a dataset's download is saved under: dataset and date, so two days never overwrite each other. */
export function openDataFileName(dataset: OpenDataset, date: string, format: string): string {
  return `vungxanh-${dataset}-${date}.${format}`;
}
