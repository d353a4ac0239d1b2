import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderCaveats } from './caveats.ts';

describe('caveats rendered from Markdown', () => {
  it('renders links and emphasis rather than showing the Markdown', () => {
    const html = renderCaveats('See [the guidance](https://www.gov.uk/x) for *more*.');
    assert.equal(
      html.trim(),
      '<p class="govuk-body">See <a class="govuk-link" href="https://www.gov.uk/x">the guidance</a> for <em>more</em>.</p>',
    );
  });

  it('shows raw HTML as text, never as markup', () => {
    const html = renderCaveats(
      'Before <script>alert(1)</script> <img src=x onerror=alert(1)> after',
    );
    assert.doesNotMatch(html, /<script|<img/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('links only http(s) addresses', () => {
    const html = renderCaveats('[click](javascript:alert(1)) and ![a chart](https://x.test/a.png)');
    assert.doesNotMatch(html, /href=|<img|javascript/);
    assert.match(html, /click and a chart/);
  });
});
