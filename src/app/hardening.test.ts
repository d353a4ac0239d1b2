import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { problem } from '../api/api.schema.ts';
import { loadConfig } from '../config/config.ts';
import { readOnsEls } from '../imports/els/els.reader.ts';
import { ImportService } from '../imports/imports.service.ts';
import { readTidyCsv } from '../imports/tabular/tabular.reader.ts';
import { DataFileError } from '../shared/errors.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { buildApp } from './app.ts';
import { createServices } from './services.ts';

/** The raw answer to raw request bytes, read until the server closes the connection. */
async function rawRequest(
  app: FastifyInstance,
  send: (socket: net.Socket) => void,
  waitMs = 5_000,
): Promise<{ text: string; closedAfterMs: number }> {
  const { port } = app.server.address() as net.AddressInfo;
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => send(socket));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    const giveUp = setTimeout(() => socket.destroy(), waitMs);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ text, closedAfterMs: performance.now() - started });
    });
  });
}

function get(app: FastifyInstance, target: string, headers = '') {
  return rawRequest(app, (socket) =>
    socket.write(
      `GET ${target} HTTP/1.1\r\nHost: openlg.test\r\n${headers}Connection: close\r\n\r\n`,
    ),
  );
}

/** Status, lower-cased headers and body of a raw HTTP/1.1 answer. */
function parseAnswer(text: string) {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

function assertSecurityHeaders(headers: Record<string, string | undefined>, what: string) {
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.match(headers['content-security-policy'] ?? '', /form-action 'self'/, what);
  assert.match(headers['permissions-policy'] ?? '', /camera=\(\)/, what);
}

describe('hardening against hostile input', () => {
  let t: TestApp;
  let dir: string;
  const slug = 'formula-metric';
  const formula = '=HYPERLINK("https://evil.example","click")';

  before(async () => {
    t = await openTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    dir = await mkdtemp(path.join(tmpdir(), 'openlg-hardening-'));
    await writeFile(path.join(dir, `${slug}.csv`), `code,value\nE06000001,-1.5\nE06000002,2\n`);
    await new ImportService(t.database).run(await readFormulaMetric());
  });
  after(() => t.close());

  /** A metric whose every text field is a formula, with a negative value for Hartlepool. */
  function readFormulaMetric() {
    return readTidyCsv(path.join(dir, `${slug}.csv`), dir, {
      name: 'test mapping',
      value: {
        area: { column: 'code' },
        period: { value: '2024' },
        measures: [{ metric: slug, value: 'value' }],
        metrics: [
          {
            slug,
            title: formula,
            subtitle: '+44 20 7946 0000',
            description: '-2+3',
            caveats: '@SUM(A1:A9)',
            unit: '\tTabbed',
            polarity: 'no-judgement',
          },
        ],
      },
    });
  }

  describe('CSV formula injection (finding 9)', () => {
    it('guards every text cell of the catalogue CSV a spreadsheet would run', async () => {
      const answer = await t.app.inject({ url: '/api/v1/bulk/catalogue.csv' });
      assert.equal(answer.statusCode, 200);
      const rows = parse(answer.body, { bom: true, columns: true }) as Record<string, string>[];
      const row = rows.find((r) => r.metric === slug);
      assert.ok(row);
      assert.equal(row.title, `'${formula}`);
      assert.equal(row.subtitle, "'+44 20 7946 0000");
      assert.equal(row.description, "'-2+3");
      assert.equal(row.caveats, "'@SUM(A1:A9)");
      assert.equal(row.unit, "'\tTabbed");
      assert.equal(row.decimal_places, '1', 'numbers stay numbers');
      assert.ok(!/(^|,)[=+\-@\t]/m.test(answer.body), 'no cell starts with a formula character');
    });

    it('writes negative values as numbers in the data and bulk CSVs', async () => {
      for (const url of [
        `/api/v1/data?metric=${slug}&area=E06000001&format=csv`,
        `/api/v1/bulk/metrics/${slug}.csv`,
        '/api/v1/bulk/all.csv',
      ]) {
        const answer = await t.app.inject({ url });
        assert.equal(answer.statusCode, 200, url);
        const rows = parse(answer.body, { bom: true, columns: true }) as Record<string, string>[];
        const hartlepool = rows.find((r) => r.metric === slug && r.area === 'E06000001');
        assert.equal(hartlepool?.value, '-1.5', url);
      }
    });
  });

  describe('NUL bytes and impossible dates (finding 11)', () => {
    const cases: [string, string][] = [
      ['/api/v1/metrics?q=a%00b', 'q'],
      ['/api/v1/areas/E0600%0001', 'code'],
      ['/api/v1/areas/E06000001/neighbours?model=x%00', 'model'],
      ['/api/v1/groups?area=E06%00', 'area'],
      ['/api/v1/groups/type%00', 'id'],
      [`/api/v1/metrics/${slug}%00`, 'slug'],
      [`/api/v1/bulk/metrics/x%00y.csv`, 'slug'],
      [`/api/v1/data?metric=${slug}%00&area=E06000001`, 'metric'],
      [`/api/v1/compare?metric=${slug}&area=E06000001%00`, 'area'],
      [`/api/v1/data?metric=${slug}&area=E06000001&asOf=0000-01-01`, 'asOf'],
      [`/api/v1/data?metric=${slug}&area=E06000001&asOf=9999-12-31T23:00-05:00`, 'asOf'],
    ];
    for (const [url, parameter] of cases)
      it(`answers ${url} with 400 naming ${parameter}`, async () => {
        const answer = await t.app.inject({ url });
        assert.equal(answer.statusCode, 400, answer.body);
        assert.match(answer.headers['content-type'] as string, /application\/problem\+json/);
        assert.equal((answer.json() as { parameter?: string }).parameter, parameter);
      });

    for (const url of ['/areas?q=%00', '/areas/E06%0000001', '/metrics/x%00', '/compare?areas=%00'])
      it(`answers the page ${url} with the GOV.UK error page and 400`, async () => {
        const answer = await t.app.inject({ url });
        assert.equal(answer.statusCode, 400);
        assert.match(answer.headers['content-type'] as string, /text\/html/);
        assert.match(answer.body, /There is a problem with the request/);
      });

    it('still answers a date at the edges of the range', async () => {
      const answer = await t.app.inject({
        url: `/api/v1/data?metric=${slug}&area=E06000001&asOf=1900-01-01`,
      });
      assert.notEqual(answer.statusCode, 500);
      assert.notEqual(answer.statusCode, 400);
    });
  });

  describe("errors raised by Fastify's router and Node's parser (finding 13)", () => {
    const long = 'x'.repeat(300);

    it('answers an overlong address part with 414, never echoing the address', async () => {
      const api = parseAnswer((await get(t.app, `/api/v1/areas/${long}`)).text);
      assert.equal(api.status, 414);
      assert.match(api.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.ok(!api.body.includes(long));
      assert.equal(problem.parse(JSON.parse(api.body)).status, 414, 'the documented problem form');
      assertSecurityHeaders(api.headers, 'API 414');

      const page = parseAnswer((await get(t.app, `/areas/${long}`)).text);
      assert.equal(page.status, 414);
      assert.match(page.headers['content-type'] ?? '', /^text\/html/);
      assert.match(page.body, /There is a problem with the request/);
      assert.ok(!page.body.includes(long));
      assertSecurityHeaders(page.headers, 'page 414');
    });

    it('answers a bad percent escape with 400 in the form of its address', async () => {
      const api = parseAnswer((await get(t.app, '/api/v1/areas/%zz-evil')).text);
      assert.equal(api.status, 400);
      assert.match(api.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.ok(!api.body.includes('evil'));
      assertSecurityHeaders(api.headers, 'API bad URL');

      const page = parseAnswer((await get(t.app, '/areas/%zz-evil')).text);
      assert.equal(page.status, 400);
      assert.match(page.headers['content-type'] ?? '', /^text\/html/);
      assert.ok(!page.body.includes('evil'));
      assertSecurityHeaders(page.headers, 'page bad URL');
    });

    it("answers what Node's parser refuses (431, a broken request) with the app's forms", async () => {
      const header = `X-Big: ${'y'.repeat(20_000)}\r\n`;
      const api = parseAnswer((await get(t.app, '/api/v1/metrics', header)).text);
      assert.equal(api.status, 431);
      assert.match(api.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.equal(problem.parse(JSON.parse(api.body)).status, 431, 'the documented problem form');
      assertSecurityHeaders(api.headers, 'API 431');

      const page = parseAnswer((await get(t.app, '/metrics', header)).text);
      assert.equal(page.status, 431);
      assert.match(page.headers['content-type'] ?? '', /^text\/html/);
      assert.match(page.body, /There is a problem with the request/);
      assertSecurityHeaders(page.headers, 'page 431');

      const broken = parseAnswer(
        (await rawRequest(t.app, (socket) => socket.write('NONSENSE\r\n\r\n'))).text,
      );
      assert.equal(broken.status, 400);
      assertSecurityHeaders(broken.headers, 'broken request');
    });

    it("answers Fastify's content errors with a problem document and the headers", async () => {
      const body = 'not json';
      const answer = parseAnswer(
        (
          await rawRequest(t.app, (socket) =>
            socket.write(
              'POST /api/v1/metrics HTTP/1.1\r\nHost: openlg.test\r\nConnection: close\r\n' +
                `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
            ),
          )
        ).text,
      );
      assert.equal(answer.status, 400);
      assert.match(answer.headers['content-type'] ?? '', /^application\/problem\+json/);
      assertSecurityHeaders(answer.headers, 'bad JSON body');
    });
  });

  describe('links from data (finding 12)', () => {
    /** Redefines the metric with this source address, as an import that checked nothing would. */
    async function setSourceUrl(url: string) {
      const parsed = await readFormulaMetric();
      for (const metric of parsed.metrics) metric.sourceUrl = url;
      await new ImportService(t.database).run(parsed);
    }
    const evil = 'javascript:alert(document.domain)';

    it('never renders a non-http(s) source address as a link, nor publishes it', async () => {
      await setSourceUrl(evil);
      const page = await t.app.inject({ url: `/metrics/${slug}` });
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('javascript:'), 'the page holds no javascript: address');
      const { metric } = (await t.app.inject({ url: `/api/v1/metrics/${slug}` })).json() as {
        metric: { source: { url: string | null } };
      };
      assert.equal(metric.source.url, null);
      const data = (
        await t.app.inject({ url: `/api/v1/data?metric=${slug}&area=E06000001` })
      ).json() as { metrics: { source: { url: string | null } }[] };
      assert.equal(data.metrics[0]?.source.url, null);
      const catalogue = await t.app.inject({ url: '/api/v1/bulk/catalogue.csv' });
      assert.ok(!catalogue.body.includes('javascript:'));
    });

    it('still links an https source address', async () => {
      await setSourceUrl('https://www.ons.gov.uk/');
      const page = await t.app.inject({ url: `/metrics/${slug}` });
      assert.match(page.body, /<a class="govuk-link" href="https:\/\/www\.ons\.gov\.uk\/">/);
    });

    it('refuses a mapping whose source address is not http(s), naming the field', async () => {
      const file = path.join(dir, `${slug}.csv`);
      await assert.rejects(
        readTidyCsv(file, dir, {
          name: 'evil mapping',
          value: {
            area: { column: 'code' },
            period: { value: '2024' },
            measures: [{ metric: 'other', value: 'value' }],
            metrics: [{ slug: 'other', title: 'Other', polarity: 'no-judgement', sourceUrl: evil }],
          },
        }),
        (error: unknown) =>
          error instanceof DataFileError &&
          error.problems[0]?.file === 'evil mapping' &&
          error.problems[0]?.column === 'metrics.0.sourceUrl' &&
          /is not an http:\/\/ or https:\/\/ address/.test(error.message),
      );
    });

    it('refuses ONS metadata whose sourceURL is not http(s), naming file and field', async () => {
      const folder = await mkdtemp(path.join(tmpdir(), 'openlg-els-'));
      await writeFile(
        path.join(folder, 'employment-rate.csv'),
        'areacd,areanm,geography,indicator,period,observation,measure,unit,lci_95,uci_95,status,notes\n' +
          'E06000001,Hartlepool,County or Unitary Authority,Employment rate,2018-01-01/P1Y,70.1,Percentage,%,,,,\n',
      );
      await writeFile(
        path.join(folder, 'employment-rate.json'),
        JSON.stringify({
          'ess-beta-metadata': { label: 'Employment rate', sourceOrg: 'ONS', sourceURL: evil },
        }),
      );
      await assert.rejects(
        readOnsEls(path.join(folder, 'employment-rate.csv'), folder),
        (error: unknown) =>
          error instanceof DataFileError &&
          error.problems[0]?.file === 'employment-rate.json' &&
          /sourceURL: "javascript:alert\(document\.domain\)" is not an http/.test(error.message),
      );
    });
  });

  describe('import provenance (finding 16)', () => {
    interface PublicImport {
      id: string;
      source: string;
      files: { name: string; sha256: string }[];
      publisher: string;
    }
    const list = async () =>
      ((await t.app.inject({ url: '/api/v1/imports' })).json() as { imports: PublicImport[] })
        .imports;

    it("publishes files by name, checksums and publisher, not the operator's machine", async () => {
      const answer = await t.app.inject({ url: '/api/v1/imports' });
      assert.equal(answer.statusCode, 200);
      for (const secret of [dir, userInfo().username, 'openlg import', tmpdir()])
        assert.ok(!answer.body.includes(secret), `the list holds no ${secret}`);
      const [formula] = (answer.json() as { imports: PublicImport[] }).imports.filter(
        (i) => i.source === `${slug}.csv`,
      );
      assert.ok(formula);
      assert.deepEqual(formula.files, [
        {
          name: `${slug}.csv`,
          sha256: createHash('sha256')
            .update(await readFile(path.join(dir, `${slug}.csv`)))
            .digest('hex'),
        },
      ]);
      assert.equal(formula.publisher, 'openlg');
      for (const key of ['command', 'by', 'checksum'])
        assert.ok(!(key in formula), `no ${key} field`);
    });

    it('names imports so that a hidden import leaves no gap', async () => {
      const before = (await list()).map((i) => i.id);
      assert.ok(
        before.every((id) => /^[0-9a-f]{16}$/.test(id)),
        before.join(),
      );
      const parsed = await readFormulaMetric();
      parsed.metrics = parsed.metrics.map((m) => ({ ...m, title: 'Hidden redefinition' }));
      await new ImportService(t.database).run(parsed, { publication: { state: 'restricted' } });
      assert.deepEqual(
        (await list()).map((i) => i.id),
        before,
        'the restricted import changes nothing in the public list',
      );
    });
  });

  describe('security headers (finding 17)', () => {
    it('deny unused browser features and foreign form targets on pages, API and errors', async () => {
      for (const url of ['/', '/api/v1/metrics', '/nowhere', '/api/v1/areas/nowhere']) {
        const answer = await t.app.inject({ url });
        assertSecurityHeaders(answer.headers as Record<string, string>, url);
        assert.equal(answer.headers['strict-transport-security'], undefined, url);
      }
    });

    it('sets Strict-Transport-Security only when the public address is https', async () => {
      for (const [publicUrl, expected] of [
        ['https://openlg.example', 'max-age=31536000'],
        ['http://openlg.example', undefined],
      ] as const) {
        const app = await buildApp(
          loadConfig({
            LOG_LEVEL: 'silent',
            OPENLG_DATA_DIR: dataDir,
            OPENLG_PUBLIC_URL: publicUrl,
          }),
          createServices(t.database),
        );
        try {
          for (const url of ['/', '/api/v1/areas/nowhere'])
            assert.equal(
              (await app.inject({ url })).headers['strict-transport-security'],
              expected,
            );
        } finally {
          await app.close();
        }
      }
    });
  });

  describe('slowly sent requests (finding 14)', () => {
    let slow: FastifyInstance;
    before(async () => {
      slow = await buildApp(
        loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir }),
        createServices(t.database),
        { requestMs: 400, idleMs: 5_000 },
      );
      await slow.listen({ port: 0, host: '127.0.0.1' });
    });
    after(() => slow.close());

    /** Sends the opening at once, then one more byte every 50 ms until the server hangs up. */
    function dribble(opening: string, byte: string) {
      return rawRequest(slow, (socket) => {
        socket.write(opening);
        const timer = setInterval(() => {
          if (socket.writable) socket.write(byte);
        }, 50);
        socket.on('close', () => clearInterval(timer));
      });
    }

    it('ends a request whose headers never finish', async () => {
      const { text, closedAfterMs } = await dribble(
        'GET /api/v1/metrics HTTP/1.1\r\nHost: openlg.test\r\nX-Slow: ',
        'a',
      );
      assert.ok(closedAfterMs < 4_000, `closed after ${closedAfterMs} ms`);
      // Node does not say which address the unfinished request named: the error page answers.
      const answer = parseAnswer(text);
      assert.equal(answer.status, 408);
      assert.match(answer.body, /There is a problem with the request/);
      assertSecurityHeaders(answer.headers, '408');
    });

    it('ends a request whose body never finishes', async () => {
      const { text, closedAfterMs } = await dribble(
        'POST /api/v1/metrics HTTP/1.1\r\nHost: openlg.test\r\nContent-Type: text/plain\r\n' +
          'Content-Length: 100000\r\n\r\n',
        'a',
      );
      assert.ok(closedAfterMs < 4_000, `closed after ${closedAfterMs} ms`);
      assert.equal(parseAnswer(text).status, 408);
    });
  });
});
