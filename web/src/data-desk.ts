import './style.css';
import { escapeHtml } from './view/html.ts';

/** The data desk: a CDC data officer uploads a spreadsheet and reads what was refused and why. */
const STRINGS = {
  vi: {
    title: 'Nhập số liệu',
    navMap: 'Bản đồ',
    uploadTitle: 'Tải lên tệp CSV hoặc XLSX',
    uploadHelp: 'Tệp có dòng tiêu đề; chấp nhận tiêu đề tiếng Việt như "Mã ca", "Ngày xác định", "Phường/Xã", "Quận/Huyện", "Nơi phát hiện", "Nguồn lây". Không gửi họ tên, số điện thoại hay địa chỉ của người bệnh.',
    token: 'Mã truy cập (token)',
    kind: 'Loại số liệu',
    kindCases: 'Ca bệnh',
    kindTests: 'Xét nghiệm',
    kindCounts: 'Số ca theo ngày',
    file: 'Tệp',
    send: 'Gửi',
    rejectsTitle: 'Dòng bị từ chối',
    loadRejects: 'Xem dòng bị từ chối',
    colRow: 'Dòng',
    colId: 'Mã',
    colReasons: 'Lý do',
    sending: 'Đang gửi…',
    progress: (p: number, t: number | null) => `Đã xử lý ${p}${t ? `/${t}` : ''} dòng`,
    done: (a: number, u: number, r: number) => `Xong: ${a} dòng nhận, ${u} không đổi, ${r} bị từ chối.`,
    report: 'Tải báo cáo dòng bị từ chối (CSV)',
    failed: 'Lỗi',
    none: 'Không có dòng nào bị từ chối.',
    switchTo: 'English',
  },
  en: {
    title: 'Data entry',
    navMap: 'Map',
    uploadTitle: 'Upload a CSV or XLSX file',
    uploadHelp: 'The file has a header row; Vietnamese headers such as "Mã ca", "Ngày xác định", "Phường/Xã", "Quận/Huyện", "Nơi phát hiện", "Nguồn lây" are accepted. Never send patients’ names, phone numbers or addresses.',
    token: 'Access token',
    kind: 'Kind of data',
    kindCases: 'Cases',
    kindTests: 'Tests',
    kindCounts: 'Daily counts',
    file: 'File',
    send: 'Send',
    rejectsTitle: 'Rejected rows',
    loadRejects: 'Show rejected rows',
    colRow: 'Row',
    colId: 'Id',
    colReasons: 'Reasons',
    sending: 'Sending…',
    progress: (p: number, t: number | null) => `Processed ${p}${t ? `/${t}` : ''} rows`,
    done: (a: number, u: number, r: number) => `Done: ${a} rows accepted, ${u} unchanged, ${r} rejected.`,
    report: 'Download the report of rejected rows (CSV)',
    failed: 'Error',
    none: 'No rejected rows.',
    switchTo: 'Tiếng Việt',
  },
};
type Lang = keyof typeof STRINGS;
let lang: Lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi';
const s = () => STRINGS[lang];
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function applyLanguage(): void {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const value = (s() as Record<string, unknown>)[el.dataset.i18n!];
    if (typeof value === 'string') el.textContent = value;
  }
  $('lang').textContent = lang === 'vi' ? 'EN' : 'VI';
  $('lang').setAttribute('aria-label', `${$('lang').textContent} – ${s().switchTo}`);
}

const auth = () => ({ authorization: `Bearer ${$<HTMLInputElement>('token').value.trim()}` });

async function problemText(response: Response): Promise<string> {
  try {
    const p = (await response.json()) as { detail?: string; errors?: Array<{ field?: string; message: string }> };
    return [p.detail, ...(p.errors ?? []).map((e) => `${e.field ?? ''}: ${e.message}`)].filter(Boolean).join(' — ');
  } catch {
    return `HTTP ${response.status}`;
  }
}

$('upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  const job = $('job');
  job.textContent = s().sending;
  const response = await fetch('/api/v1/imports', { method: 'POST', body: new FormData(event.target as HTMLFormElement) });
  if (!response.ok) {
    job.textContent = `${s().failed}: ${await problemText(response)}`;
    return;
  }
  let state = (await response.json()) as { id: string; status: string; processed: number; total: number | null; accepted: number; unchanged: number; rejected: number; error: string | null };
  while (state.status === 'queued' || state.status === 'running') {
    job.textContent = s().progress(state.processed, state.total);
    await new Promise((r) => setTimeout(r, 400));
    const poll = await fetch(`/api/v1/imports/${state.id}`, { headers: auth() });
    if (!poll.ok) {
      job.textContent = `${s().failed}: ${await problemText(poll)}`;
      return;
    }
    state = await poll.json();
  }
  if (state.status === 'failed') {
    job.textContent = `${s().failed}: ${state.error ?? ''}`;
    return;
  }
  job.innerHTML = `<p data-testid="job-done">${escapeHtml(s().done(state.accepted, state.unchanged, state.rejected))}</p>${
    state.rejected > 0 ? `<button type="button" id="report">${escapeHtml(s().report)}</button>` : ''
  }`;
  document.getElementById('report')?.addEventListener('click', async () => {
    const report = await fetch(`/api/v1/imports/${state.id}/rejects.csv`, { headers: auth() });
    const url = URL.createObjectURL(await report.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `rejects-${state.id}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  });
});

$('load-rejects').addEventListener('click', async () => {
  const response = await fetch('/api/v1/rejects?limit=200', { headers: auth() });
  const table = $('rejects');
  const body = table.querySelector('tbody')!;
  if (!response.ok) {
    body.innerHTML = `<tr><td colspan="3">${escapeHtml(`${s().failed}: ${await problemText(response)}`)}</td></tr>`;
    table.hidden = false;
    return;
  }
  const { rejects } = (await response.json()) as { rejects: Array<{ position: number; recordId: string | null; errors: Array<{ field: string; message: string }> }> };
  body.innerHTML = rejects.length
    ? rejects
        .map((r) => `<tr><td>${r.position}</td><td>${escapeHtml(r.recordId ?? '')}</td><td>${r.errors.map((e) => escapeHtml(`${e.field}: ${e.message}`)).join('<br>')}</td></tr>`)
        .join('')
    : `<tr><td colspan="3">${escapeHtml(s().none)}</td></tr>`;
  table.hidden = false;
});

$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  applyLanguage();
});
applyLanguage();
void import('./view/sim-banner.ts').then((m) => m.showSimulatedBanner(lang)); // demo: the simulated-data notice
