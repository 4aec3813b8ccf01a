import { describe, expect, it } from 'vitest';

import type { StandingsTable } from '../core/campaign/standings.ts';
import { candidatesCsv, candidatesXlsx, SIMULATED_EXPORT_NOTICE, standingsCsv, standingsXlsx } from './standings-export.ts';

const table: StandingsTable = { campaign: 'c', rulebook: 'vn-2686', group: 'ward', date: '2021-07-14', levelsAsOf: null, states: [], ranked: 0, rows: [] };
const candidates = { campaign: 'c', group: 'ward', date: '2021-07-14', provisional: true, reachedGreen: [], heldGreen: [] };

async function firstCells(xlsx: Buffer): Promise<unknown[]> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  return [sheet.getRow(1).getCell(1).value, sheet.getRow(2).getCell(1).value];
}

describe('exports of simulated data', () => {
  it('start with the notice when given one, and not otherwise (CSV)', () => {
    const lines = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines(standingsCsv([], [], SIMULATED_EXPORT_NOTICE))[0]).toBe('Dữ liệu mô phỏng — không phải số liệu thật / Simulated data — not real figures');
    expect(lines(standingsCsv([], [], SIMULATED_EXPORT_NOTICE))[1]).toMatch(/^Hạng \/ Rank,/);
    expect(lines(standingsCsv([], []))[0]).toMatch(/^Hạng \/ Rank,/);
    expect(lines(candidatesCsv(candidates, SIMULATED_EXPORT_NOTICE))[0]).toBe(SIMULATED_EXPORT_NOTICE);
  });

  it('start with the notice when given one, and not otherwise (XLSX)', async () => {
    expect((await firstCells(await standingsXlsx('Thi đua', table, [], [], SIMULATED_EXPORT_NOTICE)))[0]).toBe(SIMULATED_EXPORT_NOTICE);
    expect((await firstCells(await standingsXlsx('Thi đua', table, [], [])))[0]).toBe('Thi đua — ward — 14/07/2021');
    expect((await firstCells(await candidatesXlsx('Thi đua', candidates, SIMULATED_EXPORT_NOTICE)))[0]).toBe(SIMULATED_EXPORT_NOTICE);
  });
});
