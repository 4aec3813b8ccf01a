import { displayDateTime } from '../model/format.ts';
import { apiUrl } from '../snapshot.ts';

type Lang = 'vi' | 'en';

const NOTICE = { vi: 'Dữ liệu mô phỏng — không phải số liệu thật', en: 'Simulated data — not real figures' } as const;

/** What GET /api/v1/status answers. */
interface Status {
  simulated: boolean;
  replay: { state: 'running' | 'paused' | 'finished'; at: string; speed: number } | null;
}

const REPLAY = {
  vi: { running: 'Đang phát lại', paused: 'Tạm dừng', finished: 'Đã phát hết', clock: 'thời gian mô phỏng' },
  en: { running: 'Replaying', paused: 'Paused', finished: 'Replay finished', clock: 'simulated time' },
} as const;

function render(el: HTMLElement, status: Status, lang: Lang): void {
  let text: string = NOTICE[lang];
  if (status.replay) {
    const r = REPLAY[lang];
    text += ` · ${r[status.replay.state]}, ${r.clock} ${displayDateTime(new Date(status.replay.at))} (×${status.replay.speed})`;
  }
  el.textContent = text;
  el.hidden = false;
  el.dataset.simulated = 'true';
}

/**
 * Shows "Dữ liệu mô phỏng — không phải số liệu thật" in the page's `#sim-banner` while the server
 * holds simulated (demo) data, with the replay's simulated clock. Follows the page's language
 * (the `lang` attribute of <html>) and refreshes the clock every few seconds while replaying.
 */
export function showSimulatedBanner(lang: Lang): void {
  const el = document.getElementById('sim-banner');
  if (!el) return;
  let current = lang;
  let status: Status | null = null;
  const refresh = async () => {
    try {
      const response = await fetch(apiUrl('/api/v1/status'), { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      status = (await response.json()) as Status;
      if (status.simulated) render(el, status, current);
      else el.hidden = true;
      if (status.simulated && status.replay?.state === 'running') setTimeout(() => void refresh(), 5000);
    } catch {
      setTimeout(() => void refresh(), 15000);
    }
  };
  new MutationObserver(() => {
    const next: Lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
    if (next === current) return;
    current = next;
    if (status?.simulated) render(el, status, current);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  void refresh();
}
