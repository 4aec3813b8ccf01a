/** Every string the page shows, Vietnamese first, English as the switch. */
export const STRINGS = {
  vi: {
    subtitle: 'Bản đồ COVID-19 TP. Hồ Chí Minh',
    mapLabel: 'Bản đồ các quận, huyện và phường, xã',
    counts: (districts: number, wards: number) => `${districts} quận, huyện · ${wards} phường, xã, thị trấn`,
    approximateNote:
      'Ranh giới phường, xã vẽ nét đứt là ranh giới gần đúng (dựng từ điểm tham chiếu của từng phường trong ranh giới quận), chỉ cho biết vị trí. Ranh giới 34 phường của TP. Thủ Đức và 22 quận, huyện là ranh giới thật.',
    approximate: 'ranh giới gần đúng',
    population: 'Dân số (2019)',
    switchTo: 'English',
    loading: 'Đang tải bản đồ…',
  },
  en: {
    subtitle: 'Ho Chi Minh City COVID-19 map',
    mapLabel: 'Map of districts and wards',
    counts: (districts: number, wards: number) => `${districts} districts · ${wards} wards, communes and towns`,
    approximateNote:
      'Ward boundaries drawn dashed are approximate (built from each ward’s reference point within its district) and show location only. The 34 wards of Thủ Đức city and the 22 districts have real boundaries.',
    approximate: 'approximate boundary',
    population: 'Population (2019)',
    switchTo: 'Tiếng Việt',
    loading: 'Loading map…',
  },
} as const;

export type Lang = keyof typeof STRINGS;
