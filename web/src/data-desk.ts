import './style.css';

import type { ImportJob, ProblemDocument, SessionInfo } from '../../src/contract/index.ts';
import { NeighbourhoodListForm, type NeighbourhoodListStrings } from './desk/neighbourhood-list-form.ts';
import { type Candidate, capitalised, type RejectStrings } from './desk/reject-row.ts';
import { RejectsView } from './desk/rejects-view.ts';
import { escapeHtml } from './view/html.ts';

/** The data desk: a CDC data officer uploads a spreadsheet and reads what was refused and why. */
const STRINGS = {
  vi: {
    title: 'Nhập số liệu',
    navMap: 'Bản đồ',
    navSignIn: 'Đăng nhập',
    uploadTitle: 'Tải lên tệp CSV hoặc XLSX',
    uploadHelp:
      'Tệp có dòng tiêu đề; chấp nhận tiêu đề tiếng Việt như "Mã ca", "Ngày xác định", "Phường/Xã", "Quận/Huyện", "Nơi phát hiện", "Nguồn lây". Không gửi họ tên, số điện thoại hay địa chỉ của người bệnh.',
    token: 'Mã truy cập (token)',
    signedInNote: (name: string) => `Đã đăng nhập: ${name}. Có thể để trống mã truy cập.`,
    kind: 'Loại số liệu',
    kindCases: 'Ca bệnh',
    kindTests: 'Xét nghiệm',
    kindCounts: 'Số ca theo ngày',
    file: 'Tệp',
    send: 'Gửi',
    rejectsTitle: 'Dòng bị từ chối',
    loadRejects: 'Xem dòng bị từ chối',
    colRow: 'Vị trí',
    colId: 'Mã',
    colKind: 'Loại',
    colSource: 'Nguồn',
    colReasons: 'Lý do',
    colAction: 'Thao tác',
    kinds: { cases: 'Ca bệnh', tests: 'Xét nghiệm', counts: 'Số ca theo ngày' },
    fields: {
      id: 'Mã ca',
      version: 'Phiên bản',
      confirmedDate: 'Ngày xác định',
      date: 'Ngày',
      unit: 'Mã đơn vị',
      ward: 'Phường/Xã',
      district: 'Quận/Huyện',
      setting: 'Nơi phát hiện',
      sourceKnown: 'Nguồn lây đã rõ',
      sourcePlace: 'Nơi lây',
      cluster: 'Ổ dịch',
      household: 'Hộ gia đình',
      void: 'Đã hủy',
      tested: 'Số xét nghiệm',
      positive: 'Số dương tính',
      suspected: 'Ca nghi nhiễm',
      count: 'Số ca',
      '(line)': 'Dòng',
    },
    channels: { api: 'Gửi qua API', 'api.resubmit': 'Gửi lại sau khi sửa', upload: 'Tệp tải lên', cli: 'Dòng lệnh', demo: 'Dữ liệu mô phỏng' },
    fromFile: (name: string) => `Tệp ${name}`,
    candidatesIntro: 'Có thể là:',
    candidate: (c: Candidate) => `${c.name}${c.parent ? `, ${c.parent}` : ''} (mã ${c.code})`,
    where: (fromFile: boolean, p: number) => (fromFile ? `dòng ${p}` : `mục ${p} của lô`),
    fix: 'Sửa và gửi lại',
    fixRow: (where: string, id: string | null) => `${where}${id ? ` (${id})` : ''}`,
    fixTitle: (where: string, id: string | null) => `Sửa ${where}${id ? ` (${id})` : ''}`,
    fixHelp: 'Sửa các ô bên dưới rồi bấm "Gửi lại". Ô để trống được coi là không có. Phím Esc để đóng.',
    chooseUnit: 'Chọn đơn vị đúng (mã sẽ được điền vào ô Mã đơn vị)',
    resend: 'Gửi lại',
    resending: 'Đang gửi lại…',
    cancel: 'Hủy',
    landed: (where: string, id: string | null) => `Đã nhận ${where}${id ? ` (${id})` : ''}: số liệu đã được ghi và dòng rời khỏi danh sách.`,
    alreadyStored: (where: string, id: string | null) => `${capitalised(where)}${id ? ` (${id})` : ''} đã có sẵn, không thay đổi gì; dòng rời khỏi danh sách.`,
    stillRefused: 'Vẫn bị từ chối. Lý do mới:',
    loading: 'Đang tải…',
    openCount: (n: number, more: boolean) =>
      n === 0 ? 'Không còn dòng nào chờ sửa.' : more ? `Đang hiện ${n} dòng chờ sửa; còn nữa, bấm "Xem thêm".` : `Còn ${n} dòng chờ sửa.`,
    more: 'Xem thêm',
    sending: 'Đang gửi…',
    progress: (p: number, t: number | null) => `Đã xử lý ${p}${t ? `/${t}` : ''} dòng`,
    done: (a: number, u: number, r: number) => `Xong: ${a} dòng nhận, ${u} không đổi, ${r} bị từ chối.`,
    noted: (n: number) => `${n} dòng được nhận kèm ghi chú về đơn vị (tên cũ đã đổi sang đơn vị hiện nay):`,
    row: 'Dòng',
    report: 'Tải báo cáo dòng bị từ chối (CSV)',
    showFileRejects: 'Xem và sửa các dòng bị từ chối của tệp này',
    failed: 'Lỗi',
    none: 'Không có dòng nào bị từ chối.',
    listTitle: 'Danh sách khu phố, ấp của phường',
    listHelp:
      'Ủy ban phường, xã gửi danh sách khu phố, ấp của chính mình (CSV hoặc XLSX): cột "Tên khu phố/ấp", "Dân số", có thể thêm "Số hộ" và "Mã" (cần mã để đổi tên). Cột phường có thể bỏ trống. Khu phố, ấp không có trong danh sách vẫn được giữ nguyên.',
    listWard: 'Phường/xã (gõ tên để chọn, hoặc nhập mã)',
    listWardHelp: 'Ví dụ: Tân Định hoặc 26734',
    listFile: 'Tệp danh sách (CSV hoặc XLSX)',
    listBoundaries: 'Ranh giới (GeoJSON, không bắt buộc)',
    listSend: 'Gửi danh sách',
    listTokenNote: 'Dùng mã truy cập ở trên (vai trò ủy ban phường hoặc quản trị).',
    listLanded: (ward: string, n: number) => `Đã lưu danh sách của ${ward}: ${n} khu phố, ấp.`,
    listKept: (n: number) => `${n} khu phố, ấp không có trong danh sách nhưng vẫn được giữ (ca bệnh và lịch sử không mất):`,
    listRefused: 'Các dòng cần sửa:',
    listRow: (row: number) => `Dòng ${row}`,
    people: (n: string) => `${n} người`,
    code: 'mã',
    switchTo: 'English',
  },
  en: {
    title: 'Data entry',
    navMap: 'Map',
    navSignIn: 'Sign in',
    uploadTitle: 'Upload a CSV or XLSX file',
    uploadHelp:
      'The file has a header row; Vietnamese headers such as "Mã ca", "Ngày xác định", "Phường/Xã", "Quận/Huyện", "Nơi phát hiện", "Nguồn lây" are accepted. Never send patients’ names, phone numbers or addresses.',
    token: 'Access token',
    signedInNote: (name: string) => `Signed in: ${name}. The access token may be left empty.`,
    kind: 'Kind of data',
    kindCases: 'Cases',
    kindTests: 'Tests',
    kindCounts: 'Daily counts',
    file: 'File',
    send: 'Send',
    rejectsTitle: 'Rejected rows',
    loadRejects: 'Show rejected rows',
    colRow: 'Where',
    colId: 'Id',
    colKind: 'Kind',
    colSource: 'Source',
    colReasons: 'Reasons',
    colAction: 'Action',
    kinds: { cases: 'Cases', tests: 'Tests', counts: 'Daily counts' },
    fields: {
      id: 'Case id',
      version: 'Version',
      confirmedDate: 'Confirmed date',
      date: 'Date',
      unit: 'Unit code',
      ward: 'Ward/commune',
      district: 'District',
      setting: 'Setting',
      sourceKnown: 'Source known',
      sourcePlace: 'Source place',
      cluster: 'Cluster',
      household: 'Household',
      void: 'Void',
      tested: 'Tested',
      positive: 'Positive',
      suspected: 'Suspected cases',
      count: 'Count',
      '(line)': 'Line',
    },
    channels: { api: 'Sent through the API', 'api.resubmit': 'Resent after a fix', upload: 'Uploaded file', cli: 'Command line', demo: 'Simulated feed' },
    fromFile: (name: string) => `File ${name}`,
    candidatesIntro: 'Could be:',
    candidate: (c: Candidate) => `${c.name}${c.parent ? `, ${c.parent}` : ''} (code ${c.code})`,
    where: (fromFile: boolean, p: number) => (fromFile ? `row ${p}` : `item ${p} of its batch`),
    fix: 'Fix and resend',
    fixRow: (where: string, id: string | null) => `${where}${id ? ` (${id})` : ''}`,
    fixTitle: (where: string, id: string | null) => `Fix ${where}${id ? ` (${id})` : ''}`,
    fixHelp: 'Correct the fields below, then press "Resend". An empty field counts as absent. Esc closes the form.',
    chooseUnit: 'Choose the right unit (its code goes into the Unit code field)',
    resend: 'Resend',
    resending: 'Resending…',
    cancel: 'Cancel',
    landed: (where: string, id: string | null) => `${capitalised(where)}${id ? ` (${id})` : ''} landed: the data is stored and the row left the list.`,
    alreadyStored: (where: string, id: string | null) =>
      `${capitalised(where)}${id ? ` (${id})` : ''} was already stored, nothing changed; the row left the list.`,
    stillRefused: 'Still refused. New reasons:',
    loading: 'Loading…',
    openCount: (n: number, more: boolean) =>
      n === 0
        ? 'No rows left to fix.'
        : more
          ? `Showing ${n} rows to fix; there are more, press "Show more".`
          : n === 1
            ? '1 row left to fix.'
            : `${n} rows left to fix.`,
    more: 'Show more',
    sending: 'Sending…',
    progress: (p: number, t: number | null) => `Processed ${p}${t ? `/${t}` : ''} rows`,
    done: (a: number, u: number, r: number) => `Done: ${a} ${a === 1 ? 'row' : 'rows'} accepted, ${u} unchanged, ${r} rejected.`,
    noted: (n: number) => `${n} ${n === 1 ? 'row was' : 'rows were'} accepted with a note on its unit (a former name read as today's unit):`,
    row: 'Row',
    report: 'Download the report of rejected rows (CSV)',
    showFileRejects: 'Show and fix this file’s rejected rows',
    failed: 'Error',
    none: 'No rejected rows.',
    listTitle: 'Neighbourhood list of a ward',
    listHelp:
      'A ward committee sends the list of its own khu phố/ấp (CSV or XLSX): columns "Tên khu phố/ấp" (name) and "Dân số" (population), optionally "Số hộ" (households) and "Mã" (code, needed to rename one). The ward column may be left out. Neighbourhoods missing from the list are kept as they are.',
    listWard: 'Ward (type a name to choose, or enter its code)',
    listWardHelp: 'For example: Tân Định or 26734',
    listFile: 'List file (CSV or XLSX)',
    listBoundaries: 'Boundaries (GeoJSON, optional)',
    listSend: 'Send the list',
    listTokenNote: 'Uses the access token above (committee or admin role).',
    listLanded: (ward: string, n: number) => `Saved the list of ${ward}: ${n} ${n === 1 ? 'neighbourhood' : 'neighbourhoods'}.`,
    listKept: (n: number) => `${n} ${n === 1 ? 'neighbourhood is' : 'neighbourhoods are'} not in the list but kept (their cases and history stay):`,
    listRefused: 'Rows to fix:',
    listRow: (row: number) => `Row ${row}`,
    people: (n: string) => `population ${n}`,
    code: 'code',
    switchTo: 'Tiếng Việt',
  },
};
type Lang = keyof typeof STRINGS;
type Strings = (typeof STRINGS)[Lang];
STRINGS satisfies Record<Lang, RejectStrings & NeighbourhoodListStrings>;
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

/**
 * Who the desk writes as: the token typed, else the signed-in session (its cookie goes by itself;
 * a write then carries the session's CSRF token, docs/accounts.md).
 */
let signedIn: { name: string; csrfToken: string } | null = null;
const auth = (): Record<string, string> => {
  const token = $<HTMLInputElement>('token').value.trim();
  if (token === '' && signedIn) return { 'x-csrf-token': signedIn.csrfToken };
  return { authorization: `Bearer ${token}` };
};

function showSignedIn(): void {
  const note = $('signed-in-note');
  note.hidden = signedIn === null;
  note.textContent = signedIn ? s().signedInNote(signedIn.name) : '';
  $<HTMLInputElement>('token').required = signedIn === null;
}

void fetch('/api/v1/session', { headers: { accept: 'application/json' } })
  .then((r) => (r.ok ? r.json() : null))
  .then((session: SessionInfo | null) => {
    signedIn = session?.signedIn && session.csrfToken ? { name: session.displayName || session.name || '', csrfToken: session.csrfToken } : null;
    showSignedIn();
  });

async function problemText(response: Response): Promise<string> {
  try {
    const p = (await response.json()) as Partial<ProblemDocument>;
    // The detail already says what the errors list field by field (a refused file's missing
    // columns): shown once. The list only when there is no detail.
    return p.detail || (p.errors ?? []).map((e) => `${e.field ?? ''}: ${e.message}`).join(' — ') || p.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/**
 * What the upload's status line says, as a function of the strings, so switching language redraws
 * it; `report` is the finished job whose rejected rows can be downloaded.
 */
let jobStatus: { text: (t: Strings) => string; done: boolean; report: string | null; noted: Pick<ImportJob, 'noted' | 'notes'> | null } | null = null;

function showJob(text: (t: Strings) => string, done = false, report: string | null = null, noted: Pick<ImportJob, 'noted' | 'notes'> | null = null): void {
  jobStatus = { text, done, report, noted };
  renderJob();
}

/** Rows accepted with a remark (a former district, an abolished ward): the officer checks the unit they went to. */
function notesHtml(noted: Pick<ImportJob, 'noted' | 'notes'> | null): string {
  if (!noted || noted.noted === 0) return '';
  const items = noted.notes.map((n) => `<li>${escapeHtml(s().row)} ${n.index}: ${escapeHtml(n.note)}</li>`).join('');
  return `<div data-testid="job-notes"><p>${escapeHtml(s().noted(noted.noted))}</p><ul>${items}</ul></div>`;
}

function renderJob(): void {
  const job = $('job');
  if (!jobStatus) return;
  const { text, done, report, noted } = jobStatus;
  job.innerHTML = `<p data-testid="${done ? 'job-done' : 'job-text'}">${escapeHtml(text(s()))}</p>${notesHtml(noted)}${
    report
      ? `<button type="button" id="job-rejects">${escapeHtml(s().showFileRejects)}</button> <button type="button" id="report">${escapeHtml(s().report)}</button>`
      : ''
  }`;
  document.getElementById('job-rejects')?.addEventListener('click', () => void rejects.show(report));
  document.getElementById('report')?.addEventListener('click', async () => {
    const response = await fetch(`/api/v1/imports/${report}/rejects.csv`, { headers: auth() });
    const url = URL.createObjectURL(await response.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `rejects-${report}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  });
}

$('upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  showJob((t) => t.sending);
  // The token field goes in the form (before the file); without one, the session's CSRF header.
  const typed = $<HTMLInputElement>('token').value.trim() !== '';
  const response = await fetch('/api/v1/imports', { method: 'POST', headers: typed ? {} : auth(), body: new FormData(event.target as HTMLFormElement) });
  if (!response.ok) {
    const problem = await problemText(response);
    showJob((t) => `${t.failed}: ${problem}`);
    return;
  }
  let state = (await response.json()) as ImportJob;
  while (state.status === 'queued' || state.status === 'running') {
    const { processed, total } = state;
    showJob((t) => t.progress(processed, total));
    await new Promise((r) => setTimeout(r, 400));
    const poll = await fetch(`/api/v1/imports/${state.id}`, { headers: auth() });
    if (!poll.ok) {
      const problem = await problemText(poll);
      showJob((t) => `${t.failed}: ${problem}`);
      return;
    }
    state = await poll.json();
  }
  const done = state;
  if (done.status === 'failed') showJob((t) => `${t.failed}: ${done.error ?? ''}`);
  else showJob((t) => t.done(done.accepted, done.unchanged, done.rejected), true, done.rejected > 0 ? done.id : null, done);
});

const rejects = new RejectsView($<HTMLTableElement>('rejects'), $('rejects-status'), () => s(), auth, problemText);
$('load-rejects').addEventListener('click', () => void rejects.show(null));

// A ward committee's own khu phố/ấp list, between the upload and the refused rows.
const listSection = Object.assign(document.createElement('section'), { id: 'neighbourhood-list' });
listSection.setAttribute('aria-labelledby', 'nb-title');
$('upload').closest('section')!.after(listSection);
const neighbourhoodList = new NeighbourhoodListForm(
  listSection,
  () => s(),
  () => lang,
  auth,
);

$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  applyLanguage();
  showSignedIn();
  renderJob();
  rejects.render();
  neighbourhoodList.render();
});
applyLanguage();
void import('./view/sim-banner.ts').then((m) => m.showSimulatedBanner(lang)); // demo: the simulated-data notice
