import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';

import { certificatesPdf, decisionDocx, recipientsXlsx, type RewardDocument, submissionDocx } from './reward-documents.ts';

/** A collective name of 90 characters: it must shrink or wrap on the certificate, never be cut. */
const LONG_NAME = 'Tổ COVID cộng đồng và Ban điều hành khu phố 3 phường Linh Trung, thành phố Thủ Đức, TP.HCM';
/** Typed with combining marks (NFD), as some keyboards send it. */
const DECOMPOSED = 'Phạm Thị Hồng Nhung'.normalize('NFD');
/** A name a spreadsheet would run as a formula if it were written as one. */
const FORMULA = '=HYPERLINK("http://example.invalid","bấm")';

const decision: RewardDocument = {
  issuer: { superior: 'ỦY BAN NHÂN DÂN', name: 'THÀNH PHỐ HỒ CHÍ MINH', place: 'Thành phố Hồ Chí Minh' },
  number: '1234/QĐ-UBND',
  date: '2021-07-25',
  formName: 'Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố',
  documentName: 'Bằng khen',
  campaignName: 'đợt thi đua "Vùng xanh" phòng, chống dịch COVID-19 năm 2021',
  signer: { title: 'CHỦ TỊCH', name: 'Nguyễn Văn Thành' },
  recipients: [
    {
      subject: 'collective',
      name: 'Ủy ban nhân dân Phường Bến Nghé',
      position: null,
      unitName: 'Quận 1',
      achievement: 'Đã có thành tích chuyển về vùng xanh trước ngày 23/07/2021 và giữ vững ít nhất 3 ngày.',
    },
    { subject: 'collective', name: LONG_NAME, position: null, unitName: 'Thành phố Thủ Đức', achievement: 'Đã có thành tích giữ vùng xanh suốt đợt thi đua.' },
    {
      subject: 'individual',
      name: 'Trần Thị Ánh Tuyết',
      position: 'Tổ trưởng Tổ COVID cộng đồng',
      unitName: 'Phường Bến Nghé, Quận 1',
      achievement: 'Đã có thành tích tham gia tích cực, hiệu quả công tác phòng, chống dịch.',
    },
    {
      subject: 'individual',
      name: DECOMPOSED,
      position: 'Tình nguyện viên',
      unitName: 'Phường Đa Kao, Quận 1',
      achievement: 'Đã có thành tích tham gia tích cực, hiệu quả công tác phòng, chống dịch.',
    },
    { subject: 'individual', name: FORMULA, position: '+84 chức vụ', unitName: '@đơn vị', achievement: '-thành tích' },
  ],
  grounds: [
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
    'Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;',
    'Xét đề nghị của Trưởng Ban Thi đua - Khen thưởng Thành phố tại Tờ trình số 56/TTr-BTĐKT ngày 20 tháng 7 năm 2021.',
  ],
  copiesTo: ['Như Điều 3', 'Thường trực Thành ủy', 'Lưu: VT, BTĐKT'],
};

const submission: RewardDocument = {
  ...decision,
  issuer: { superior: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH', name: 'BAN THI ĐUA - KHEN THƯỞNG', place: 'Thành phố Hồ Chí Minh' },
  number: '56/TTr-BTĐKT',
  date: '2021-07-05',
  signer: { title: 'TRƯỞNG BAN', name: 'Lê Thị Mai' },
  addressee: 'Kính gửi: Chủ tịch Ủy ban nhân dân Thành phố',
  copiesTo: ['Như trên', 'Lưu: VT'],
};

const names = decision.recipients.map((r) => r.name.normalize('NFC'));

/** The text of a Word file's body: its runs joined, XML entities decoded. */
async function docxText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1])
    .join('')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'vx-rewards-'));
}

function pdfTool(tool: string, args: string[], pdf: Uint8Array): string {
  const file = join(scratch(), 'file.pdf');
  writeFileSync(file, pdf);
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
}

describe('decision (DOCX)', () => {
  it('has the national motto, the number, the place and date, the articles and every name with its diacritics', async () => {
    const text = await docxText(await decisionDocx(decision));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Số: 1234/QĐ-UBND');
    expect(text).toContain('Thành phố Hồ Chí Minh, ngày 25 tháng 7 năm 2021');
    expect(text).toContain('QUYẾT ĐỊNH:');
    expect(text).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH');
    expect(text).toContain('Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố cho 2 tập thể và 3 cá nhân');
    expect(text).toContain('Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('- Lưu: VT, BTĐKT.');
    expect(text).toContain('(Kèm theo Quyết định số 1234/QĐ-UBND ngày 25 tháng 7 năm 2021)');
    expect(text).toContain('Nguyễn Văn Thành');
    for (const name of names) expect(text).toContain(name);
    // The name typed with combining marks is written composed (NFC), like the others.
    expect(text).not.toContain(DECOMPOSED);
  });

  it('is A4 portrait with the margins of Decree 30 (20 / 15 / 30 / 20 mm), in Times New Roman', async () => {
    const zip = await JSZip.loadAsync(await decisionDocx(decision));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(await zip.file('word/styles.xml')!.async('string')).toContain('Times New Roman');
  });
});

describe('submission (DOCX)', () => {
  it('is a Tờ trình to its addressee proposing the list, annexed', async () => {
    const text = await docxText(await submissionDocx(submission));
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('BAN THI ĐUA - KHEN THƯỞNG');
    expect(text).toContain('Số: 56/TTr-BTĐKT');
    expect(text).toContain('Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2021');
    expect(text).toContain('TỜ TRÌNH');
    expect(text).toContain('Kính gửi: Chủ tịch Ủy ban nhân dân Thành phố');
    expect(text).toContain('kính đề nghị Chủ tịch Ủy ban nhân dân Thành phố xem xét, tặng Bằng khen');
    expect(text).toContain('(Kèm theo Tờ trình số 56/TTr-BTĐKT ngày 05 tháng 7 năm 2021)');
    expect(text).not.toContain('QUYẾT ĐỊNH:');
    for (const name of names) expect(text).toContain(name);
  });
});

describe('list (XLSX)', () => {
  it('has a row per recipient, collectives first, and keeps formula-like text as text', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await recipientsXlsx(decision)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Danh sách')!;
    expect(String(sheet.getCell('A1').value)).toContain('Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố');
    expect(String(sheet.getCell('A2').value)).toContain('Quyết định số 1234/QĐ-UBND ngày 25/07/2021');
    expect(sheet.getRow(3).getCell(3).value).toBe('Họ và tên / Tên tập thể — Name');
    const rows = Array.from({ length: sheet.rowCount - 3 }, (_, i) => sheet.getRow(i + 4));
    expect(rows.map((r) => r.getCell(3).value)).toEqual(names);
    expect(rows.map((r) => r.getCell(1).value)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[2].getCell(4).value).toBe('Tổ trưởng Tổ COVID cộng đồng');
    expect(rows[2].getCell(5).value).toBe('Phường Bến Nghé, Quận 1');
    const injected = rows[4];
    for (const col of [3, 4, 5, 6]) {
      expect(injected.getCell(col).type).toBe(ExcelJS.ValueType.String);
      expect(injected.getCell(col).formula).toBeUndefined();
    }
    expect(injected.getCell(3).value).toBe(FORMULA);
    expect(sheet.getColumn(6).width).toBeGreaterThan(40);
  });

  it('names a submission as the list proposed', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await recipientsXlsx(submission)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(String(sheet.getCell('A1').value)).toContain('đề nghị tặng');
    expect(String(sheet.getCell('A2').value)).toContain('Tờ trình số 56/TTr-BTĐKT ngày 05/07/2021');
  });
});

describe('certificates (PDF)', () => {
  it('have one A4 landscape page per recipient, with each name, diacritics and all, as text', async () => {
    const pdf = await certificatesPdf(decision);
    const info = pdfTool('pdfinfo', [], pdf);
    expect(info).toMatch(/^Pages:\s+5$/m);
    expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)/m);
    expect(info).toMatch(/^Title:\s+Bằng khen — 1234\/QĐ-UBND$/m);
    const fonts = execFileSync('pdffonts', [writeScratch(pdf)], { encoding: 'utf8' });
    // Embedded (emb yes) with a ToUnicode map (uni yes): DejaVu Serif, 3 faces. pdf-lib does not
    // tag its subsets "ABCDEF+" (pdffonts says sub no), so the file's size shows the subsetting:
    // the three whole TTFs weigh about 1 MB.
    expect(fonts.split('\n').filter((l) => /DejaVuSerif/.test(l) && /yes\s+(yes|no)\s+yes/.test(l))).toHaveLength(3);
    expect(pdf.byteLength).toBeLessThan(120_000);

    const pages = pdfTool('pdftotext', ['-layout'], pdf).split('\f');
    decision.recipients.forEach((r, i) => {
      const page = pages[i].replace(/\s+/g, ' ');
      expect(page).toContain(r.name.normalize('NFC'));
      expect(page).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(page).toContain('Độc lập - Tự do - Hạnh phúc');
      expect(page).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH');
      expect(page).toContain('TẶNG BẰNG KHEN');
      expect(page).toContain('Quyết định số 1234/QĐ-UBND');
      expect(page).toContain('Thành phố Hồ Chí Minh, ngày 25 tháng 7 năm 2021');
      expect(page).toContain('Nguyễn Văn Thành');
      expect(page).toContain(r.achievement.normalize('NFC').slice(0, 20));
    });
    expect(pages[2].replace(/\s+/g, ' ')).toContain('Chức vụ: Tổ trưởng Tổ COVID cộng đồng');
    expect(pages[2].replace(/\s+/g, ' ')).toContain('Đơn vị: Phường Bến Nghé, Quận 1');
  });

  it('print only the recipients asked for, and refuse an index that is no recipient', async () => {
    const one = await certificatesPdf(decision, [2]);
    expect(pdfTool('pdfinfo', [], one)).toMatch(/^Pages:\s+1$/m);
    expect(pdfTool('pdftotext', [], one)).toContain('Trần Thị Ánh Tuyết');
    expect(pdfTool('pdftotext', [], one)).not.toContain('Bến Nghé\n\nĐã có thành tích chuyển');
    await expect(certificatesPdf(decision, [5])).rejects.toThrow(RangeError);
    const district = await certificatesPdf(
      {
        ...decision,
        issuer: { superior: null, name: 'ỦY BAN NHÂN DÂN QUẬN 1', place: 'Quận 1' },
        documentName: 'Giấy khen',
        signer: { title: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH', name: 'Võ Thị Hạnh' },
      },
      [0],
    );
    const districtText = pdfTool('pdftotext', [], district).replace(/\s+/g, ' ');
    expect(districtText).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN 1');
    expect(districtText).toContain('TẶNG GIẤY KHEN');
    expect(districtText).toContain('Quận 1, ngày 25 tháng 7 năm 2021');
    expect(districtText).toContain('KT. CHỦ TỊCH PHÓ CHỦ TỊCH');
    await expect(certificatesPdf(decision, [])).rejects.toThrow(RangeError);
  });

  it('render as an image (pdftoppm) with the long name kept whole inside the page', async () => {
    const pdf = await certificatesPdf(decision, [1]);
    const dir = scratch();
    const file = join(dir, 'long.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', file, join(dir, 'long')]);
    const png = readFileSync(join(dir, 'long.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Every word of the name is on the page, inside the border (pdftotext -bbox gives each word's box).
    const words = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    for (const word of LONG_NAME.split(' ')) {
      const box = new RegExp(`xMin="([\\d.]+)" yMin="[\\d.]+" xMax="([\\d.]+)" yMax="[\\d.]+">${escape(word)}</word>`).exec(words);
      expect(box, word).not.toBeNull();
      expect(Number(box![1])).toBeGreaterThan(40);
      expect(Number(box![2])).toBeLessThan(841.89 - 40);
    }
  });

  it('keep a very long name and achievement above the signature block', async () => {
    const name = `${LONG_NAME} và ${LONG_NAME} và ${LONG_NAME}`;
    const achievement = Array.from({ length: 6 }, () => 'Đã có thành tích xuất sắc trong công tác phòng, chống dịch COVID-19 tại địa phương;').join(' ');
    const pdf = await certificatesPdf({
      ...decision,
      recipients: [{ subject: 'collective', name, position: 'Tổ trưởng', unitName: 'Thành phố Thủ Đức', achievement }],
    });
    const words = execFileSync('pdftotext', ['-bbox', writeScratch(pdf), '-'], { encoding: 'utf8' });
    const boxes = [...words.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      top: Number(m[1]),
      bottom: Number(m[2]),
      word: m[3],
    }));
    const placeDate = boxes.find((b) => b.word === 'tháng')!;
    const lastOfAchievement = boxes.filter((b) => b.word === 'phương;').at(-1)!;
    expect(lastOfAchievement.bottom).toBeLessThan(placeDate.top);
    expect(pdfTool('pdftotext', [], pdf).replace(/\s+/g, ' ')).toContain(name);
  });
});

function writeScratch(pdf: Uint8Array): string {
  const file = join(scratch(), 'file.pdf');
  writeFileSync(file, pdf);
  return file;
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '&amp;');
}
