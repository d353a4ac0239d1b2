import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { browserSuite, chromiumPath } from '../testing/browser.ts';
import { described } from '../testing/pdf.ts';
import { ReportPrinter } from './report.pdf.ts';

/** A page naming a stylesheet and an image at `origin`, which the printer must never fetch. */
const html = (n: number, origin: string) =>
  `<!doctype html><html lang="en"><head><title>Page ${n}</title>` +
  `<link rel="stylesheet" href="${origin}/never.css"></head>` +
  `<body><h1>Page ${n}</h1><img src="${origin}/never.png" alt=""></body></html>`;

describe('the report printer', browserSuite, () => {
  it('prints pages given at once in turns, fetching nothing, and starts again once closed', async () => {
    const asked: string[] = [];
    const server = createServer((request, response) => {
      asked.push(request.url ?? '');
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const printer = new ReportPrinter(chromiumPath);
    try {
      // More than print at once: the others wait their turn, and none is lost.
      const pdfs = await Promise.all([1, 2, 3, 4, 5].map((n) => printer.print(html(n, origin))));
      for (const [i, pdf] of pdfs.entries()) {
        assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
        assert.equal(described(pdf).title, `Page ${i + 1}`);
      }
      await printer.close();
      assert.equal(described(await printer.print(html(6, origin))).title, 'Page 6');
      assert.deepEqual(asked, []);
    } finally {
      await printer.close();
      server.close();
    }
  });
});
