import type { Command } from 'commander';

import { type Check, runDoctor } from '../ops/doctor.ts';
import { databaseUrl } from './database-url.ts';

const MARKS = { ok: '✓', fail: '✗', unknown: '?' } as const;

/** `vungxanh doctor`: one line per check, what to do under each failure, exit code 1 when one fails. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('Kiểm tra cơ sở dữ liệu, kênh tin, đồng hồ, ổ đĩa / check the database, the bus, the clock and the disk')
    .option('--bus <url>', 'the bus to check (default $VX_BUS_URL)')
    .action(async (options: { bus?: string }, command: Command) => {
      const checks = await runDoctor({ databaseUrl: databaseUrl(command), busUrl: options.bus ?? process.env.VX_BUS_URL });
      for (const check of checks) console.log(describe(check));
      const failed = checks.filter((c) => c.status === 'fail').length;
      console.log(
        failed === 0
          ? 'Không phát hiện lỗi / nothing wrong found'
          : `${failed} mục cần xử lý (xem ✗ ở trên) / ${failed} ${failed === 1 ? 'check' : 'checks'} failed (see ✗ above)`,
      );
      if (failed > 0) process.exitCode = 1;
    });
}

function describe(check: Check): string {
  const lines = [`${MARKS[check.status]} ${check.subject.vi} / ${check.subject.en}: ${check.finding.vi} / ${check.finding.en}`];
  if (check.fix && check.status !== 'ok') lines.push(`    → ${check.fix.vi} / ${check.fix.en}`);
  return lines.join('\n');
}
