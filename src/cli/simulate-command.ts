import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { type Command, Option } from 'commander';

import { EncodingError } from '../files/decode-utf8.ts';
import { PROJECT_ROOT } from '../files/project-root.ts';
import { FileFormatError } from '../files/read-records.ts';
import { readSimulationGeography } from '../files/simulation-geography.ts';
import { dateOf, dayNumber } from '../simulate/calendar.ts';
import { NATIONAL_DEFAULTS, type NationalGeography, nationalGeography, nationalRecords } from '../simulate/national.ts';
import { toNdjsonLine } from '../simulate/records.ts';
import { parseScenario, ScenarioError } from '../simulate/scenario.ts';
import { simulationHeader, simulationLines } from '../simulate/simulate.ts';

const DEFAULT_SCENARIO = join(PROJECT_ROOT, 'scenarios', 'hcmc-2021.json');
const DEFAULT_UNITS = join(PROJECT_ROOT, 'data', 'hcmc-2021', 'units.csv');
const DEFAULT_ADJACENCY = join(PROJECT_ROOT, 'data', 'hcmc-2021', 'ward-adjacency.csv');

/** Bad command-line input: the message names the option, in Vietnamese and English. */
class UsageError extends Error {}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('Sinh dữ liệu dịch mô phỏng (NDJSON, không phải số liệu thật) / generate a simulated epidemic (NDJSON, not real figures)')
    .requiredOption('--out <file>', 'NDJSON file to write (replaced only once complete)')
    .option('--seed <n>', 'integer seed: the same seed gives the same file byte for byte', '2021')
    .option('--from <date>', 'first confirmed date, YYYY-MM-DD (default: the scenario’s)')
    .option('--to <date>', 'last confirmed date, YYYY-MM-DD (default: the scenario’s)')
    .addOption(new Option('--scenario <file>', 'scenario JSON (see docs/simulation.md)').default(DEFAULT_SCENARIO, 'scenarios/hcmc-2021.json'))
    .addOption(new Option('--units <file>', 'units CSV (code, parent_code, population)').default(DEFAULT_UNITS, 'data/hcmc-2021/units.csv'))
    .addOption(new Option('--adjacency <file>', 'adjacency CSV (pairs of unit codes)').default(DEFAULT_ADJACENCY, 'data/hcmc-2021/ward-adjacency.csv'))
    .option(
      '--national',
      'the synthetic national set for benchmarks (≈10,600 communes, 730 days, ≈2M cases); also writes <out>.units.csv and <out>.adjacency.csv',
      false,
    )
    .action((options: SimulateOptions, command: Command) => {
      try {
        const started = performance.now();
        const summary = options.national ? writeNational(options) : writeScenario(options);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `Đã ghi ${summary.cases} bản ghi ca bệnh và ${summary.tests} bản ghi xét nghiệm (mô phỏng) vào ${options.out} trong ${seconds} giây / ` +
            `wrote ${summary.cases} case and ${summary.tests} test records (simulated) to ${options.out} in ${seconds} s`,
        );
        for (const extra of summary.extraFiles) console.log(`  + ${extra}`);
      } catch (error) {
        if (error instanceof UsageError || error instanceof ScenarioError || error instanceof FileFormatError || error instanceof EncodingError) {
          command.error(error.message, { exitCode: 1 });
        }
        throw error;
      }
    });
}

interface SimulateOptions {
  out: string;
  seed: string;
  from?: string;
  to?: string;
  scenario: string;
  units: string;
  adjacency: string;
  national: boolean;
}

interface Summary {
  cases: number;
  tests: number;
  extraFiles: string[];
}

function parseSeed(raw: string): number {
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`--seed: cần một số nguyên / must be an integer: ${raw}`);
  }
  return Number(raw);
}

function parseDate(option: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    dayNumber(raw);
  } catch {
    throw new UsageError(`${option}: cần ngày dạng YYYY-MM-DD / must be a date YYYY-MM-DD: ${raw}`);
  }
  return raw;
}

function readScenarioFile(path: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--scenario: không đọc được tệp / cannot read file: ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--scenario: ${path} không phải JSON hợp lệ / is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseScenario(json);
}

function writeScenario(options: SimulateOptions): Summary {
  const seed = parseSeed(options.seed);
  const scenario = readScenarioFile(options.scenario);
  const from = parseDate('--from', options.from) ?? scenario.from;
  const to = parseDate('--to', options.to) ?? scenario.to;
  if (from > to) throw new UsageError(`--to: ${to} trước --from ${from} / is before --from`);
  const geography = readSimulationGeography(options.units, options.adjacency);
  return writeLines(options.out, simulationLines({ scenario, geography, seed, from, to }));
}

function writeNational(options: SimulateOptions): Summary {
  const seed = parseSeed(options.seed);
  const from = parseDate('--from', options.from) ?? NATIONAL_DEFAULTS.from;
  const to = parseDate('--to', options.to) ?? dateOf(dayNumber(from) + NATIONAL_DEFAULTS.days - 1);
  if (from > to) throw new UsageError(`--to: ${to} trước --from ${from} / is before --from`);
  const days = dayNumber(to) - dayNumber(from) + 1;
  const geography = nationalGeography(seed);
  const unitsFile = `${options.out}.units.csv`;
  const adjacencyFile = `${options.out}.adjacency.csv`;
  writeGeography(geography, unitsFile, adjacencyFile);
  function* lines(): Generator<string> {
    yield toNdjsonLine({ ...simulationHeader('national-synthetic', seed, from, to) });
    for (const record of nationalRecords(seed, geography, { from, days })) yield toNdjsonLine(record);
  }
  const summary = writeLines(options.out, lines());
  return { ...summary, extraFiles: [unitsFile, adjacencyFile] };
}

function writeGeography(geography: NationalGeography, unitsFile: string, adjacencyFile: string): void {
  const units = [
    'code,name,kind,parent_code,population,valid_from',
    ...geography.units.map((u) => `${u.code},${u.name},${u.kind},${u.parentCode ?? ''},${u.population},2020-01-01`),
  ];
  writeWhole(unitsFile, units.join('\n') + '\n');
  writeWhole(adjacencyFile, ['a,b', ...geography.adjacency.map(([a, b]) => `${a},${b}`)].join('\n') + '\n');
}

/** Writes to a temporary file beside the target and renames it, so a failed run leaves no half file. */
function writeLines(path: string, lines: Iterable<string>): Summary {
  const temporary = join(dirname(path), `.${Date.now()}-${process.pid}.simulate.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, 'w');
  } catch {
    throw new UsageError(`--out: không ghi được vào thư mục / cannot write in the folder of: ${path}`);
  }
  let cases = 0;
  let tests = 0;
  try {
    let buffer: string[] = [];
    let size = 0;
    for (const line of lines) {
      if (line.startsWith('{"kind":"case"')) cases++;
      else if (line.startsWith('{"kind":"test"')) tests++;
      buffer.push(line);
      size += line.length;
      if (size > 1 << 20) {
        writeSync(fd, buffer.join('\n') + '\n');
        buffer = [];
        size = 0;
      }
    }
    if (buffer.length > 0) writeSync(fd, buffer.join('\n') + '\n');
    closeSync(fd);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return { cases, tests, extraFiles: [] };
}

function writeWhole(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
