import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { renderMethodology } from './methodology.service.ts';

describe('renderMethodology', () => {
  it('takes the title out and gives the HTML GOV.UK classes', () => {
    const { title, html } = renderMethodology(
      '# How it works\n\nSome *text* with [a link](/api).\n\n## Part\n\n- one\n\n| a | b |\n| - | -: |\n| 1 | 2 |\n',
    );
    assert.equal(title, 'How it works');
    assert.ok(!html.includes('<h1'));
    assert.match(html, /<h2 class="govuk-heading-l">Part<\/h2>/);
    assert.match(
      html,
      /<p class="govuk-body">Some <em>text<\/em> with <a class="govuk-link" href="\/api">/,
    );
    assert.match(html, /<ul class="govuk-list govuk-list--bullet">/);
    assert.match(html, /<div class="openlg-table-scroll" tabindex="0"><table class="govuk-table">/);
    assert.match(html, /<th scope="col" class="govuk-table__header"/);
    assert.match(html, /<td class="govuk-table__cell" align="right">2<\/td>/);
  });
});

describe('the methodology page', () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp();
  });
  after(() => t.close());

  it('serves docs/methodology.md as a page, with the model validation figures', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/methodology' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1 class="govuk-heading-xl">How openlg compares councils<\/h1>/);
    assert.match(response.body, /Hyndman &amp; Fan|Hyndman, R\. J\./);
    assert.match(response.body, /Mann–Kendall/);
    assert.match(response.body, /openlg nearest neighbours/);
    assert.match(response.body, /<td class="govuk-table__cell" align="right">3\.99<\/td>/);
    assert.match(response.body, /<a[^>]*href="\/methodology"/);
  });
});
