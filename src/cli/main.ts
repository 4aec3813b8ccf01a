import { Command, CommanderError } from 'commander';

/** Adds one top-level command (with its subcommands, options and action) to the program. */
type Register = (program: Command) => void;

interface CommandEntry {
  name: string;
  /** What `vungxanh --help` lists; the same words the command's own module gives it (test/cli/lazy-cli.test.ts checks). */
  description: string;
  /** The module that defines the command, imported only when the command runs. */
  load(): Promise<Register>;
}

/**
 * The top-level commands. Their modules pull in the server, the database drivers, Kysely and
 * turf (about 1,500 modules): importing them all at start made `vungxanh --help`, and every
 * command, load all of them. Listed here by name and description, each loads only when named.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    description: 'Serve the API and the web app (PORT, HOST, VX_DATABASE_URL, VX_BUS_URL, VX_DEMO, VX_FRESH honoured)',
    load: async () => (await import('./serve-command.ts')).registerServeCommand,
  },
  { name: 'geo', description: 'Địa giới hành chính / administrative geography', load: async () => (await import('./geo-command.ts')).registerGeoCommands },
  // Intake (issue 3)
  {
    name: 'import',
    description: 'Nhập ca bệnh, xét nghiệm, số ca từ tệp / import cases, tests or counts from CSV, NDJSON, JSON or XLSX',
    load: async () => (await import('./import-command.ts')).registerImportCommand,
  },
  { name: 'user', description: 'Người dùng / users', load: async () => (await import('./account-commands.ts')).registerAccountCommands },
  { name: 'token', description: 'Mã truy cập API / API tokens', load: async () => (await import('./account-commands.ts')).registerAccountCommands },
  {
    name: 'campaign',
    description: 'Phong trào thi đua / emulation campaigns',
    load: async () => (await import('./campaign-command.ts')).registerCampaignCommands,
  },
  {
    name: 'simulate',
    description: 'Sinh dữ liệu dịch mô phỏng (NDJSON, không phải số liệu thật) / generate a simulated epidemic (NDJSON, not real figures)',
    load: async () => (await import('./simulate-command.ts')).registerSimulateCommand,
  },
  // Operations (issue 17)
  {
    name: 'backup',
    description: 'Sao lưu cơ sở dữ liệu vào một tệp, kể cả khi máy chủ đang chạy / back the database up into a file, even while the server runs',
    load: async () => (await import('./backup-command.ts')).registerBackupCommands,
  },
  {
    name: 'restore',
    description: 'Phục hồi cơ sở dữ liệu từ tệp sao lưu (dừng máy chủ trước) / restore the database from a backup file (stop the server first)',
    load: async () => (await import('./backup-command.ts')).registerBackupCommands,
  },
  {
    name: 'signing-key',
    description: 'Khoá ký ảnh và bản tin (Ed25519) / the key that signs images and bulletins (Ed25519)',
    load: async () => (await import('./signing-key-command.ts')).registerSigningKeyCommands,
  },
  {
    name: 'doctor',
    description: 'Kiểm tra cơ sở dữ liệu, kênh tin, đồng hồ, ổ đĩa / check the database, the bus, the clock and the disk',
    load: async () => (await import('./doctor-command.ts')).registerDoctorCommand,
  },
  {
    name: 'snapshot',
    description: 'Ghi trạng thái công khai thành tệp tĩnh / write the public state as static files any web server or CDN can serve',
    load: async () => (await import('./snapshot-command.ts')).registerSnapshotCommand,
  },
  // Demo (issue 7)
  {
    name: 'replay',
    description: 'Phát lại tệp dữ liệu mô phỏng theo thời gian mô phỏng / replay a simulation file (vungxanh simulate) through intake in simulated time',
    load: async () => (await import('./replay-command.ts')).registerReplayCommand,
  },
];

/** `vungxanh` itself: its global options, and errors thrown to runCli instead of ending the process. */
function rootCommand(): Command {
  return new Command('vungxanh')
    .description('Vùng Xanh — bản đồ nguy cơ COVID-19 và thi đua / risk map and emulation campaigns')
    .option('--database <url>', 'sqlite:PATH or postgres://… (default: $VX_DATABASE_URL or sqlite:data/vungxanh.sqlite)')
    .exitOverride();
}

/**
 * The program as `--help` shows it: every command by name and description, none of their
 * modules loaded. Running a command here only notes which one was named (its arguments and
 * options are left for the full definition to parse).
 */
export function buildCli(onCommand: (entry: CommandEntry) => void = () => {}): Command {
  const program = rootCommand();
  for (const entry of COMMANDS) {
    program
      .command(entry.name)
      .description(entry.description)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => onCommand(entry));
  }
  // `help import` must show import's own help, which only its full definition knows.
  program.helpCommand(false);
  program
    .command('help')
    .description('display help for command')
    .argument('[command]')
    .action((name?: string) => {
      const entry = COMMANDS.find((e) => e.name === name);
      if (entry) onCommand(entry);
      else program.help();
    });
  return program;
}

/** The program with one command fully defined (used by runCli, and by the test that compares descriptions). */
export async function buildCommand(entry: CommandEntry): Promise<Command> {
  const program = rootCommand();
  (await entry.load())(program);
  return program;
}

/**
 * Runs `vungxanh` with these arguments (process.argv form: node, script, then the arguments)
 * and returns the exit code, leaving the process running: the bin sets it as the exit code,
 * tests call this in-process instead of starting Node for every command. Output goes where the
 * commands print it (stdout, stderr); errors other than usage errors are thrown.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    let named: CommandEntry | null = null;
    await buildCli((entry) => (named = entry)).parseAsync(argv);
    if (named) await (await buildCommand(named)).parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  } finally {
    process.exitCode = before;
  }
}
