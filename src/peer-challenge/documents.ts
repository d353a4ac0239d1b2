import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { ChallengeAct } from './challenge-access.ts';
import type { ChallengeEventKind } from './lifecycle.ts';

/*
 * A challenge's documents as pure rules (issue 20): which there are, who uploads each, what a
 * file's first bytes say it is, and the name it is kept and downloaded under. A file is taken
 * for what its bytes are, never for its name: a PDF starts "%PDF-"; a DOCX and an ODT are ZIP
 * packages, told apart (and from their macro-enabled cousins) by the parts they declare.
 */

export const documentKinds = ['position-statement', 'report', 'action-plan'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** The documents a council publishes: its report and its action plan, never its statement. */
export const publishedKinds = ['report', 'action-plan'] as const satisfies DocumentKind[];
export type PublishedKind = (typeof publishedKinds)[number];

/** The event that publishes each: recording it makes the newest version public. */
const publishingEvents = {
  'publish-report': 'report',
  'publish-action-plan': 'action-plan',
} as const satisfies Partial<Record<ChallengeEventKind, PublishedKind>>;

/** The document an event publishes, or null for an event that publishes none. */
export function publishedBy(event: ChallengeEventKind): PublishedKind | null {
  return event in publishingEvents
    ? publishingEvents[event as keyof typeof publishingEvents]
    : null;
}

export const documentTitles: Record<DocumentKind, string> = {
  'position-statement': 'Position statement',
  report: 'Report',
  'action-plan': 'Action plan',
};

/** The act (challenge-access.ts) that uploading each kind is. */
export const uploadActs: Record<DocumentKind, ChallengeAct> = {
  'position-statement': 'upload-position-statement',
  report: 'upload-report',
  'action-plan': 'upload-action-plan',
};

export const documentFormats = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
} as const;
export type DocumentFormat = keyof typeof documentFormats;

export type Sniffed = { ok: true; format: DocumentFormat } | { ok: false; found: string | null };

const startsWith = (bytes: Uint8Array, text: string, at = 0) =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

const docxMain = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const odtType = 'application/vnd.oasis.opendocument.text';

/** One member of a ZIP package, as its central directory lists it. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

/** The central directory's entries, or null when the bytes are no ZIP package it can read. */
function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record sits in the last 22 bytes, or before a comment of at most 65,535.
  const earliest = Math.max(0, bytes.length - 22 - 65_535);
  let end = -1;
  for (let i = bytes.length - 22; i >= earliest && end < 0; i--)
    if (view.getUint32(i, true) === 0x06054b50) end = i;
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) return null;
    entries.push({
      name: Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8'),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + skip;
  }
  return entries;
}

/** The largest part read to tell a package's kind: [Content_Types].xml is a few kilobytes. */
const partLimit = 1_048_576;

/** One small part of a package as text, or null when it cannot be read within the limit. */
function partText(bytes: Uint8Array, entry: ZipEntry): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) return null;
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  try {
    if (entry.method === 0) return Buffer.from(data).toString('utf8');
    if (entry.method === 8)
      return inflateRawSync(data, { maxOutputLength: partLimit }).toString('utf8');
  } catch {
    return null;
  }
  return null;
}

/** What a ZIP package is: a DOCX or an ODT, or in words what else. */
function sniffPackage(bytes: Uint8Array): Sniffed {
  const entries = zipEntries(bytes);
  if (entries === null) return { ok: false, found: 'a damaged ZIP file' };
  const named = (name: string) => entries.find((e) => e.name === name);
  // ODF: the first member is "mimetype", stored, naming the document's type.
  const mimetype = named('mimetype');
  if (mimetype) {
    const type = partText(bytes, mimetype)?.trim() ?? '';
    if (type !== odtType) return { ok: false, found: 'an OpenDocument file that is not text' };
    if (entries.some((e) => /^(Basic|Scripts)\//.test(e.name)))
      return { ok: false, found: 'an OpenDocument text with macros' };
    return { ok: true, format: 'odt' };
  }
  const types = named('[Content_Types].xml');
  const declared = types ? partText(bytes, types) : null;
  if (declared === null) return { ok: false, found: 'a ZIP file' };
  if (/macroEnabled/i.test(declared) || entries.some((e) => /vbaProject\.bin$/i.test(e.name)))
    return { ok: false, found: 'a macro-enabled Office file' };
  if (!declared.includes(docxMain)) return { ok: false, found: 'an Office file that is not DOCX' };
  return { ok: true, format: 'docx' };
}

/** What a file's bytes say it is: one of the accepted formats, or in words what else. */
export function sniffDocument(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, '%PDF-')) return { ok: true, format: 'pdf' };
  if (startsWith(bytes, 'PK\x03\x04')) return sniffPackage(bytes);
  if (startsWith(bytes, '\xd0\xcf\x11\xe0'))
    return { ok: false, found: 'an old Office file (such as .doc)' };
  if (startsWith(bytes, '{\\rtf')) return { ok: false, found: 'an RTF file' };
  return { ok: false, found: null };
}

/** What the page says of a file refused, naming the document it was meant to be. */
export function refusalText(kind: DocumentKind, found: string | null): string {
  const title = documentTitles[kind].toLowerCase();
  const was = found === null ? '' : `: this file is ${found}`;
  return `The ${title} must be a PDF, Word (DOCX) or OpenDocument (ODT) file${was}`;
}

/**
 * A file name as kept and downloaded: its last segment, accents dropped, only letters, digits,
 * spaces and . _ ( ) -, at most 100 characters, with the extension of what it really is.
 */
export function cleanDocumentName(name: string, format: DocumentFormat, fallback: string): string {
  const base = path.posix.basename(name.replaceAll('\\', '/'));
  const plain = base.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const stem = plain
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9 _().-]+/g, '_')
    .replace(/^[\s._-]+|[\s._-]+$/g, '')
    .slice(0, 95);
  return `${stem === '' ? fallback : stem}.${documentFormats[format].extension}`;
}
