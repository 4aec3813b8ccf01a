/**
 * A bulletin as a document: headings, paragraphs, lists and tables made of runs of text, a run
 * optionally linking to the API call its figure comes from. The wording is written once
 * (bulletin-text.ts); Markdown, DOCX and the /ban-tin page each draw the same document.
 */

export interface Run {
  text: string;
  /** The API call the figure comes from. */
  href?: string;
  strong?: boolean;
}

export type Block =
  | { type: 'heading'; runs: Run[] }
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'notice'; runs: Run[] }
  | { type: 'list'; items: Run[][] }
  | { type: 'table'; caption: Run[]; header: string[]; rows: Run[][][] };

export interface BulletinDocument {
  lang: 'vi' | 'en';
  title: string;
  /** "Bản tin ngày 14/07/2021" / "Bulletin of 14/07/2021". */
  dateLine: string;
  blocks: Block[];
}

/** The plain text of runs (a document's text without its links). */
export function plainText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}

/** Markdown: links kept, so each figure still points at its source in the downloaded file. */
export function toMarkdown(doc: BulletinDocument): string {
  const out: string[] = [`# ${escapeMd(doc.title)}`, ''];
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'heading':
        out.push(`## ${runsMd(block.runs)}`, '');
        break;
      case 'paragraph':
        out.push(runsMd(block.runs), '');
        break;
      case 'notice':
        out.push(`> ${runsMd(block.runs)}`, '');
        break;
      case 'list':
        out.push(...block.items.map((item) => `- ${runsMd(item)}`), '');
        break;
      case 'table':
        out.push(runsMd(block.caption), '');
        out.push(`| ${block.header.map(cellMd).join(' | ')} |`, `|${block.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
        out.push(...block.rows.map((row) => `| ${row.map((cell) => runsMd(cell).replace(/\|/g, '\\|')).join(' | ')} |`), '');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function runsMd(runs: readonly Run[]): string {
  return runs
    .map((r) => {
      let text = escapeMd(r.text);
      if (r.href) text = `[${text}](${r.href})`;
      return r.strong ? `**${text}**` : text;
    })
    .join('');
}

function cellMd(text: string): string {
  return escapeMd(text).replace(/\|/g, '\\|');
}

/** Markdown's own characters in names and text are shown as written. */
function escapeMd(text: string): string {
  return text.replace(/([\\`*_[\]<>#])/g, '\\$1');
}

/**
 * HTML of the document's body (the title is the caller's): for the /ban-tin page and the Atom
 * feed's entries. Every text is escaped; links are the API's own relative URLs. `heading` is the
 * level of the section headings (the page's title sits above them).
 */
export function toHtml(doc: BulletinDocument, heading = 3): string {
  const out: string[] = [];
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'heading':
        out.push(`<h${heading}>${runsHtml(block.runs)}</h${heading}>`);
        break;
      case 'paragraph':
        out.push(`<p>${runsHtml(block.runs)}</p>`);
        break;
      case 'notice':
        out.push(`<p class="bulletin-notice" role="note">${runsHtml(block.runs)}</p>`);
        break;
      case 'list':
        out.push(`<ul>${block.items.map((item) => `<li>${runsHtml(item)}</li>`).join('')}</ul>`);
        break;
      case 'table':
        out.push(
          `<div class="scroll" tabindex="0" role="region" aria-label="${escapeHtml(plainText(block.caption))}"><table><caption>${runsHtml(block.caption)}</caption>` +
            `<thead><tr>${block.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
            `<tbody>${block.rows.map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${runsHtml(cell)}</th>` : `<td>${runsHtml(cell)}</td>`)).join('')}</tr>`).join('')}</tbody></table></div>`,
        );
        break;
    }
  }
  return out.join('\n');
}

function runsHtml(runs: readonly Run[]): string {
  return runs
    .map((r) => {
      let html = escapeHtml(r.text);
      if (r.href) html = `<a href="${escapeHtml(r.href)}">${html}</a>`;
      return r.strong ? `<strong>${html}</strong>` : html;
    })
    .join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
