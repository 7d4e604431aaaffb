import type { PDFFont, PDFPage } from 'pdf-lib';

/**
 * A small writer for the registry's letters and records (A4, Helvetica): headings, paragraphs, numbered
 * lists and two-column tables, wrapped to the page and continued on new pages. Text outside the standard
 * fonts' Latin-1 range is replaced, so user-supplied text can never break a document.
 */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'fields'; rows: [string, string][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; title: string; rows: [string, string][] }
  | { kind: 'space' };

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const SIZE = 10.5;
const LEADING = 14;

export function latin1(text: string): string {
  return text.normalize('NFKC').replace(/[^\x20-\x7E\xA0-\xFF]/g, '?');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of latin1(text).split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

export async function renderPdf(opts: { title: string; blocks: Block[] }): Promise<Uint8Array> {
  // Loaded on first use: every CLI command starts faster without it.
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(latin1(opts.title));
  doc.setProducer('Gerbang');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const need = (h: number) => {
    if (y - h < MARGIN) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const line = (text: string, x: number, f = font, size = SIZE) => {
    need(LEADING);
    page.drawText(text, { x, y: y - size, size, font: f });
    y -= LEADING;
  };

  for (const b of opts.blocks) {
    switch (b.kind) {
      case 'heading':
        for (const l of wrap(b.text, bold, 12, width)) line(l, MARGIN, bold, 12);
        y -= 4;
        break;
      case 'paragraph':
        for (const l of wrap(b.text, font, SIZE, width)) line(l, MARGIN);
        y -= 6;
        break;
      case 'fields':
        for (const [k, v] of b.rows) {
          const lines = wrap(v, font, SIZE, width - 110);
          need(LEADING * lines.length);
          page.drawText(latin1(k), { x: MARGIN, y: y - SIZE, size: SIZE, font });
          page.drawText(':', { x: MARGIN + 100, y: y - SIZE, size: SIZE, font });
          for (const l of lines) line(l, MARGIN + 110);
        }
        y -= 6;
        break;
      case 'list':
        b.items.forEach((item, i) => {
          const lines = wrap(item, font, SIZE, width - 20);
          need(LEADING);
          page.drawText(`${i + 1}.`, { x: MARGIN, y: y - SIZE, size: SIZE, font });
          for (const l of lines) line(l, MARGIN + 20);
        });
        y -= 6;
        break;
      case 'table': {
        line(b.title, MARGIN, bold);
        const col = 140;
        for (const [k, v] of b.rows) {
          const left = wrap(k, bold, SIZE, col - 8);
          const right = wrap(v, font, SIZE, width - col - 8);
          const h = Math.max(left.length, right.length) * LEADING + 6;
          need(h);
          page.drawRectangle({
            x: MARGIN,
            y: y - h,
            width,
            height: h,
            borderColor: rgb(0, 0, 0),
            borderWidth: 0.5,
          });
          page.drawLine({
            start: { x: MARGIN + col, y },
            end: { x: MARGIN + col, y: y - h },
            thickness: 0.5,
          });
          left.forEach((l, i) =>
            page.drawText(l, { x: MARGIN + 4, y: y - 3 - SIZE - i * LEADING, size: SIZE, font: bold }),
          );
          right.forEach((l, i) =>
            page.drawText(l, { x: MARGIN + col + 4, y: y - 3 - SIZE - i * LEADING, size: SIZE, font }),
          );
          y -= h;
        }
        y -= 8;
        break;
      }
      case 'space':
        y -= LEADING;
        break;
    }
  }
  return doc.save();
}
