import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanDocumentName, publishedBy, refusalText, sniffDocument } from './documents.ts';
import { sampleDocm, sampleDocx, sampleOdt, samplePdf, sampleXlsx } from './documents.testing.ts';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('what a document’s bytes say it is', () => {
  it('takes a PDF, a DOCX and an ODT by their bytes', async () => {
    assert.deepEqual(sniffDocument(samplePdf()), { ok: true, format: 'pdf' });
    assert.deepEqual(sniffDocument(await sampleDocx()), { ok: true, format: 'docx' });
    assert.deepEqual(sniffDocument(await sampleOdt()), { ok: true, format: 'odt' });
  });

  it('refuses macro-enabled files, saying so', async () => {
    assert.deepEqual(sniffDocument(await sampleDocm()), {
      ok: false,
      found: 'a macro-enabled Office file',
    });
    assert.deepEqual(sniffDocument(await sampleOdt(true)), {
      ok: false,
      found: 'an OpenDocument text with macros',
    });
  });

  it('refuses every other file, whatever it is called', async () => {
    assert.deepEqual(sniffDocument(await sampleXlsx()), {
      ok: false,
      found: 'an Office file that is not DOCX',
    });
    assert.deepEqual(sniffDocument(bytes('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1')), {
      ok: false,
      found: 'an old Office file (such as .doc)',
    });
    assert.deepEqual(sniffDocument(bytes('{\\rtf1 hello}')), { ok: false, found: 'an RTF file' });
    assert.deepEqual(sniffDocument(bytes('\x89PNG\r\n')), { ok: false, found: null });
    assert.deepEqual(sniffDocument(bytes('')), { ok: false, found: null });
    // The start of a ZIP and nothing after it: no directory to read.
    assert.deepEqual(sniffDocument(bytes('PK\x03\x04 not a zip at all')), {
      ok: false,
      found: 'a damaged ZIP file',
    });
    // A PDF's name on an HTML file changes nothing.
    assert.deepEqual(sniffDocument(bytes('<html>%PDF-1.4</html>')), { ok: false, found: null });
  });

  it('names the document the file was meant to be when it refuses one', () => {
    assert.equal(
      refusalText('position-statement', 'a macro-enabled Office file'),
      'The position statement must be a PDF, Word (DOCX) or OpenDocument (ODT) file: this file is a macro-enabled Office file',
    );
    assert.equal(
      refusalText('action-plan', null),
      'The action plan must be a PDF, Word (DOCX) or OpenDocument (ODT) file',
    );
  });
});

describe('a document’s file name', () => {
  it('keeps the last segment, plain, with the extension of what it is', () => {
    assert.equal(
      cleanDocumentName('C:\\Users\\me\\Report final.pdf', 'pdf', 'report'),
      'Report final.pdf',
    );
    assert.equal(cleanDocumentName('../../etc/passwd', 'pdf', 'report'), 'passwd.pdf');
    assert.equal(
      cleanDocumentName('Plan d’action été.docx', 'docx', 'x'),
      'Plan d_action ete.docx',
    );
    assert.equal(cleanDocumentName('evil.pdf.exe', 'odt', 'x'), 'evil.pdf.odt');
    assert.equal(cleanDocumentName('"quoted"\r\nname.pdf', 'pdf', 'x'), 'quoted_name.pdf');
  });

  it('falls back to the kind when nothing of the name is left', () => {
    assert.equal(cleanDocumentName('.pdf', 'pdf', 'action-plan'), 'action-plan.pdf');
    assert.equal(cleanDocumentName('', 'docx', 'report'), 'report.docx');
    assert.equal(cleanDocumentName('«»', 'odt', 'report'), 'report.odt');
  });

  it('is at most 100 characters', () => {
    assert.equal(cleanDocumentName(`${'a'.repeat(300)}.pdf`, 'pdf', 'x').length, 99);
  });
});

describe('which events publish a document', () => {
  it('publishes the report and the action plan by their events, and nothing else', () => {
    assert.equal(publishedBy('publish-report'), 'report');
    assert.equal(publishedBy('publish-action-plan'), 'action-plan');
    assert.equal(publishedBy('draft-report'), null);
  });
});
