import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Whether the host's clock is kept by NTP, as systemd's `timedatectl` reports it: true, false, or
 * null when it cannot tell (no systemd — a container, another init — or no timedatectl at all).
 */
export async function ntpSynchronized(): Promise<boolean | null> {
  try {
    const { stdout } = await run('timedatectl', ['show', '--property=NTPSynchronized', '--value'], { timeout: 3000 });
    const answer = stdout.trim();
    return answer === 'yes' ? true : answer === 'no' ? false : null;
  } catch {
    return null;
  }
}
