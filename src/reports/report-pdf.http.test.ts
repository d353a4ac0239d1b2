import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openContextApp, type TestApp } from '../testing/app.ts';
import { browserSuite, chromiumPath } from '../testing/browser.ts';
import { described } from '../testing/pdf.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { lodgeValues } from '../testing/values.ts';

const hartlepool = 'E06000001';
const report = `/reports/council-overview?area=${hartlepool}`;

describe('a report as a PDF, printed by chromium', browserSuite, () => {
  let t: TestApp;
  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  before(async () => {
    t = await openContextApp({ OPENLG_RATE_LIMIT: '0', OPENLG_CHROMIUM: chromiumPath });
  });
  after(() => t.close());

  it('prints the report page, offered beside the other files, a section a page', async () => {
    const page = await get(report);
    assert.match(page.body, /href="\/reports\/council-overview\.pdf\?area=E06000001"/);
    // Several at once: they take their turns, and each is whole.
    const pdfs = await Promise.all([1, 2, 3].map(() => get(report.replace('?', '.pdf?'))));
    for (const pdf of pdfs) {
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
      const { title, bookmarks, pages } = described(pdf.rawPayload);
      assert.equal(title, 'Hartlepool: council overview – openlg');
      for (const heading of ['Hartlepool: council overview', 'At a glance', 'The local economy'])
        assert.ok(
          bookmarks.some((b) => b.includes(heading)),
          `${heading} in ${bookmarks.join(' | ')}`,
        );
      assert.ok(!bookmarks.some((b) => b.startsWith('What has changed')));
      assert.ok(pages > 5, `${pages} pages`);
    }
  });

  it('prints what a signed-in reader sees, kept private', async () => {
    const steward = await newUser(t.database, { organisation: hartlepool, role: 'data-steward' });
    const by = { organisation: hartlepool, user: steward };
    await lodgeValues(t.database, 'employment-rate', '2031', { [hartlepool]: 77.7 }, by);
    const { cookie } = await sessionFor(t.database, steward.id);
    const pdf = await get(report.replace('?', '.pdf?'), cookie);
    assert.equal(pdf.statusCode, 200);
    assert.match(String(pdf.headers['cache-control']), /private, no-store/);
    // Printed as the page they see: with what changed since they last opened it.
    const { bookmarks } = described(pdf.rawPayload);
    assert.ok(
      bookmarks.some((b) => b.includes('What has changed')),
      bookmarks.join(' | '),
    );
  });

  it('answers a report asked for badly as its page does', async () => {
    const bad = await get('/reports/council-overview.pdf?area=E99999999');
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /text\/html/);
    assert.match(bad.body, /There is no area with the code E99999999/);
    const unknown = await get('/reports/no-such-report.pdf?area=E06000001');
    assert.equal(unknown.statusCode, 404);
  });
});
