import JSZip from 'jszip';
import { onePagePdf } from './illustrative-pdf.ts';

/*
 * Files for the document tests, made as the programs that write them would: a PDF, and ZIP
 * packages with the parts Word and LibreOffice put in a DOCX, a DOCM and an ODT.
 */

const docxTypes = (main: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;

async function zipOf(parts: Record<string, string>, storedFirst?: string): Promise<Buffer> {
  const zip = new JSZip();
  if (storedFirst) zip.file(storedFirst, parts[storedFirst] ?? '', { compression: 'STORE' });
  for (const [name, text] of Object.entries(parts)) if (name !== storedFirst) zip.file(name, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export const samplePdf = (words = 'A sample document') =>
  Buffer.from(onePagePdf('Sample', [words]));

export const sampleDocx = () =>
  zipOf({
    '[Content_Types].xml': docxTypes(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    ),
    'word/document.xml': '<w:document/>',
  });

export const sampleDocm = () =>
  zipOf({
    '[Content_Types].xml': docxTypes('application/vnd.ms-word.document.macroEnabled.main+xml'),
    'word/document.xml': '<w:document/>',
    'word/vbaProject.bin': 'macros',
  });

export const sampleXlsx = () =>
  zipOf({
    '[Content_Types].xml': docxTypes(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    ),
    'xl/workbook.xml': '<workbook/>',
  });

export const sampleOdt = (macros = false) =>
  zipOf(
    {
      mimetype: 'application/vnd.oasis.opendocument.text',
      'content.xml': '<office:document-content/>',
      ...(macros ? { 'Basic/Standard/Module1.xml': '<script/>' } : {}),
    },
    'mimetype',
  );
