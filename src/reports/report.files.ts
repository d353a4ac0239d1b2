/**
 * A report as files: an Excel workbook (an "About" sheet, then a sheet a section, with its
 * sources and licence) and a Word document (committee papers are written in Word: headings,
 * paragraphs, charts as images, tables as Word tables). Both write exportSections, so they hold
 * what the page shows.
 */
import type * as DocxLibrary from 'docx';
import type { Paragraph, Table } from 'docx';
import { svgToPng } from '../charts/rasterise.ts';
import { writeWorkbook, type Cell, type Sheet } from '../data/formats/workbook-writer.ts';
import type { ReportModel } from './report.model.ts';
import {
  exportFacts,
  exportSections,
  type ExportSection,
  type ExportTable,
} from './report.export.ts';

/**
 * The docx library, loaded when a Word document is first asked for: a server that writes none
 * does without its 10 MB.
 */
type Docx = typeof DocxLibrary;

/** Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\, each unique. */
function sheetName(index: number, heading: string): string {
  return `${index + 1} ${heading.replace(/[[\]:*?/\\]/g, ' ')}`.slice(0, 31).trim();
}

function tableRows(table: ExportTable): Cell[][] {
  return [
    [{ value: table.caption, style: 'bold' }],
    table.columns.map((c): Cell => ({ value: c, style: 'bold' })),
    ...table.rows.map((row) => row.map((value): Cell => ({ value }))),
    [],
  ];
}

function sectionSheet(section: ExportSection, index: number): Sheet {
  const widest = Math.max(1, ...section.tables.map((t) => t.columns.length));
  return {
    name: sheetName(index, section.heading),
    widths: [40, ...Array.from({ length: widest - 1 }, () => 18)],
    rows: [
      [{ value: section.heading, style: 'title' }],
      ...section.paragraphs.map((text): Cell[] => [{ value: text, style: 'wrap' }]),
      [],
      ...section.tables.flatMap(tableRows),
    ],
  };
}

/** The report as an Excel workbook. */
export function reportXlsx(model: ReportModel, url: string): Buffer {
  const about: Sheet = {
    name: 'About',
    widths: [18, 100],
    rows: [
      [{ value: model.title, style: 'title' }],
      ...exportFacts(model, url).map(([label, value]): Cell[] => [
        { value: label, style: 'bold' },
        { value, style: 'wrap' },
      ]),
    ],
  };
  return writeWorkbook([about, ...exportSections(model).map(sectionSheet)], new Date());
}

function wordTable(w: Docx, table: ExportTable): Table {
  const cell = (text: string, bold: boolean, numeric: boolean) =>
    new w.TableCell({
      children: [
        new w.Paragraph({
          alignment: numeric ? w.AlignmentType.RIGHT : w.AlignmentType.LEFT,
          children: [new w.TextRun({ text, bold })],
        }),
      ],
    });
  return new w.Table({
    width: { size: 100, type: w.WidthType.PERCENTAGE },
    rows: [
      new w.TableRow({
        tableHeader: true,
        children: table.columns.map((c) => cell(c, true, false)),
      }),
      ...table.rows.map(
        (row) =>
          new w.TableRow({
            children: row.map((value, i) =>
              cell(value === null ? '' : String(value), i === 0, typeof value === 'number'),
            ),
          }),
      ),
    ],
  });
}

/** A chart as an image the width of the page, described in words for screen readers. */
async function chartImage(w: Docx, chart: { svg: string; caption: string }): Promise<Paragraph> {
  const size = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(chart.svg);
  const [width, height] = [Number(size?.[1] ?? 600), Number(size?.[2] ?? 400)];
  const shown = Math.min(600, width);
  return new w.Paragraph({
    children: [
      new w.ImageRun({
        type: 'png',
        data: await svgToPng(chart.svg),
        transformation: { width: shown, height: Math.round((height * shown) / width) },
        altText: { name: chart.caption, title: chart.caption, description: chart.caption },
      }),
    ],
  });
}

async function sectionBlocks(w: Docx, section: ExportSection): Promise<(Paragraph | Table)[]> {
  return [
    new w.Paragraph({ text: section.heading, heading: w.HeadingLevel.HEADING_2 }),
    ...section.paragraphs.map((text) => new w.Paragraph({ text })),
    ...(section.chart ? [await chartImage(w, section.chart)] : []),
    ...section.tables.flatMap((table) => [
      new w.Paragraph({ children: [new w.TextRun({ text: table.caption, bold: true })] }),
      wordTable(w, table),
    ]),
  ];
}

/** The report as a Word document. */
export async function reportDocx(model: ReportModel, url: string): Promise<Buffer> {
  const w = await import('docx');
  const facts = exportFacts(model, url).map(
    ([label, value]) =>
      new w.Paragraph({
        children: [new w.TextRun({ text: `${label}: `, bold: true }), new w.TextRun(value)],
      }),
  );
  const sections: (Paragraph | Table)[] = [];
  for (const section of exportSections(model)) sections.push(...(await sectionBlocks(w, section)));
  const document = new w.Document({
    title: model.title,
    creator: 'openlg',
    sections: [
      {
        children: [
          new w.Paragraph({ text: model.title, heading: w.HeadingLevel.HEADING_1 }),
          ...facts,
          ...sections,
        ],
      },
    ],
  });
  return w.Packer.toBuffer(document);
}
