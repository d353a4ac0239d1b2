import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../testing/database.ts';

/** The app on an empty database, with the operator settings given. */
async function openSite(env: Record<string, string> = {}) {
  const database: Database = await openTestDatabase();
  const app: FastifyInstance = await buildApp(
    loadConfig({ LOG_LEVEL: 'silent', ...env }),
    createServices(database),
  );
  return {
    app,
    database,
    get: (url: string) => app.inject({ method: 'GET', url }),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** The text a person reads in <main>: tags out, spaces collapsed. */
function mainText(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the site’s own pages', () => {
  let site: Awaited<ReturnType<typeof openSite>>;
  before(async () => {
    site = await openSite();
  });
  after(() => site.close());

  it('has a Beta phase banner with a feedback link, and the footer links on every page', async () => {
    for (const url of ['/accessibility', '/no-such-page']) {
      const html = (await site.get(url)).body;
      assert.match(
        html,
        /<strong class="govuk-tag govuk-phase-banner__content__tag">\s*Beta\s*<\/strong>/,
      );
      assert.match(html, /<a class="govuk-link" href="\/contact#feedback">give your feedback<\/a>/);
      const footer = /<footer[\s\S]*<\/footer>/.exec(html)?.[0] ?? '';
      for (const [href, text] of [
        ['/accessibility', 'Accessibility statement'],
        ['/privacy', 'Privacy'],
        ['/contact', 'Contact'],
        ['/status', 'Service status'],
      ] as const)
        assert.match(
          footer,
          new RegExp(`<a class="govuk-footer__link" href="${href}">${text}</a>`),
        );
      assert.doesNotMatch(footer, /href="\/healthz"/);
    }
  });

  it('serves the accessibility statement, privacy notice and contact page', async () => {
    for (const [url, heading] of [
      ['/accessibility', 'Accessibility statement'],
      ['/privacy', 'Privacy notice'],
      ['/contact', 'Contact and feedback'],
    ] as const) {
      const response = await site.get(url);
      assert.equal(response.statusCode, 200, url);
      assert.match(response.body, new RegExp(`<h1 class="govuk-heading-l">${heading}</h1>`));
      assert.match(response.body, new RegExp(`<title>${heading} – openlg</title>`));
    }
    const privacy = mainText((await site.get('/privacy')).body);
    assert.match(
      privacy,
      /It sets no cookies until you go to sign in or open a budget simulation, and runs no analytics/,
    );
    assert.match(
      privacy,
      /a scrambled form of your device’s internet address and of the form’s cookie, made with a secret key/,
    );
    assert.match(
      privacy,
      /Essential cookies come with it: one protects the sign-in form, one keeps you signed in and, with two-factor sign-in, one remembers for 5 minutes/,
    );
    assert.match(privacy, /server log/);
    assert.match(mainText((await site.get('/contact')).body), /Give feedback/);
  });

  it('says plainly when the operator has not said who they are', async () => {
    for (const url of ['/accessibility', '/privacy', '/contact']) {
      const text = mainText((await site.get(url)).body);
      assert.match(text, /have not yet said who they are/, url);
      assert.match(text, /OPENLG_OPERATOR/, url);
      assert.match(text, /the organisation that runs this copy of openlg/, url);
      assert.doesNotMatch((await site.get(url)).body, /mailto:/, url);
    }
  });

  it('shows the service status in words, and the JSON stays at /healthz', async () => {
    const response = await site.get('/status');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    const text = mainText(response.body);
    assert.match(text, /The service is working/);
    assert.match(
      text,
      /Database (The database built into openlg \(PGlite\)|PostgreSQL): answering/,
    );
    assert.match(text, /Figures last changed \d{1,2} \w+ \d{4} at \d\d:\d\d UTC \(version \d+\)/);
    assert.match(text, /Latest import No figures imported yet/);
    const health = await site.get('/healthz');
    assert.equal(health.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal((health.json() as { status: string }).status, 'ok');
  });

  it('says what is missing in plain words on error pages, and keeps the API’s names', async () => {
    const measure = await site.get('/metrics/nope');
    assert.equal(measure.statusCode, 404);
    assert.match(mainText(measure.body), /There is no measure called “nope”\./);
    assert.doesNotMatch(measure.body, /Metric not found/);
    const api = await site.get('/api/v1/metrics/nope');
    assert.equal((api.json() as { detail: string }).detail, 'Metric not found: nope');
    assert.equal('forPeople' in (api.json() as object), false);

    const type = await site.get('/areas?q=a&type=parish');
    assert.equal(type.statusCode, 400);
    assert.match(mainText(type.body), /Type of council: choose one of the options offered\./);
    assert.doesNotMatch(mainText(type.body), /type:|each type must be one of|parish/);

    const page = await site.get('/no-such-page');
    assert.match(mainText(page.body), /There is no page at this address\./);
  });
});

describe('the site’s pages with the operator set', () => {
  let site: Awaited<ReturnType<typeof openSite>>;
  before(async () => {
    site = await openSite({
      OPENLG_OPERATOR: 'Example Borough Council',
      OPENLG_CONTACT_EMAIL: 'data@example.gov.uk',
    });
  });
  after(() => site.close());

  it('names the operator and links their address', async () => {
    for (const url of ['/accessibility', '/privacy', '/contact']) {
      const html = (await site.get(url)).body;
      assert.match(mainText(html), /Example Borough Council/, url);
      assert.doesNotMatch(mainText(html), /have not yet said who they are/, url);
    }
    assert.match(
      (await site.get('/contact')).body,
      /<a class="govuk-link" href="mailto:data@example.gov.uk">data@example.gov.uk<\/a>/,
    );
  });
});

describe('the status page when the database is lost', () => {
  it('answers 503 and says the database is not answering', async () => {
    const site = await openSite();
    await site.get('/status');
    await site.database.close();
    try {
      // A good answer less than ten seconds old stands while the next ping is under way (see
      // HealthCheck): the ping that fails is what the page reports next.
      let response = await site.get('/status');
      for (let tries = 0; response.statusCode !== 503 && tries < 30; tries++) {
        await sleep(100);
        response = await site.get('/status');
      }
      assert.equal(response.statusCode, 503);
      const text = mainText(response.body);
      assert.match(text, /The service cannot reach its database/);
      assert.match(text, /: not answering/);
    } finally {
      await site.app.close();
    }
  });
});
