import './style.css';
import { RejectsView, type Candidate, type RejectStrings } from './desk/rejects-view.ts';
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
    colKind: 'Loại',
    colSource: 'Nguồn',
    colReasons: 'Lý do',
    colAction: 'Thao tác',
    kinds: { cases: 'Ca bệnh', tests: 'Xét nghiệm', counts: 'Số ca theo ngày' },
    fields: {
      id: 'Mã ca', version: 'Phiên bản', confirmedDate: 'Ngày xác định', date: 'Ngày', unit: 'Mã đơn vị', ward: 'Phường/Xã', district: 'Quận/Huyện',
      setting: 'Nơi phát hiện', sourceKnown: 'Nguồn lây đã rõ', sourcePlace: 'Nơi lây', cluster: 'Ổ dịch', household: 'Hộ gia đình', void: 'Đã hủy',
      tested: 'Số xét nghiệm', positive: 'Số dương tính', count: 'Số ca', '(line)': 'Dòng',
    },
    channels: { api: 'Gửi qua API', 'api.resubmit': 'Gửi lại sau khi sửa', upload: 'Tệp tải lên', cli: 'Dòng lệnh', demo: 'Dữ liệu mô phỏng' },
    fromFile: (name: string) => `Tệp ${name}`,
    candidatesIntro: 'Có thể là:',
    candidate: (c: Candidate) => `${c.name}${c.parent ? `, ${c.parent}` : ''} (mã ${c.code})`,
    fix: 'Sửa và gửi lại',
    fixRow: (p: number, id: string | null) => `dòng ${p}${id ? ` (${id})` : ''}`,
    fixTitle: (p: number, id: string | null) => `Sửa dòng ${p}${id ? ` (${id})` : ''}`,
    fixHelp: 'Sửa các ô bên dưới rồi bấm "Gửi lại". Ô để trống được coi là không có. Phím Esc để đóng.',
    chooseUnit: 'Chọn đơn vị đúng (mã sẽ được điền vào ô Mã đơn vị)',
    resend: 'Gửi lại',
    resending: 'Đang gửi lại…',
    cancel: 'Hủy',
    landed: (p: number, id: string | null) => `Đã nhận dòng ${p}${id ? ` (${id})` : ''}: số liệu đã được ghi và dòng rời khỏi danh sách.`,
    alreadyStored: (p: number, id: string | null) => `Dòng ${p}${id ? ` (${id})` : ''} đã có sẵn, không thay đổi gì; dòng rời khỏi danh sách.`,
    stillRefused: 'Vẫn bị từ chối. Lý do mới:',
    loading: 'Đang tải…',
    openCount: (n: number) => (n === 0 ? 'Không còn dòng nào chờ sửa.' : `Còn ${n} dòng chờ sửa.`),
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
    colKind: 'Kind',
    colSource: 'Source',
    colReasons: 'Reasons',
    colAction: 'Action',
    kinds: { cases: 'Cases', tests: 'Tests', counts: 'Daily counts' },
    fields: {
      id: 'Case id', version: 'Version', confirmedDate: 'Confirmed date', date: 'Date', unit: 'Unit code', ward: 'Ward/commune', district: 'District',
      setting: 'Setting', sourceKnown: 'Source known', sourcePlace: 'Source place', cluster: 'Cluster', household: 'Household', void: 'Void',
      tested: 'Tested', positive: 'Positive', count: 'Count', '(line)': 'Line',
    },
    channels: { api: 'Sent through the API', 'api.resubmit': 'Resent after a fix', upload: 'Uploaded file', cli: 'Command line', demo: 'Simulated feed' },
    fromFile: (name: string) => `File ${name}`,
    candidatesIntro: 'Could be:',
    candidate: (c: Candidate) => `${c.name}${c.parent ? `, ${c.parent}` : ''} (code ${c.code})`,
    fix: 'Fix and resend',
    fixRow: (p: number, id: string | null) => `row ${p}${id ? ` (${id})` : ''}`,
    fixTitle: (p: number, id: string | null) => `Fix row ${p}${id ? ` (${id})` : ''}`,
    fixHelp: 'Correct the fields below, then press "Resend". An empty field counts as absent. Esc closes the form.',
    chooseUnit: 'Choose the right unit (its code goes into the Unit code field)',
    resend: 'Resend',
    resending: 'Resending…',
    cancel: 'Cancel',
    landed: (p: number, id: string | null) => `Row ${p}${id ? ` (${id})` : ''} landed: the data is stored and the row left the list.`,
    alreadyStored: (p: number, id: string | null) => `Row ${p}${id ? ` (${id})` : ''} was already stored, nothing changed; the row left the list.`,
    stillRefused: 'Still refused. New reasons:',
    loading: 'Loading…',
    openCount: (n: number) => (n === 0 ? 'No rows left to fix.' : n === 1 ? '1 row left to fix.' : `${n} rows left to fix.`),
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
STRINGS satisfies Record<Lang, RejectStrings>;
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

const rejects = new RejectsView($<HTMLTableElement>('rejects'), $('rejects-status'), () => s(), auth, problemText);
$('load-rejects').addEventListener('click', () => void rejects.load());

$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  applyLanguage();
  rejects.render();
});
applyLanguage();
void import('./view/sim-banner.ts').then((m) => m.showSimulatedBanner(lang)); // demo: the simulated-data notice
