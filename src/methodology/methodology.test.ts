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
    assert.match(html, /<h2 class="govuk-heading-l" id="part">Part<\/h2>/);
    assert.match(
      html,
      /<p class="govuk-body">Some <em>text<\/em> with <a class="govuk-link" href="\/api">/,
    );
    assert.match(html, /<ul class="govuk-list govuk-list--bullet">/);
    assert.match(
      html,
      /<div class="openlg-table-scroll" tabindex="0" role="region" aria-label="Table: Part"><table class="govuk-table">/,
    );
    assert.match(html, /<th scope="col" class="govuk-table__header"/);
    assert.match(html, /<td class="govuk-table__cell" align="right">2<\/td>/);
  });
});

describe('renderMethodology for people', () => {
  it('lists the sections as contents, each heading with an id to link to', () => {
    const { contents, html } = renderMethodology(
      '# T\n\n## 1. Which figures & why\n\ntext\n\n### Detail\n\n## 2. Ranks\n',
    );
    assert.deepEqual(contents, [
      { id: 'which-figures-why', text: '1. Which figures & why' },
      { id: 'ranks', text: '2. Ranks' },
    ]);
    assert.match(
      html,
      /<h2 class="govuk-heading-l" id="which-figures-why">1\. Which figures &amp; why<\/h2>/,
    );
  });

  it('leaves out the passages for developers: source paths mean nothing to a reader', () => {
    const { html } = renderMethodology(
      '# T\n\nChecked by hand.\n\n<!-- code -->\n\n| a | b |\n| - | - |\n| `x` in `src/x.ts` | 1 |\n\n<!-- /code -->\n\n' +
        'Kept up to date<!-- code --> (`src/groups/`)<!-- /code -->; each has an id.\n',
    );
    assert.doesNotMatch(html, /src\/|<table|<!--/);
    assert.match(html, /Kept up to date; each has an id\./);
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
    const main = /<main[\s\S]*<\/main>/.exec(response.body)?.[0] ?? '';
    assert.doesNotMatch(main, /src\/|\.ts\b|docs\//);
    assert.match(main, /<h2 class="govuk-heading-s" id="contents-heading">Contents<\/h2>/);
    assert.match(
      main,
      /<a class="govuk-link" href="#openlg-nearest-neighbours">9\. openlg nearest neighbours<\/a>/,
    );
    assert.match(main, /<h2 class="govuk-heading-l" id="openlg-nearest-neighbours">/);
  });
});
