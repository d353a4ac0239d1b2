import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { errorSummaryOf } from '../testing/forms.ts';
import { HttpBrowser, mainText } from '../testing/http-browser.ts';
import { textWordKeys, type SimulatorData } from './resident-text.ts';
import {
  hiddenFields,
  openExampleSimulation,
  simulationEditorBrowser,
} from './simulations.fixture.ts';

/** The page's words as a reader hears them, markup and the site's English chrome aside. */
const words = (html: string) => mainText(html).replace(/&#39;|&apos;/g, "'");

/*
 * The resident's pages in Welsh (`?lang=cy`), without JavaScript: the page's own words in Welsh,
 * the council's Welsh where it gave one and its English, marked lang="en", where it did not,
 * through Recalculate, refusal and thanks, the language kept by the form's own address.
 */
describe('the resident’s pages in Welsh', () => {
  let test: TestApp;
  const url = '/simulations/budget-2026';
  const welsh = `${url}?lang=cy`;

  before(async () => {
    test = await openTestApp();
    await openExampleSimulation(test.database, 'budget-2026');
    await openExampleSimulation(test.database, 'no-welsh', (definition) => {
      definition.title = { en: 'Balance our budget' };
      definition.services = definition.services.map((l) => ({ ...l, name: { en: l.name.en } }));
    });
  });
  after(() => test.close());

  async function visit(address: string) {
    const browser = new HttpBrowser(test.app);
    const page = await browser.request('GET', address);
    assert.equal(page.statusCode, 200);
    return { browser, hidden: hiddenFields(page.body), html: page.body };
  }

  it('shows the page in Welsh, the council’s English marked, with a switch to English', async () => {
    const { html } = await visit(welsh);
    assert.match(html, /<html lang="cy"/);
    assert.match(html, /<header class="govuk-template__header" lang="en">/);
    assert.match(html, /<footer class="govuk-footer" lang="en">/);
    assert.match(html, /<h1 class="govuk-heading-l">Helpwch ni i fantoli’r gyllideb<\/h1>/);
    assert.match(html, /Llyfrgelloedd \(newid mewn %\)/);
    assert.match(html, /<span lang="en">Parks<\/span> \(newid mewn %\)/);
    assert.match(html, /<span lang="en">Your postcode district<\/span>/);
    assert.match(html, /<option value="35-64" lang="en">35 to 64<\/option>/);
    assert.match(html, /<form method="post" action="\/simulations\/budget-2026\?lang=cy"/);
    assert.match(
      html,
      /<a class="govuk-link" href="\/simulations\/budget-2026" hreflang="en" lang="en">English<\/a>/,
    );
    assert.match(html, /Neidio i’r prif gynnwys/);
    const text = words(html);
    assert.match(text, /Arian sydd i’w ganfod o hyd: £1,000,000/);
    assert.match(text, /Mae angen i’r cyngor ddod o hyd i £1,000,000 ?\. Torrwch/);
    assert.match(text, /1%: £22\.86 y flwyddyn yn fwy am gartref Band D/);
    assert.match(html, />\s*Ailgyfrifo\s*</);
    assert.match(html, />\s*Parhau\s*</);
    assert.doesNotMatch(text, /Money still to find|Recalculate|Continue/);
    assert.match(html, /<script type="module" src="\/assets\/simulator\.js/);
  });

  it('gives the sliders’ script its words in Welsh, the council’s English marked', async () => {
    const { html } = await visit(welsh);
    const json = /<script type="application\/json" id="simulator-data">([^<]*)<\/script>/.exec(
      html,
    );
    assert.ok(json?.[1], 'the page carries the script’s data');
    const data = JSON.parse(json[1]) as SimulatorData;
    assert.equal(data.words.stillToFind, 'Arian sydd i’w ganfod o hyd: {money}');
    assert.equal(data.words.yourChanges, 'Eich newidiadau');
    assert.equal(data.words.slideLine, 'Llithro i newid {name}');
    // Only the few words the script uses, never the whole dictionary.
    assert.deepEqual(Object.keys(data.words).sort(), [...textWordKeys].sort());
    assert.deepEqual(
      data.lines.map((line) => line.name),
      [
        { text: 'Llyfrgelloedd' },
        { text: 'Parks', lang: 'en' },
        { text: 'Parking charges', lang: 'en' },
      ],
    );
    assert.deepEqual(data.lines[0]?.consequences, {
      '-10': { text: 'Two libraries close on Saturdays', lang: 'en' },
    });
    const english = JSON.parse(
      /id="simulator-data">([^<]*)</.exec((await visit(url)).html)?.[1] ?? '{}',
    ) as SimulatorData;
    assert.equal(english.words.stillToFind, 'Money still to find: {money}');
    assert.deepEqual(english.lines[1]?.name, { text: 'Parks' });
  });

  it('keeps English pages English, with a switch to Welsh', async () => {
    const { html } = await visit(url);
    assert.match(html, /<html lang="en"/);
    assert.match(html, /<header class="govuk-template__header">/);
    assert.match(html, /<form method="post" action="\/simulations\/budget-2026"/);
    assert.match(
      html,
      /href="\/simulations\/budget-2026\?lang=cy" hreflang="cy" lang="cy">Cymraeg<\/a>/,
    );
    assert.doesNotMatch(html, /<span lang=/);
    assert.match(html, /<script type="module" src="\/assets\/simulator\.js/);
  });

  it('recalculates in Welsh, the consequence in the council’s English', async () => {
    const { browser, hidden } = await visit(welsh);
    const page = await browser.request('POST', welsh, {
      ...hidden,
      action: 'recalculate',
      'line-libraries': '-10',
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="cy"/);
    assert.match(words(page.body), /Arian sydd i’w ganfod o hyd: £600,000/);
    assert.match(
      page.body,
      /Mae hyn yn arbed £400,000\. <span lang="en">Two libraries close on Saturdays<\/span>/,
    );
    assert.match(words(page.body), /Eich newidiadau Llyfrgelloedd Arbed £400,000/);
  });

  it('refuses a budget in Welsh: the error summary, each field’s message and the title', async () => {
    const { browser, hidden } = await visit(welsh);
    const refused = await browser.request('POST', welsh, {
      ...hidden,
      action: 'submit',
      'line-parks': '5',
      'about-postcode': 'nowhere',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<title>Gwall: Helpwch ni i fantoli’r gyllideb – openlg<\/title>/);
    const summary = errorSummaryOf(refused.body);
    assert.match(summary, /Mae problem wedi codi/);
    assert.match(summary, /Mae <span lang="en">Parks<\/span> yn newid fesul 10%, fel -10%/);
    assert.match(summary, /Rhowch ardal cod post fel TS24/);
    assert.match(
      refused.body,
      /<p id="line-parks-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Gwall:<\/span> Mae <span lang="en">Parks<\/span> yn newid/,
    );
    const unbalanced = await browser.request('POST', welsh, { ...hidden, action: 'review' });
    assert.equal(unbalanced.statusCode, 400);
    assert.match(
      errorSummaryOf(unbalanced.body),
      /Nid yw eich cyllideb yn mantoli eto: dewch o hyd i £1,000,000 yn rhagor \(o fewn £50,000\)/,
    );
  });

  it('records a balanced budget and thanks the resident in Welsh', async () => {
    const { browser, hidden } = await visit(welsh);
    const check = await browser.request('POST', welsh, {
      ...hidden,
      action: 'review',
      'line-libraries': '-25',
    });
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /<html lang="cy"/);
    assert.match(check.body, /<title>Gwiriwch eich cyllideb – openlg<\/title>/);
    assert.match(words(check.body), /Llyfrgelloedd Mae hyn yn arbed £1,000,000\./);
    assert.match(words(check.body), /Arian sydd i’w ganfod o hyd Mae eich cyllideb yn mantoli/);
    assert.match(check.body, /<form method="post" action="\/simulations\/budget-2026\?lang=cy"/);
    assert.match(check.body, />\s*Newid<span class="govuk-visually-hidden"> Llyfrgelloedd</);
    assert.match(check.body, />\s*Cyflwyno’r gyllideb\s*</);
    assert.doesNotMatch(check.body, /simulator\.js/);
    const sent = await browser.request('POST', welsh, {
      ...hiddenFields(check.body),
      action: 'submit',
    });
    assert.equal(sent.statusCode, 303);
    const thankYou = `${url}/thank-you?budget=${hidden['key']}&lang=cy`;
    assert.equal(sent.headers.location, thankYou);
    const thanks = await browser.request('GET', thankYou);
    assert.match(thanks.body, /<html lang="cy"/);
    // The budget picture and its words in Welsh, the picture's language in its address.
    assert.match(thanks.body, /<h2 class="govuk-heading-m">Eich cyllideb<\/h2>/);
    assert.doesNotMatch(thanks.body, /lang="en">\s*<h2/);
    const picture = `${url}/budgets/${hidden['key']}`;
    assert.ok(thanks.body.includes(`src="${picture}.svg?lang=cy"`));
    assert.ok(
      thanks.body.includes(`href="${picture}.png?lang=cy" download>Lawrlwytho’r llun (PNG)`),
    );
    assert.match(
      thanks.body,
      /<dt class="govuk-summary-list__key"><span lang="en">Parks<\/span><\/dt>\s*<dd class="govuk-summary-list__value">Dim newid<\/dd>/,
    );
    const text = words(thanks.body);
    assert.match(text, /Llyfrgelloedd -25%: arbed £1,000,000/);
    assert.match(text, /Mae eich cyllideb yn mantoli/);
    assert.match(text, /Codiad yn y dreth gyngor yn 2026\/27: 0%: £0 y flwyddyn yn fwy/);
    assert.doesNotMatch(text, /Your budget|No change|saves|Download the picture/);
    const svg = await test.app.inject({ url: `${picture}.svg?lang=cy` });
    assert.equal(svg.statusCode, 200);
    assert.equal(svg.headers['cache-control'], 'public, max-age=86400, immutable');
    assert.match(svg.body, /^<svg [^>]* lang="cy">/);
    assert.match(
      svg.body,
      /<title id="budget-title">Fy nghyllideb: Helpwch ni i fantoli’r gyllideb</,
    );
    assert.match(svg.body, />-25%: arbed £1,000,000</);
    assert.match(svg.body, /<text [^>]* lang="en">Parks<\/text>/);
    const png = await test.app.inject({ url: `${picture}.png?lang=cy` });
    assert.equal(png.statusCode, 200);
    assert.equal(png.headers['content-type'], 'image/png');
    // The same budget's English picture, at its own address.
    const english = await test.app.inject({ url: `${picture}.svg` });
    assert.match(english.body, />-25%: saves £1,000,000</);
    assert.doesNotMatch(english.body, /arbed/);
    assert.match(
      thanks.body,
      /href="\/simulations\/budget-2026\/thank-you\?budget=[^"]+" hreflang="en"/,
    );
    assert.match(words(thanks.body), /Mae eich cyllideb wedi’i chofnodi Diolch am gymryd rhan/);
    assert.match(words(thanks.body), /Helpwch ni i fantoli’r gyllideb: bydd y cyngor yn darllen/);
  });

  it('works in Welsh for a council that gave no Welsh, its texts marked as English', async () => {
    const { html } = await visit('/simulations/no-welsh?lang=cy');
    assert.match(html, /<html lang="cy"/);
    assert.match(html, /<title lang="en">/);
    assert.match(
      html,
      /<h1 class="govuk-heading-l"><span lang="en">Balance our budget<\/span><\/h1>/,
    );
    assert.match(html, /<span lang="en">Libraries<\/span> \(newid mewn %\)/);
    assert.match(
      html,
      /<span lang="en">We keep your answers for a year and publish only totals\.<\/span>/,
    );
    assert.match(words(html), /Arian sydd i’w ganfod o hyd/);
  });

  it('reads any other language as English', async () => {
    const { html } = await visit(`${url}?lang=fr`);
    assert.match(html, /<html lang="en"/);
  });
});

/*
 * The public results and their embeddable summary in Welsh: the words, the council's Welsh
 * names, Welsh dates; the downloads in the language they were asked in.
 */
describe('public results in Welsh', () => {
  let test: TestApp;
  let editor: HttpBrowser;
  const url = '/simulations/budget-2026/results';

  before(async () => {
    test = await openTestApp();
    await openExampleSimulation(test.database, 'budget-2026');
    const { simulations } = createServices(test.database);
    for (let n = 1; n <= 12; n += 1)
      await simulations.submit({
        slug: 'budget-2026',
        version: 1,
        percents: { libraries: -25 },
        councilTaxBasisPoints: 0,
        aboutYou: { age: '35-64' },
        startedAt: new Date(Date.now() - 300_000),
        idempotencyKey: `response-${n}`,
        source: `source-${n}`,
      });
    editor = await simulationEditorBrowser(test);
    const published = await editor.submit(url, { public: 'yes' }, `${url}/public`);
    assert.equal(published.statusCode, 303);
  });
  after(() => test.close());

  it('shows the public results in Welsh, with a switch to English', async () => {
    const page = await test.app.inject({ url: `${url}?lang=cy` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="cy"/);
    assert.match(
      page.body,
      /href="\/simulations\/budget-2026\/results" hreflang="en" lang="en">English</,
    );
    const text = words(page.body);
    assert.match(text, /Canlyniadau: Helpwch ni i fantoli’r gyllideb/);
    assert.match(text, /Yr hyn a ddewisodd trigolion/);
    assert.match(text, /Ymatebion a gyfrifwyd/);
    assert.match(text, /Amser canolrifol a gymerwyd 5 munud 0 eiliad/);
    assert.match(text, /Llyfrgelloedd Gwasanaeth -25\.0% -25%/);
    assert.match(text, /Fersiwn 1: 12 o ymatebion/);
    assert.match(text, /Ymatebion bob dydd/);
    const day = new Date().toLocaleDateString('cy-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/London',
    });
    assert.ok(text.includes(day), `the day is written in Welsh: ${day}`);
    assert.match(
      page.body,
      /href="\/simulations\/budget-2026\/results\.csv\?lang=cy&amp;version=1"/,
    );
    assert.doesNotMatch(text, /Responses per day|Median time taken|Mean change/);
  });

  it('keeps the editors’ results in English whatever the address asks', async () => {
    const page = await editor.request('GET', `${url}?lang=cy`);
    assert.match(page.body, /<html lang="en"/);
    assert.match(words(page.body), /Median time taken/);
  });

  it('downloads the public results in Welsh when asked in Welsh', async () => {
    const csv = await test.app.inject({ url: '/simulations/budget-2026/results.csv?lang=cy' });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /Ymatebion bob dydd/);
    assert.match(csv.body, /Llyfrgelloedd,Newid cymedrig,"'-25\.0%"/);
  });

  it('embeds the summary in Welsh', async () => {
    const page = await test.app.inject({ url: `${url}/embed?lang=cy` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="cy"/);
    assert.match(
      page.body,
      /href="\/simulations\/budget-2026\/results\?lang=cy" target="_top">Yr holl ganlyniadau</,
    );
    assert.match(words(page.body), /Llyfrgelloedd Gwasanaeth -25\.0%/);
  });
});
