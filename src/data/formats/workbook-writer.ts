import { deflateRawSync } from 'node:zlib';

/*
 * A small Office Open XML (xlsx) writer for the page downloads: a few sheets of text and
 * numbers, bold or wrapped cells, numbers shown to fixed decimal places, a frozen header and
 * filters. ExcelJS took 150 to 250 ms for a council profile's 478 rows (most of its first
 * byte); this writes the same workbook in a few milliseconds. The bulk data API's streamed
 * workbooks still use ExcelJS (xlsx.ts).
 */

export type CellStyle = 'plain' | 'bold' | 'title' | 'wrap' | { decimalPlaces: number };

export interface Cell {
  value: string | number | null;
  style?: CellStyle;
}

export interface Sheet {
  name: string;
  /** Column widths, in characters. */
  widths: readonly number[];
  rows: readonly (readonly Cell[])[];
  /** The first row stays in view and carries filter buttons. */
  header?: boolean;
}

/** The workbook as the bytes of an .xlsx file. */
export function writeWorkbook(sheets: readonly Sheet[], created: Date): Buffer {
  const strings = new SharedStrings();
  const styles = new Styles();
  const sheetXml = sheets.map((sheet) => worksheet(sheet, strings, styles));
  return zip([
    ['[Content_Types].xml', contentTypes(sheets.length)],
    ['_rels/.rels', rootRels],
    ['docProps/core.xml', coreProps(created)],
    ['xl/workbook.xml', workbookXml(sheets)],
    ['xl/_rels/workbook.xml.rels', workbookRels(sheets.length)],
    ['xl/styles.xml', styles.xml()],
    ['xl/sharedStrings.xml', strings.xml()],
    ...sheetXml.map((xml, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, xml]),
  ]);
}

const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const mainNs = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relNs = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Text as XML: escaped, without the control characters XML 1.0 cannot hold. */
export function xmlText(text: string): string {
  return (
    text
      // Matching control characters is the point here: XML 1.0 cannot hold them.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** "A", "B", … "Z", "AA": the letters of the column at `index` (from 0). */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

class SharedStrings {
  private readonly index = new Map<string, number>();
  private count = 0;

  of(text: string): number {
    this.count += 1;
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.index.size;
      this.index.set(text, at);
    }
    return at;
  }

  xml(): string {
    const items = [...this.index.keys()]
      .map((t) => `<si><t xml:space="preserve">${xmlText(t)}</t></si>`)
      .join('');
    return `${xmlHead}<sst xmlns="${mainNs}" count="${this.count}" uniqueCount="${this.index.size}">${items}</sst>`;
  }
}

/** Fonts 0 (plain), 1 (bold) and 2 (a title); one cell format per style used. */
class Styles {
  private readonly formats = new Map<string, number>([['plain', 0]]);
  private readonly numberFormats = new Map<string, number>();

  of(style: CellStyle | undefined): number {
    const key = typeof style === 'object' ? `dp${style.decimalPlaces}` : (style ?? 'plain');
    let at = this.formats.get(key);
    if (at === undefined) {
      at = this.formats.size;
      this.formats.set(key, at);
    }
    return at;
  }

  private formatId(decimalPlaces: number): number {
    if (decimalPlaces <= 0) return 1; // Built in: "0".
    const code = `0.${'0'.repeat(decimalPlaces)}`;
    let id = this.numberFormats.get(code);
    if (id === undefined) {
      id = 164 + this.numberFormats.size; // Custom formats start at 164.
      this.numberFormats.set(code, id);
    }
    return id;
  }

  private xf(key: string): string {
    if (key === 'bold')
      return '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" applyFont="1"/>';
    if (key === 'title')
      return '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" applyFont="1"/>';
    if (key === 'wrap')
      return '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>';
    if (key.startsWith('dp'))
      return `<xf numFmtId="${this.formatId(Number(key.slice(2)))}" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>`;
    return '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
  }

  xml(): string {
    const xfs = [...this.formats.keys()].map((key) => this.xf(key)).join('');
    const numFmts = [...this.numberFormats]
      .map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${code}"/>`)
      .join('');
    const font = (extra: string, size: number) =>
      `<font>${extra}<sz val="${size}"/><name val="Calibri"/><family val="2"/></font>`;
    return (
      `${xmlHead}<styleSheet xmlns="${mainNs}">` +
      (numFmts ? `<numFmts count="${this.numberFormats.size}">${numFmts}</numFmts>` : '') +
      `<fonts count="3">${font('', 11)}${font('<b/>', 11)}${font('<b/>', 14)}</fonts>` +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.formats.size}">${xfs}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

function cellXml(cell: Cell, ref: string, strings: SharedStrings, styles: Styles): string {
  const style = styles.of(cell.style);
  const s = style === 0 ? '' : ` s="${style}"`;
  if (typeof cell.value === 'number' && Number.isFinite(cell.value))
    return `<c r="${ref}"${s}><v>${cell.value}</v></c>`;
  if (typeof cell.value === 'string' && cell.value !== '')
    return `<c r="${ref}"${s} t="s"><v>${strings.of(cell.value)}</v></c>`;
  return s ? `<c r="${ref}"${s}/>` : '';
}

function worksheet(sheet: Sheet, strings: SharedStrings, styles: Styles): string {
  const width = Math.max(sheet.widths.length, ...sheet.rows.map((r) => r.length));
  const letters = Array.from({ length: width }, (_, i) => columnName(i));
  const rows = sheet.rows
    .map((row, r) => {
      const cells = row.map((cell, c) => cellXml(cell, `${letters[c]}${r + 1}`, strings, styles));
      return `<row r="${r + 1}">${cells.join('')}</row>`;
    })
    .join('');
  const cols = sheet.widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const pane = sheet.header
    ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    : '';
  const filter = sheet.header && width > 0 ? `<autoFilter ref="A1:${letters.at(-1)}1"/>` : '';
  return (
    `${xmlHead}<worksheet xmlns="${mainNs}" xmlns:r="${relNs}">` +
    `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${rows}</sheetData>${filter}</worksheet>`
  );
}

function workbookXml(sheets: readonly Sheet[]): string {
  const list = sheets
    .map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  // Excel keeps a sheet's filter range under this hidden name; without it, it repairs the file.
  const names = sheets
    .flatMap((s, i) => {
      const width = Math.max(s.widths.length, ...s.rows.map((r) => r.length));
      return s.header && width > 0
        ? [
            `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlText(s.name.replace(/'/g, "''"))}'!$A$1:$${columnName(width - 1)}$1</definedName>`,
          ]
        : [];
    })
    .join('');
  return (
    `${xmlHead}<workbook xmlns="${mainNs}" xmlns:r="${relNs}"><bookViews><workbookView/></bookViews>` +
    `<sheets>${list}</sheets>${names ? `<definedNames>${names}</definedNames>` : ''}</workbook>`
  );
}

function workbookRels(sheetCount: number): string {
  const type = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${type}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  return (
    `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets}` +
    `<Relationship Id="rId${sheetCount + 1}" Type="${type}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${sheetCount + 2}" Type="${type}/sharedStrings" Target="sharedStrings.xml"/>` +
    '</Relationships>'
  );
}

const rootRels =
  `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${relNs}/officeDocument" Target="xl/workbook.xml"/>` +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '</Relationships>';

function contentTypes(sheetCount: number): string {
  const sml = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sml}.worksheet+xml"/>`,
  ).join('');
  return (
    `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${sml}.sheet.main+xml"/>${sheets}` +
    `<Override PartName="/xl/styles.xml" ContentType="${sml}.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${sml}.sharedStrings+xml"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '</Types>'
  );
}

function coreProps(created: Date): string {
  const at = `${created.toISOString().slice(0, 19)}Z`;
  return (
    `${xmlHead}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    '<dc:creator>openlg</dc:creator>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created>` +
    '</cp:coreProperties>'
  );
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A zip archive of these files, each deflated (the container an .xlsx is). */
export function zip(files: readonly (readonly [string, string])[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const check = crc32(data);
    // Version 2.0, UTF-8 names, deflated, a fixed 1980-01-01 time (the content is what matters).
    const fields = (head: Buffer, at: number) => {
      head.writeUInt16LE(0x0800, at);
      head.writeUInt16LE(8, at + 2);
      head.writeUInt16LE(0, at + 4);
      head.writeUInt16LE(0x21, at + 6);
      head.writeUInt32LE(check, at + 8);
      head.writeUInt32LE(packed.length, at + 12);
      head.writeUInt32LE(data.length, at + 16);
      head.writeUInt16LE(nameBytes.length, at + 20);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    fields(local, 6);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    fields(entry, 8);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
