import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createViews } from '../app/views.ts';
import { figure, profile, profileArea } from '../testing/profile-rows.ts';
import { foldedPageRows, glanceLength, inlineOtherRows, profileView } from './profile.page.ts';

/** A profile with `count` other measures: a third of them in the worst quarter, in two themes. */
function withOthers(count: number) {
  return profile(
    [...Array(count).keys()].map((i) =>
      figure({
        slug: `measure-${String(i).padStart(5, '0')}`,
        theme: i % 2 === 0 ? 'economy-and-skills' : 'workforce',
        value: i,
        band: i % 3 === 0 ? 4 : 2,
        significance: i % 5 === 0 ? 'worse' : 'similar',
      }),
    ),
  );
}

const options = { groupQuery: '', sort: 'theme' as const, typePlural: 'metropolitan districts' };

describe('a profile with more measures than a page can hold', () => {
  it('lists every row, each theme folded, up to the limit', () => {
    const view = profileView(withOthers(inlineOtherRows), profileArea, options);
    assert.equal(view.folded, null);
    assert.equal(view.others.flatMap((t) => t.rows).length, inlineOtherRows);
  });

  it('past it, lists the themes with their counts and opens none', () => {
    const view = profileView(withOthers(inlineOtherRows + 2), profileArea, options);
    const themes = view.folded?.themes ?? [];
    assert.deepEqual(
      themes.map((t) => [t.label, t.count, t.worst, t.worse, t.open]),
      [
        ['Economy and skills', 501, 167, 101, null],
        ['Workforce', 501, 167, 100, null],
      ],
    );
    assert.equal(themes[1]?.href, '/areas/E08000016?theme=workforce#other-workforce');
    // The downloads still hold every row.
    assert.equal(view.rows.length, inlineOtherRows + 2);
  });

  it('opens one theme a page at a time, keeping the group and order in every link', () => {
    const view = profileView(withOthers(inlineOtherRows + 2), profileArea, {
      ...options,
      groupQuery: '&group=type:metropolitan-district',
      sort: 'worst',
      open: { theme: 'workforce', page: 3 },
    });
    const [economy, workforce] = view.folded?.themes ?? [];
    assert.equal(economy?.open, null);
    const open = workforce?.open;
    assert.equal(open?.first, 2 * foldedPageRows + 1);
    assert.equal(open?.rows.length, 501 - 2 * foldedPageRows);
    const at = (page: string) =>
      `/areas/E08000016?group=type:metropolitan-district&sort=worst&theme=workforce${page}#other-workforce`;
    assert.deepEqual(open?.pagination.previous, { href: at('&page=2') });
    assert.equal(open?.pagination.next, null);
    assert.deepEqual(
      open?.pagination.items.map((i) => ('number' in i ? [i.number, i.current] : '…')),
      [
        ['1', false],
        ['2', false],
        ['3', true],
      ],
    );
    assert.equal(
      open?.pagination.items[0] && 'href' in open.pagination.items[0]
        ? open.pagination.items[0].href
        : '',
      at(''),
    );
  });

  it('shows a page past the last as the last', () => {
    const view = profileView(withOthers(inlineOtherRows + 2), profileArea, {
      ...options,
      open: { theme: 'economy-and-skills', page: 99 },
    });
    assert.equal(view.folded?.themes[0]?.open?.first, 2 * foldedPageRows + 1);
  });

  it('keeps each list at a glance short, linking to the rest worst first', () => {
    const view = profileView(withOthers(90), profileArea, options);
    assert.equal(view.summary.worst.count, 30);
    assert.equal(view.summary.worst.links.length, glanceLength);
    assert.deepEqual(view.summary.worst.more, {
      count: 30 - glanceLength,
      href: '/areas/E08000016?sort=worst#measures',
    });
    assert.equal(view.summary.best.count, 0);
    assert.equal(view.summary.best.more, null);
  });
});

describe('the council page with its other measures folded', () => {
  const render = (view: ReturnType<typeof profileView>) =>
    createViews().render('areas/views/area.njk', {
      title: view.title,
      area: profileArea,
      typeLabel: 'Metropolitan district',
      parents: [],
      childGroups: [],
      facts: [],
      profile: { ...view, options: [] },
      breadcrumbs: [],
      assetVersion: 'test',
      cspNonce: 'test',
      currentUrl: '/areas/E08000016',
    });

  it('shows the themes as links, and the open one with its pages', () => {
    const folded = profileView(withOthers(inlineOtherRows + 2), profileArea, options);
    const closed = render(folded);
    assert.match(closed, /too many measures to show on one page/);
    assert.match(closed, /<h4 class="govuk-heading-s" id="other-workforce">Workforce<\/h4>/);
    assert.match(
      closed,
      /501 measures: 167 in the worst quarter of the group, 100 significantly worse/,
    );
    assert.match(
      closed,
      /href="\/areas\/E08000016\?theme=workforce#other-workforce">Show Workforce measures/,
    );
    assert.doesNotMatch(closed, /measure-00001</);
    const open = render(
      profileView(withOthers(inlineOtherRows + 2), profileArea, {
        ...options,
        open: { theme: 'workforce', page: 2 },
      }),
    );
    assert.match(open, /Measures 201 to 400 of 501\./);
    assert.match(open, /measure-00401</, 'the 201st workforce measure (odd numbers)');
    assert.doesNotMatch(open, /measure-00399</, 'the first page’s last');
    assert.match(open, /class="govuk-pagination"/);
    assert.match(open, /aria-current="page"[^>]*>\s*2|href="[^"]*page=3#other-workforce"/);
  });

  it('lists every other measure in details below the limit', () => {
    const html = render(profileView(withOthers(40), profileArea, options));
    assert.doesNotMatch(html, /too many measures/);
    assert.match(html, /Workforce \(20 measures\)/);
    assert.match(html, /measure-00039</);
  });
});
