import type { Role } from '../../../src/core/auth/roles.ts';

/** The sign-in and admin pages' words, in Vietnamese and English (docs/accounts.md). */
const vi = {
  signInTitle: 'Đăng nhập',
  adminTitle: 'Quản lý người dùng',
  navMap: 'Bản đồ',
  navCampaign: 'Thi đua',
  navData: 'Nhập số liệu',
  navSignIn: 'Đăng nhập',
  navAdmin: 'Quản trị',
  switchTo: 'English',
  name: 'Tên đăng nhập',
  password: 'Mật khẩu',
  signIn: 'Đăng nhập',
  signInHelp: 'Dành cho thành viên ban chỉ đạo và cán bộ được cấp tài khoản. Máy và phần mềm dùng mã truy cập (token).',
  signedInAs: (who: string) => `Đã đăng nhập: ${who}`,
  until: (when: string) => `Phiên kết thúc muộn nhất lúc ${when}.`,
  signOut: 'Đăng xuất',
  signOutEverywhere: 'Đăng xuất mọi nơi',
  signedOut: 'Đã đăng xuất.',
  signedOutEverywhere: (n: number) => `Đã đăng xuất mọi nơi (${n} phiên).`,
  toAdmin: 'Quản lý người dùng',
  throttled: (s: number) => `Đăng nhập sai nhiều lần: hãy thử lại sau ${s} giây.`,
  wrong: 'Sai tên đăng nhập hoặc mật khẩu.',
  needSignIn: 'Cần đăng nhập bằng tài khoản quản trị để quản lý người dùng.',
  notAdmin: 'Tài khoản này không có vai trò quản trị.',
  addTitle: 'Thêm người dùng',
  displayName: 'Tên hiển thị (không bắt buộc)',
  role: 'Vai trò',
  scope: 'Phạm vi (đơn vị)',
  scopeSearch: 'Tìm đơn vị theo tên',
  scopeResults: 'Đơn vị tìm được',
  initialPassword: 'Mật khẩu ban đầu (ít nhất 10 ký tự)',
  add: 'Thêm',
  added: (name: string) => `Đã thêm ${name}.`,
  usersTitle: 'Người dùng',
  colName: 'Tên',
  colRole: 'Vai trò @ phạm vi',
  colPassword: 'Mật khẩu đặt lúc',
  colStatus: 'Trạng thái',
  colSessions: 'Phiên đang mở',
  colActions: 'Thao tác',
  active: 'Đang dùng',
  disabled: (when: string) => `Đã khóa ${when}`,
  noPassword: 'Chưa đặt',
  disable: 'Khóa',
  enable: 'Mở khóa',
  signOutUser: 'Đăng xuất mọi nơi',
  changeTitle: 'Đổi vai trò và phạm vi',
  user: 'Người dùng',
  change: 'Đổi',
  changed: (name: string) => `Đã cập nhật ${name}.`,
  userSignedOut: (name: string, n: number) => `${name}: đã kết thúc ${n} phiên.`,
  actionsFor: (name: string) => `Thao tác với ${name}`,
  roles: {
    viewer: 'Xem',
    data_officer: 'Cán bộ số liệu',
    analyst: 'Cán bộ phân tích',
    committee: 'Ban chỉ đạo',
    reward_officer: 'Cán bộ thi đua, khen thưởng',
    admin: 'Quản trị',
  } satisfies Record<Role, string>,
};

const en: typeof vi = {
  signInTitle: 'Sign in',
  adminTitle: 'Users',
  navMap: 'Map',
  navCampaign: 'Emulation',
  navData: 'Data desk',
  navSignIn: 'Sign in',
  navAdmin: 'Admin',
  switchTo: 'Tiếng Việt',
  name: 'Login name',
  password: 'Password',
  signIn: 'Sign in',
  signInHelp: 'For steering committee members and officers given an account. Machines and software use an API token.',
  signedInAs: (who) => `Signed in: ${who}`,
  until: (when) => `The session ends at ${when} at the latest.`,
  signOut: 'Sign out',
  signOutEverywhere: 'Sign out everywhere',
  signedOut: 'Signed out.',
  signedOutEverywhere: (n) => `Signed out everywhere (${n} ${n === 1 ? 'session' : 'sessions'}).`,
  toAdmin: 'Manage users',
  throttled: (s) => `Too many failed sign-ins: try again in ${s} s.`,
  wrong: 'Wrong name or password.',
  needSignIn: 'Sign in with an administrator account to manage users.',
  notAdmin: 'This account has no administrator role.',
  addTitle: 'Add a user',
  displayName: 'Display name (optional)',
  role: 'Role',
  scope: 'Scope (unit)',
  scopeSearch: 'Search a unit by name',
  scopeResults: 'Units found',
  initialPassword: 'Initial password (at least 10 characters)',
  add: 'Add',
  added: (name) => `Added ${name}.`,
  usersTitle: 'Users',
  colName: 'Name',
  colRole: 'Role @ scope',
  colPassword: 'Password set',
  colStatus: 'Status',
  colSessions: 'Open sessions',
  colActions: 'Actions',
  active: 'Active',
  disabled: (when) => `Disabled ${when}`,
  noPassword: 'Not set',
  disable: 'Disable',
  enable: 'Enable',
  signOutUser: 'Sign out everywhere',
  changeTitle: 'Change role and scope',
  user: 'User',
  change: 'Change',
  changed: (name) => `Updated ${name}.`,
  userSignedOut: (name, n) => `${name}: ${n} ${n === 1 ? 'session' : 'sessions'} ended.`,
  actionsFor: (name) => `Actions for ${name}`,
  roles: {
    viewer: 'Viewer',
    data_officer: 'Data officer',
    analyst: 'Analyst',
    committee: 'Steering committee',
    reward_officer: 'Reward officer',
    admin: 'Administrator',
  },
};

export const ACCOUNT_STRINGS = { vi, en };
export type AccountStrings = typeof vi;
export type Lang = keyof typeof ACCOUNT_STRINGS;

/** The page's language from `?lang=en` (Vietnamese otherwise), as the other pages read it. */
export function initialLang(): Lang {
  return new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi';
}

/** Fills every `data-i18n` element and the language button; links keep the language. */
export function translatePage(lang: Lang, title: string): void {
  const s = ACCOUNT_STRINGS[lang];
  document.documentElement.lang = lang;
  document.title = `Vùng Xanh — ${title}`;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const value = (s as Record<string, unknown>)[el.dataset.i18n!];
    if (typeof value === 'string') el.textContent = value;
  }
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-href]')) a.href = `${a.dataset.href}${lang === 'en' ? '?lang=en' : ''}`;
  const button = document.getElementById('lang')!;
  button.textContent = lang === 'vi' ? 'EN' : 'VI';
  button.setAttribute('aria-label', `${button.textContent} – ${s.switchTo}`);
  document.querySelector('nav')?.setAttribute('aria-label', lang === 'vi' ? 'Trang' : 'Pages');
}
