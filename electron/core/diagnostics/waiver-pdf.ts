// The modification waiver as a PDF (pdf-lib): the case number, the customer's company and contract,
// the signatory, the systems and changes, the validity, the signature and the signing instant.
// Everything it prints comes from the waiver as recorded, and its dates are set to the signing
// instant, so the same waiver always renders to the same bytes: the SHA-256 recorded at signing
// is checked whenever it is rendered again, on any desktop.
import { createHash } from 'node:crypto';
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatMoment } from '../../../shared/sla/sla-explain';
import { instantOrThrow } from '../../../shared/time/instant';
import { isControl } from '../../../shared/validation/control-characters';
import type { Signature, Signatory } from '../../../shared/diagnostics/waivers';

/** What the PDF prints: a waiver's terms as signed, and the zone its instants are written in. */
export interface PrintedWaiver {
  waiver: string;
  caseNumber: string;
  customer: { company: string; contractId: string };
  signatory: Signatory;
  systems: readonly string[];
  changes: string;
  validFrom: string;
  validTo: string;
  signature: Signature;
  supersedes?: string | undefined;
  /** The signing instant, and the engineer who recorded it. */
  signedAt: string;
  signedBy?: string | undefined;
  /** The policy's time zone: the instants are written in it. */
  zone: string;
}

const PAGE = { width: 612, height: 792 }; // US Letter, in points
const MARGIN = 56;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);
const SIGNATURE_BOX = { width: 320, height: 110 };

/**
 * The text a standard PDF font can write: what it has no glyph for becomes its unaccented letter
 * when there is one (é → e), else "?"; control characters become spaces. The record keeps the
 * exact text; the PDF is its printed copy.
 */
function writable(font: PDFFont, text: string): string {
  const glyphs = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text) {
    if (isControl(ch.codePointAt(0)!)) out += ' ';
    else if (glyphs.has(ch.codePointAt(0)!)) out += ch;
    else {
      const plain = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += [...plain].every((c) => glyphs.has(c.codePointAt(0)!)) && plain ? plain : '?';
    }
  }
  return out;
}

/** Text laid into lines no wider than `width`: its own lines kept, each wrapped at words. */
function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of writable(font, paragraph).split(/\s+/).filter(Boolean)) {
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

class Writer {
  y = PAGE.height - MARGIN;
  page: PDFPage;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont; italic: PDFFont },
  ) {
    this.page = doc.addPage([PAGE.width, PAGE.height]);
  }
  private room(height: number): void {
    if (this.y - height >= MARGIN) return;
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - MARGIN;
  }
  text(text: string, options: { size?: number; font?: 'regular' | 'bold' | 'italic'; indent?: number; color?: typeof INK } = {}): void {
    const size = options.size ?? 10.5;
    const font = this.fonts[options.font ?? 'regular'];
    const indent = options.indent ?? 0;
    for (const line of wrap(font, size, text, PAGE.width - 2 * MARGIN - indent)) {
      this.room(size * 1.4);
      this.y -= size * 1.4;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: options.color ?? INK });
    }
  }
  field(label: string, value: string): void {
    this.gap(4);
    this.text(label, { size: 8.5, font: 'bold', color: MUTED });
    this.text(value || '—');
  }
  gap(points: number): void {
    this.y -= points;
  }
  box(height: number): { x: number; y: number } {
    this.room(height + 8);
    this.y -= height + 8;
    this.page.drawRectangle({ x: MARGIN, y: this.y, width: SIGNATURE_BOX.width, height, borderColor: MUTED, borderWidth: 0.5 });
    return { x: MARGIN, y: this.y };
  }
}

/** A drawn signature's strokes as one SVG path, scaled into the signature box (numbers to a tenth). */
function strokesPath(signature: Extract<Signature, { kind: 'drawn' }>): { path: string; scale: number } {
  const scale = Math.min((SIGNATURE_BOX.width - 16) / signature.width, (SIGNATURE_BOX.height - 16) / signature.height);
  const n = (v: number) => (Math.round(v * 10) / 10).toFixed(1);
  const parts: string[] = [];
  for (const stroke of signature.strokes) {
    if (stroke.length < 2) continue;
    parts.push(`M ${n(stroke[0]!)} ${n(stroke[1]!)}`);
    // A dot (one point) is drawn as a tiny stroke, so it shows.
    if (stroke.length === 2) parts.push(`L ${n(stroke[0]! + 0.8)} ${n(stroke[1]!)}`);
    for (let i = 2; i + 1 < stroke.length; i += 2) parts.push(`L ${n(stroke[i]!)} ${n(stroke[i + 1]!)}`);
  }
  return { path: parts.join(' '), scale };
}

/** The waiver's PDF: the same bytes for the same waiver, every time. */
export async function renderWaiverPdf(w: PrintedWaiver): Promise<Uint8Array> {
  const signedAt = new Date(instantOrThrow(w.signedAt));
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Modification waiver — case ${w.caseNumber}`);
  doc.setSubject(`Waiver ${w.waiver}`);
  doc.setAuthor('Xecuritas technical support');
  doc.setCreator('Casedesk');
  doc.setProducer('Casedesk (pdf-lib)');
  doc.setCreationDate(signedAt);
  doc.setModificationDate(signedAt);
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
  };
  const out = new Writer(doc, fonts);
  const when = (text: string) => formatMoment(instantOrThrow(text), w.zone);

  out.text('Modification waiver', { size: 20, font: 'bold' });
  out.text('Permission for Xecuritas technical support to access customer equipment and change its configuration', { size: 10, color: MUTED });
  out.gap(10);
  out.field('Case', w.caseNumber);
  out.field('Customer', `${w.customer.company || '—'}${w.customer.contractId ? ` — contract ${w.customer.contractId}` : ''}`);
  out.field('Waiver', `${w.waiver}${w.supersedes ? ` (supersedes waiver ${w.supersedes})` : ''}`);
  out.field('Signatory', `${w.signatory.name}, ${w.signatory.title}, ${w.signatory.company} <${w.signatory.email}>`);
  out.field('Systems covered', w.systems.join('\n'));
  out.field('Changes permitted', w.changes);
  out.field('Valid', `from ${when(w.validFrom)}\nuntil ${when(w.validTo)}`);
  out.gap(6);
  out.text(
    `${w.signatory.company} permits Xecuritas technical support to access the systems named above and to make the changes described, ` +
      'within the validity stated. The waiver may be revoked at any time; it no longer covers anything from that instant on.',
    { size: 9.5, color: MUTED },
  );
  out.gap(8);
  out.text('Signature', { size: 8.5, font: 'bold', color: MUTED });
  const signature = w.signature;
  if (signature.kind === 'drawn') {
    const { x, y } = out.box(SIGNATURE_BOX.height);
    const { path, scale } = strokesPath(signature);
    out.page.drawSvgPath(path, { x: x + 8, y: y + SIGNATURE_BOX.height - 8, scale, borderColor: INK, borderWidth: 1.6 / scale });
    out.text(`Drawn by ${w.signatory.name}`, { size: 9, color: MUTED });
  } else if (signature.kind === 'typed') {
    out.gap(6);
    out.text(signature.name, { size: 22, font: 'italic' });
    out.text(`Typed by ${w.signatory.name} as their signature`, { size: 9, color: MUTED });
  } else {
    out.text(`Signed on paper: the signed scan is attached to the case (SHA-256 ${signature.sha256})`);
  }
  out.field('Signed', `${when(w.signedAt)}${w.signedBy ? ` — recorded by ${w.signedBy}` : ''}`);
  return doc.save({ useObjectStreams: false });
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
