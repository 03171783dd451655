// The person's plan as a PDF they can keep, drawn from the same document as the page (person-view.ts).
// Tagged (headings and paragraphs in a structure tree, decoration and page numbers marked as artifacts),
// with a title shown in the window and English (UK) as its language, so screen readers read it properly.
// Built-in Helvetica: nothing to install, though it means the fonts are not embedded (PDF/UA would want them).
import PDFDocument from 'pdfkit';
import { PERSON_FORMAT_LABELS, type PersonFormat, type PersonPlan, type PlanItem } from './person-view.ts';

interface Sizes {
  body: number;
  h1: number;
  h2: number;
  h3: number;
  /** Extra space between wrapped lines of one paragraph. */
  lineGap: number;
  /** Space after a paragraph. */
  after: number;
  /** The side of the box kept for a picture beside each easy-read line; 0 for none. */
  picture: number;
}

// RNIB: large print at 16–18pt at least; easy read at 16pt or more, with plenty of space between lines.
const SIZES: Record<PersonFormat, Sizes> = {
  plain: { body: 12, h1: 24, h2: 18, h3: 14, lineGap: 3, after: 8, picture: 0 },
  large_print: { body: 18, h1: 32, h2: 26, h3: 21, lineGap: 5, after: 12, picture: 0 },
  easy_read: { body: 18, h1: 32, h2: 26, h3: 21, lineGap: 8, after: 18, picture: 60 },
};

const MARGIN = 56;
const PICTURE_GAP = 20;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

export interface PdfOptions {
  /** When the copy was made, for the document's dates (from ctx.clock). */
  madeAt: Date;
  /** Off only to read the content streams directly, in tests. */
  compress?: boolean;
}

type Doc = InstanceType<typeof PDFDocument>;
type Tag = 'H1' | 'H2' | 'H3' | 'P';

/** The PDF's bytes. */
export function planPdf(plan: PersonPlan, options: PdfOptions): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    bufferPages: true,
    info: {
      Title: `${plan.title}: ${plan.name}`,
      Subject: `${plan.title}, in ${PERSON_FORMAT_LABELS[plan.format].toLowerCase()}`,
      Creator: 'JoinedUp',
      Producer: 'JoinedUp',
      CreationDate: options.madeAt,
      ModDate: options.madeAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  new Writer(pdf, plan.format).document(plan);
  pdf.end();
  return done;
}

class Writer {
  private readonly sizes: Sizes;
  private readonly root: PDFKit.PDFStructureElement;

  constructor(
    private readonly pdf: Doc,
    format: PersonFormat,
  ) {
    this.sizes = SIZES[format];
    this.root = pdf.struct('Document');
    pdf.addStructure(this.root);
  }

  document(plan: PersonPlan): void {
    const s = this.sizes;
    this.block('H1', plan.title, BOLD, s.h1);
    this.block('P', plan.name, BOLD, s.body);
    for (const line of plan.intro) this.line(line);
    for (const section of plan.sections) {
      this.pdf.y += s.after;
      this.block('H2', section.heading, BOLD, s.h2);
      for (const line of section.lines) this.line(line);
      for (const group of section.groups) {
        if (group.heading) {
          const text = group.quoted ? `“${group.heading}”` : group.heading;
          this.block('H3', text, BOLD, s.h3);
        }
        for (const line of group.lines) this.line(line);
        for (const item of group.items) this.item(item);
      }
    }
    this.root.end();
    this.pageNumbers();
  }

  private get width(): number {
    return this.pdf.page.width - MARGIN * 2;
  }

  private get bottom(): number {
    return this.pdf.page.height - MARGIN;
  }

  /** A new page when `height` would not fit on this one: a heading or a line is never split from its picture. */
  private room(height: number): void {
    if (this.pdf.y + height > this.bottom) this.pdf.addPage();
  }

  private block(tag: Tag, text: string, font: string, size: number, x = MARGIN, width = this.width): void {
    const pdf = this.pdf;
    pdf.font(font).fontSize(size);
    const options = { width, lineGap: this.sizes.lineGap };
    // Keep a heading with at least one line of what follows it.
    const extra = tag === 'P' ? 0 : this.sizes.body * 2.5;
    this.room(pdf.heightOfString(text, options) + extra);
    const y = pdf.y;
    this.root.add(pdf.struct(tag, {}, () => pdf.text(text, x, y, options)));
    pdf.y += this.sizes.after / 2;
  }

  /** A paragraph; in easy read, one idea with a box beside it kept for a picture. */
  private line(text: string): void {
    const { picture, body, lineGap, after } = this.sizes;
    if (!picture) {
      this.block('P', text, REGULAR, body);
      return;
    }
    const pdf = this.pdf;
    const x = MARGIN + picture + PICTURE_GAP;
    const width = this.width - picture - PICTURE_GAP;
    pdf.font(REGULAR).fontSize(body);
    const height = pdf.heightOfString(text, { width, lineGap });
    this.room(Math.max(height, picture));
    const top = pdf.y;
    pdf.markContent('Artifact', { type: 'Layout' });
    pdf.save().lineWidth(2).dash(6, { space: 4 }).strokeColor('#b1b4b6');
    pdf.roundedRect(MARGIN, top, picture, picture, 6).stroke();
    pdf.undash().restore();
    pdf.endMarkedContent();
    const textTop = top + Math.max(0, (picture - height) / 2);
    this.root.add(pdf.struct('P', {}, () => pdf.text(text, x, textTop, { width, lineGap })));
    pdf.y = top + Math.max(height, picture) + after;
  }

  private item(item: PlanItem): void {
    const pdf = this.pdf;
    const { body, lineGap, after } = this.sizes;
    pdf.y += after / 2;
    for (const line of item.lines) this.line(line);
    for (const row of item.rows) {
      pdf.font(BOLD).fontSize(body);
      const labelled = `${row.label}: ${row.value}`;
      this.room(pdf.heightOfString(labelled, { width: this.width, lineGap }));
      const y = pdf.y;
      this.root.add(
        pdf.struct('P', {}, () => {
          pdf.font(BOLD).text(`${row.label}: `, MARGIN, y, { width: this.width, lineGap, continued: true });
          pdf.font(REGULAR).text(row.value, { width: this.width, lineGap });
        }),
      );
      pdf.y += after / 3;
    }
  }

  /** "Page 1 of 3" at the foot of each page, marked as pagination so screen readers skip it. */
  private pageNumbers(): void {
    const pdf = this.pdf;
    const range = pdf.bufferedPageRange();
    const size = Math.max(10, this.sizes.body - 4);
    for (let i = range.start; i < range.start + range.count; i++) {
      pdf.switchToPage(i);
      // Writing in the bottom margin would otherwise start a new page.
      const margin = pdf.page.margins.bottom;
      pdf.page.margins.bottom = 0;
      pdf.markContent('Artifact', { type: 'Pagination' });
      pdf
        .font(REGULAR)
        .fontSize(size)
        .fillColor('#505a5f')
        .text(`Page ${i + 1} of ${range.count}`, MARGIN, pdf.page.height - MARGIN / 2 - size, {
          width: this.width,
          align: 'center',
          lineBreak: false,
        });
      pdf.endMarkedContent();
      pdf.fillColor('black');
      pdf.page.margins.bottom = margin;
    }
  }
}
