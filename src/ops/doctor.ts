import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import { displayDateTime } from '../core/time/local-date.ts';
import { type DatabaseHealth, DatabaseMissing, inspectDatabase } from '../store/database-health.ts';
import { busProblem } from './bus-reachable.ts';
import { ntpSynchronized } from './clock-sync.ts';
import { withTimeout } from './with-timeout.ts';

/** Text the operator reads in both languages. */
export interface Bilingual {
  vi: string;
  en: string;
}

/** `unknown`: the check could not tell (no systemd to ask about NTP); it does not fail the run. */
export type CheckStatus = 'ok' | 'fail' | 'unknown';

export interface Check {
  subject: Bilingual;
  status: CheckStatus;
  /** What was found. */
  finding: Bilingual;
  /** What to do about it (failures and unknowns). */
  fix?: Bilingual;
}

/**
 * Two clocks further apart than this disagree about when a day ends: the day's rollover and the
 * 18:00 official cut are taken on the server's clock and stamped by the database's. NTP keeps
 * clocks within milliseconds, so seconds apart means one of them is not kept at all.
 */
const CLOCK_TOLERANCE_MS = 2000;

/** The least free space a SQLite folder should have: a backup, a VACUUM, a big import's WAL each need about a database's worth. */
const MIN_FREE_BYTES = 1024 ** 3;

const DATABASE_TIMEOUT_MS = 5000;

/** Checks the database, its schema, the bus, the clock and (SQLite) the disk, and says what is wrong in both languages. */
export async function runDoctor(options: { databaseUrl: string; busUrl?: string }): Promise<Check[]> {
  const checks: Check[] = [];
  let health: DatabaseHealth | null = null;
  try {
    // The driver gives up connecting in time and closes its pool; the race is for a server that accepts and never answers.
    health = await withTimeout(inspectDatabase(options.databaseUrl, DATABASE_TIMEOUT_MS), DATABASE_TIMEOUT_MS + 1000);
    checks.push({ subject: DATABASE, status: 'ok', finding: { vi: `kết nối được: ${health.location}`, en: `reachable: ${health.location}` } });
  } catch (error) {
    checks.push(databaseFailure(error));
  }
  if (health) checks.push(schemaCheck(health));
  checks.push(await busCheck(options.busUrl));
  if (health?.serverClock) checks.push(clockAgainstDatabase(health.serverClock));
  checks.push(await ntpCheck());
  if (health?.file) checks.push(diskCheck(health.file));
  return checks;
}

const DATABASE: Bilingual = { vi: 'Cơ sở dữ liệu', en: 'database' };

function databaseFailure(error: unknown): Check {
  if (error instanceof DatabaseMissing)
    return {
      subject: DATABASE,
      status: 'fail',
      finding: { vi: `không có tệp ${error.message}`, en: `no database file at ${error.message}` },
      fix: {
        vi: 'kiểm tra --database hoặc VX_DATABASE_URL; `vungxanh serve` tạo tệp mới, `vungxanh restore` phục hồi từ bản sao lưu',
        en: 'check --database or VX_DATABASE_URL; `vungxanh serve` creates a new file, `vungxanh restore` brings one back from a backup',
      },
    };
  const why = error instanceof Error ? error.message : String(error);
  return {
    subject: DATABASE,
    status: 'fail',
    finding: { vi: `không kết nối được (${why})`, en: `cannot connect (${why})` },
    fix: {
      vi: 'kiểm tra PostgreSQL đang chạy, và địa chỉ, người dùng, mật khẩu trong URL',
      en: 'check that PostgreSQL runs, and the host, user and password in the URL',
    },
  };
}

function schemaCheck(health: DatabaseHealth): Check {
  const subject = { vi: 'Lược đồ', en: 'schema' };
  const { applied, pending, unknown } = health.migrations;
  if (unknown.length > 0)
    return {
      subject,
      status: 'fail',
      finding: {
        vi: `do một phiên bản mới hơn tạo (${unknown.join(', ')}); phiên bản này không đọc được`,
        en: `made by a newer release (${unknown.join(', ')}); this release cannot read it`,
      },
      fix: {
        vi: 'chạy phiên bản mới hơn đó, hoặc phục hồi bản sao lưu do phiên bản này tạo',
        en: 'run that newer release, or restore a backup this release made',
      },
    };
  if (pending.length > 0) {
    const none = applied.length === 0;
    return {
      subject,
      status: 'fail',
      finding: none
        ? { vi: 'cơ sở dữ liệu còn trống, chưa có lược đồ', en: 'the database is empty: no schema yet' }
        : {
            vi: `cần nâng cấp: ${pending.length} bước chưa chạy (${pending.join(', ')})`,
            en: `needs upgrading: ${pending.length} ${pending.length === 1 ? 'migration' : 'migrations'} pending (${pending.join(', ')})`,
          },
      fix: none
        ? { vi: '`vungxanh serve` tạo lược đồ khi khởi động', en: '`vungxanh serve` creates it when it starts' }
        : {
            vi: 'sao lưu (`vungxanh backup`), rồi `vungxanh serve` nâng cấp khi khởi động',
            en: 'back up (`vungxanh backup`), then `vungxanh serve` upgrades it when it starts',
          },
    };
  }
  const last = applied.at(-1) ?? '';
  return { subject, status: 'ok', finding: { vi: `đã cập nhật (${last})`, en: `up to date (${last})` } };
}

async function busCheck(url: string | undefined): Promise<Check> {
  const subject = { vi: 'Kênh tin (Redis)', en: 'bus (Redis)' };
  if (!url)
    return {
      subject,
      status: 'ok',
      finding: {
        vi: 'không cấu hình VX_BUS_URL: một máy chủ không cần',
        en: 'VX_BUS_URL not set: a single instance needs none',
      },
    };
  const where = withoutPassword(url);
  const problem = await busProblem(url);
  if (problem === null) return { subject, status: 'ok', finding: { vi: `trả lời PING: ${where}`, en: `answers PING: ${where}` } };
  return {
    subject,
    status: 'fail',
    finding: { vi: `không kết nối được ${where} (${problem})`, en: `cannot reach ${where} (${problem})` },
    fix: {
      vi: 'kiểm tra Redis đang chạy và VX_BUS_URL; khi thiếu nó, các máy chủ vẫn thấy thay đổi nhưng chậm hơn (qua cơ sở dữ liệu)',
      en: 'check that Redis runs and VX_BUS_URL; without it instances still see changes, later (through the database)',
    },
  };
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export function clockAgainstDatabase(clock: NonNullable<DatabaseHealth['serverClock']>): Check {
  const subject = { vi: 'Đồng hồ so với máy chủ cơ sở dữ liệu', en: 'clock against the database server' };
  // Half the round trip is the most the reading can be off by on its own.
  const apart = Math.max(0, Math.abs(clock.at.getTime() - clock.localAt.getTime()) - clock.roundTripMs / 2);
  const seconds = (apart / 1000).toFixed(1);
  const local = displayDateTime(clock.localAt);
  if (apart <= CLOCK_TOLERANCE_MS)
    return { subject, status: 'ok', finding: { vi: `khớp (lệch ${seconds} giây; giờ TP.HCM ${local})`, en: `agree (${seconds} s apart; HCMC time ${local})` } };
  return {
    subject,
    status: 'fail',
    finding: {
      vi: `lệch ${seconds} giây (máy này ${local}, máy chủ cơ sở dữ liệu ${displayDateTime(clock.at)})`,
      en: `${seconds} s apart (this host ${local}, the database server ${displayDateTime(clock.at)})`,
    },
    fix: {
      vi: 'đồng bộ giờ cả hai máy bằng NTP (chrony hoặc systemd-timesyncd): ngày mới và giờ chốt 18:00 tính theo đồng hồ',
      en: 'keep both hosts on NTP (chrony or systemd-timesyncd): the new day and the 18:00 cut are taken on the clock',
    },
  };
}

async function ntpCheck(): Promise<Check> {
  const subject = { vi: 'Đồng bộ giờ (NTP)', en: 'time sync (NTP)' };
  const synchronized = await ntpSynchronized();
  const local = displayDateTime(new Date());
  if (synchronized === true) return { subject, status: 'ok', finding: { vi: `đã đồng bộ (giờ TP.HCM ${local})`, en: `synchronised (HCMC time ${local})` } };
  if (synchronized === false)
    return {
      subject,
      status: 'fail',
      finding: { vi: `đồng hồ máy này chưa được đồng bộ (giờ TP.HCM ${local})`, en: `this host's clock is not synchronised (HCMC time ${local})` },
      fix: { vi: 'bật NTP: `timedatectl set-ntp true`', en: 'turn NTP on: `timedatectl set-ntp true`' },
    };
  return {
    subject,
    status: 'unknown',
    finding: {
      vi: `không xác định được (không có timedatectl/systemd); giờ TP.HCM theo máy này: ${local}`,
      en: `cannot tell (no timedatectl/systemd); HCMC time on this host: ${local}`,
    },
    fix: {
      vi: 'kiểm tra dịch vụ NTP của máy (chrony, ntpd) hoặc của máy chủ chứa container',
      en: "check the host's NTP service (chrony, ntpd), or the container host's",
    },
  };
}

function diskCheck(file: string): Check {
  const subject = { vi: 'Dung lượng đĩa', en: 'disk space' };
  const folder = dirname(file);
  const stats = statfsSync(folder);
  const free = stats.bavail * stats.bsize;
  const size = [file, `${file}-wal`].reduce((sum, f) => sum + (statSafe(f) ?? 0), 0);
  const needed = Math.max(MIN_FREE_BYTES, 2 * size);
  if (free >= needed)
    return {
      subject,
      status: 'ok',
      finding: {
        vi: `${folder}: còn trống ${amount(free)}, cơ sở dữ liệu ${amount(size)}`,
        en: `${folder}: ${amount(free)} free, the database ${amount(size)}`,
      },
    };
  return {
    subject,
    status: 'fail',
    finding: {
      vi: `${folder}: chỉ còn trống ${amount(free)}, cần ít nhất ${amount(needed)}`,
      en: `${folder}: only ${amount(free)} free, at least ${amount(needed)} needed`,
    },
    fix: {
      vi: 'giải phóng dung lượng hoặc chuyển cơ sở dữ liệu sang ổ khác: sao lưu và tệp WAL cần chỗ bằng cỡ cơ sở dữ liệu',
      en: 'free some space or move the database to another disk: a backup and the WAL each need about its size',
    },
  };
}

function statSafe(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** Bytes as people read a disk's: MB below a gigabyte, GB above. */
function amount(bytes: number): string {
  return bytes < 1024 ** 3 ? `${(bytes / 1024 ** 2).toFixed(1)} MB` : `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
