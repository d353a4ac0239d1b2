import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { openRegisterDatabase, openTestApp, type TestApp } from '../testing/app.ts';
import { mainText } from '../testing/http-browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { importValues } from '../testing/values.ts';
import { bandD, hartlepool, multipart, newcastle, realRows } from './uploads.testing.ts';

describe('council data uploads at /organisations/{code}/data', () => {
  let site: TestApp;
  let app: FastifyInstance;
  let database: Database;
  let steward: { cookie: string; csrf: string };
  let stewardEmail = '';
  const workspace = `/organisations/${hartlepool}/data`;

  const get = (url: string, cookie = steward.cookie) =>
    app.inject({ method: 'GET', url, headers: { cookie } });
  const upload = (
    content: string | Buffer,
    options: { cookie?: string; csrf?: string | null; name?: string; code?: string } = {},
  ) => {
    const { body, type } = multipart(
      options.csrf === null ? {} : { csrf: options.csrf ?? steward.csrf },
      { name: options.name ?? 'hartlepool.csv', content },
    );
    return app.inject({
      method: 'POST',
      url: `/organisations/${options.code ?? hartlepool}/data/upload`,
      headers: { cookie: options.cookie ?? steward.cookie, 'content-type': type },
      payload: body,
    });
  };
  const confirm = (url: string, form: Record<string, string>, csrf: string | null = steward.csrf) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: steward.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(csrf === null ? form : { csrf, ...form }).toString(),
    });
  const pendingCount = async () =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from pending_uploads`.execute(database.db))
        .rows[0]?.n,
    );
  const publicValues = async () => {
    const answer = await app.inject({
      method: 'GET',
      url: `/api/v1/data?metric=${bandD.slug}&area=${hartlepool}&period=latest:100`,
    });
    assert.equal(answer.statusCode, 200, answer.body);
    return answer.json().observations as { period: string; value: number }[];
  };
  /** The words in <main>, with the entities the templates write put back. */
  const shown = (html: string) => mainText(html).replaceAll('&quot;', '"').replaceAll('&#39;', "'");

  before(async () => {
    site = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    ({ app, database } = site);
    // The metric as openlg publishes it, for another council: a steward adds values to it.
    await importValues(database, bandD.slug, '2015-16', { [newcastle]: 1380.82 }, {}, bandD);
    const user = await newUser(database, { organisation: hartlepool, role: 'data-steward' });
    stewardEmail = user.email;
    steward = await sessionFor(database, user.id);
  });
  after(() => site.close());

  it('sends the public to sign in; refuses uploads from an analyst and another council’s steward', async () => {
    const anonymous = await get(workspace, '');
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, `/sign-in?next=${workspace}`);
    assert.equal((await get(`${workspace}/upload`, '')).statusCode, 303);
    const analyst = await sessionFor(
      database,
      (await newUser(database, { organisation: hartlepool, role: 'analyst' })).id,
    );
    const other = await sessionFor(
      database,
      (await newUser(database, { organisation: newcastle, role: 'data-steward' })).id,
    );
    // The council's own people read its workspace; only its stewards upload.
    const read = await get(workspace, analyst.cookie);
    assert.equal(read.statusCode, 200);
    assert.doesNotMatch(read.body, /Upload data|template\.csv/);
    assert.equal((await get(workspace, other.cookie)).statusCode, 403);
    for (const who of [analyst, other]) {
      assert.equal((await get(`${workspace}/template.csv`, who.cookie)).statusCode, 403);
      assert.equal((await get(`${workspace}/upload`, who.cookie)).statusCode, 403);
      const posted = await upload(realRows(), { cookie: who.cookie, csrf: who.csrf });
      assert.equal(posted.statusCode, 403);
    }
    const refused = (await auditEvents(database.db)).filter((e) => e.action === 'upload-refused');
    assert.ok(refused.length >= 6, 'each refusal is audited');
    assert.equal(await pendingCount(), 0);
  });

  it('shows the workspace, private, with the template to download', async () => {
    const account = await get('/account');
    assert.match(account.body, new RegExp(`href="${workspace}">Its data: upload and publish<`));
    const page = await get(workspace);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.match(
      mainText(page.body),
      /Hartlepool Borough Council Your data .* Nothing has been lodged/,
    );
    const template = await get(`${workspace}/template.csv`);
    assert.equal(template.statusCode, 200);
    assert.match(template.body, /^area,period,metric,value,lci,uci,status\nE06000001,/);
  });

  it('previews every problem by row and column, another council’s area among them, and keeps nothing', async () => {
    const csv = [
      'area,period,metric,value',
      `${hartlepool},2014-15,${bandD.slug},1418.70`,
      `${hartlepool},2015-16,${bandD.slug},lots`,
      `${newcastle},2014-15,${bandD.slug},1380.82`,
      `${hartlepool},2015-16,no-such-measure,12`,
      `${hartlepool},next year,${bandD.slug},1`,
    ].join('\n');
    const page = await upload(csv);
    assert.equal(page.statusCode, 400);
    const text = shown(page.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /Row 3, column “value”: "lots" is not a number/);
    assert.match(text, /Row 4, column “area”: "E08000021" is not Hartlepool/);
    assert.match(text, /Row 5, column “metric”: no definition for metric "no-such-measure"/);
    assert.match(text, /Row 6, column “period”/);
    assert.match(page.body, /<table class="govuk-table" id="problems">/);
    assert.match(page.body, /<a href="#file">/);
    assert.equal(await pendingCount(), 0, 'a file with problems is not kept');
    const imports = await sql`select id from imports where organisation_id is not null`.execute(
      database.db,
    );
    assert.equal(imports.rows.length, 0, 'nothing is written');
  });

  it('refuses a form without its CSRF token, a file too big, and one of another kind', async () => {
    assert.equal((await upload(realRows(), { csrf: null })).statusCode, 403);
    assert.equal((await upload(realRows(), { csrf: 'x'.repeat(43) })).statusCode, 403);
    const big = await upload(Buffer.alloc(10 * 1024 * 1024 + 10, 'a'));
    assert.equal(big.statusCode, 413);
    assert.match(mainText(big.body), /There is a problem The file must be smaller than 10 MB/);
    const odd = await upload('%PDF-1.7', { name: 'figures.pdf' });
    assert.equal(odd.statusCode, 400);
    assert.match(mainText(odd.body), /The file must be a CSV or an XLSX workbook/);
    assert.equal(await pendingCount(), 0);
  });

  it('keeps a good file, refuses a restriction past a year, and lodges it embargoed', async () => {
    const posted = await upload(realRows());
    assert.equal(posted.statusCode, 303);
    const confirmUrl = posted.headers.location as string;
    assert.match(confirmUrl, new RegExp(`^${workspace}/uploads/\\d+$`));
    const page = await get(confirmUrl);
    assert.equal(page.statusCode, 200);
    assert.match(mainText(page.body), /Rows read 2 New values 2/);

    assert.equal((await confirm(confirmUrl, { publication: 'published' }, null)).statusCode, 403);
    const yearAndMore = new Date(Date.now() + 367 * 86_400_000).toISOString().slice(0, 10);
    const tooLong = await confirm(confirmUrl, {
      publication: 'restricted',
      audience: newcastle,
      restrictedUntil: yearAndMore,
    });
    assert.equal(tooLong.statusCode, 400);
    assert.match(mainText(tooLong.body), /There is a problem A restriction lasts at most one year/);
    assert.match(tooLong.body, /name="audience"[^>]*>E08000021</);
    const past = await confirm(confirmUrl, {
      publication: 'embargoed',
      embargoUntil: '2020-01-01T09:00',
    });
    assert.match(mainText(past.body), /The embargo must end in the future/);

    const lodged = await confirm(confirmUrl, {
      publication: 'embargoed',
      embargoUntil: '2099-01-01T09:00',
    });
    assert.equal(lodged.statusCode, 303);
    const importId = /lodged=(\d+)$/.exec(lodged.headers.location as string)?.[1];
    assert.ok(importId, 'the import is named');
    const workspacePage = (await get(workspace)).body;
    assert.match(
      workspacePage,
      /href="\/metrics\/[a-z0-9-]+\/areas\/E06000001"/,
      'each value links to its history',
    );
    assert.match(workspacePage, /href="\/organisations\/E06000001\/collections"/);
    const after = mainText(workspacePage);
    assert.match(after, /hartlepool\.csv .* Embargoed until 1 January 2099 at 09:00:00 UK time/);
    assert.match(after, /Not yet public .* Hartlepool Borough Council 2014\/15 1418\.7/);
    assert.deepEqual(await publicValues(), [], 'the public sees nothing yet');
    const event = (await auditEvents(database.db)).find((e) => e.action === 'upload-confirmed');
    assert.equal(event?.actor, stewardEmail);
    assert.deepEqual(event?.after, {
      importId: Number(importId),
      file: 'hartlepool.csv',
      publication: 'embargoed',
      until: '2099-01-01T09:00:00.000Z',
      audience: [],
      values: 2,
    });
    assert.equal(await pendingCount(), 0, 'a confirmed upload is deleted');
    const again = await confirm(confirmUrl, { publication: 'published' });
    assert.equal(again.statusCode, 400, 'an upload is used once');
  });

  it('reads an XLSX workbook the same way, and shares a restricted import with a council', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Values');
    sheet.addRow(['area', 'period', 'metric', 'value', 'status']);
    sheet.addRow([hartlepool, '2016-17', bandD.slug, 1486.46, '']);
    sheet.addRow([hartlepool, '2017-18', bandD.slug, null, 'not-available']);
    const posted = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), {
      name: 'hartlepool.xlsx',
    });
    assert.equal(posted.statusCode, 303, mainText(posted.body));
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const lodged = await confirm(posted.headers.location as string, {
      publication: 'restricted',
      audience: newcastle,
      restrictedUntil: until,
    });
    assert.equal(lodged.statusCode, 303);
    assert.match(
      mainText((await get(workspace)).body),
      /hartlepool\.xlsx .* Restricted to Newcastle City Council until/,
    );
  });
});

describe(
  'an upload confirmed by another openlg process',
  { skip: !process.env.DATABASE_URL },
  () => {
    it('finds the previewed file in the database both share', async () => {
      const database: Database & { url?: string } = await openRegisterDatabase();
      const other = await openDatabase({ kind: 'postgres', url: database.url ?? '' });
      const config = loadConfig({ LOG_LEVEL: 'silent', OPENLG_RATE_LIMIT: '0' });
      const [first, second] = [
        await buildApp(config, createServices(database)),
        await buildApp(config, createServices(other)),
      ];
      try {
        await importValues(database, bandD.slug, '2015-16', { [newcastle]: 1380.82 }, {}, bandD);
        const user = await newUser(database, { organisation: hartlepool, role: 'data-steward' });
        const { cookie, csrf } = await sessionFor(database, user.id);
        const { body, type } = multipart({ csrf }, { name: 'hartlepool.csv', content: realRows() });
        const posted = await first.inject({
          method: 'POST',
          url: `/organisations/${hartlepool}/data/upload`,
          headers: { cookie, 'content-type': type },
          payload: body,
        });
        assert.equal(posted.statusCode, 303);
        const lodged = await second.inject({
          method: 'POST',
          url: posted.headers.location as string,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ csrf, publication: 'published' }).toString(),
        });
        assert.equal(lodged.statusCode, 303);
        assert.match(lodged.headers.location as string, /\?lodged=\d+$/);
      } finally {
        await first.close();
        await second.close();
        await other.close();
        await database.close();
      }
    });
  },
);
