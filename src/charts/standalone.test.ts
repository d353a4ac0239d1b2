import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { problemFor } from '../app/problems.ts';
import { UnavailableError } from '../shared/errors.ts';
import {
  assertAccessibleSvg,
  assertMinimumFontSize,
  assertNoOverlap,
  elements,
  textBoxes,
  visibleText,
} from './chart-assertions.ts';
import { renderRankedBars } from './ranked-bars.ts';
import { svgToPng } from './rasterise.ts';
import { standaloneSvg } from './standalone.ts';
import { FONT_FAMILY, textWidth } from './svg.ts';

const chart = renderRankedBars({
  id: 'ranked',
  title: 'GCSEs in English and Maths, 2023/24: Hartlepool among similar councils & <others>',
  format: { decimalPlaces: 1, unit: '%' },
  polarity: 'higher-is-better',
  areas: [
    { code: 'E06000001', name: 'Hartlepool', value: 66, status: 'ok', lci: 64, uci: 68 },
    { code: 'E06000002', name: 'Middlesbrough', value: 60.5, status: 'ok' },
  ],
  highlight: 'E06000001',
  england: 69,
});
// An address with no space to break at, too long for a line.
const address = { text: `https://example.org/${'long/'.repeat(30)}end`, lines: [] as string[] };
const credits = {
  subtitle: 'Hartlepool compared with similar councils, 2023/24',
  source:
    'Department for Education, https://explore-education-statistics.service.gov.uk/ ' +
    address.text,
  licence: 'Open Government Licence v3.0',
};

function pngSize(png: Uint8Array): { width: number; height: number } {
  const bytes = Buffer.from(png);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('a chart as a file of its own', () => {
  it('carries its title, subtitle, source and licence inside the image, at a fixed size', () => {
    const root = assertAccessibleSvg(standaloneSvg(chart.svg, 'download-ranked', credits));
    assert.equal(root.attributes.get('font-family'), FONT_FAMILY);
    assert.equal(root.attributes.get('width'), '672');
    const own = root.children.flatMap((c) => (typeof c === 'string' || c.name !== 'g' ? [] : [c]));
    const words = own.flatMap((g) => elements(g, 'text').map(visibleText));
    address.lines = words.filter(
      (w) => w.startsWith('https://example.org/') || /^[a-z/]+end$|^[a-z/]+$/.test(w),
    );
    assert.deepEqual(words, [
      'GCSEs in English and Maths, 2023/24: Hartlepool among',
      'similar councils & <others>',
      'Hartlepool compared with similar councils, 2023/24',
      'Source: Department for Education, https://explore-education-statistics.service.gov.uk/',
      ...address.lines,
      'Licence: Open Government Licence v3.0',
    ]);
    assert.equal(address.lines.join(''), address.text);
    assert.ok(address.lines.length > 1);
    for (const line of words) assert.ok(textWidth(line, 12) <= 640, line);
    // The chart itself is nested whole, its ids and accessible name kept.
    const nested = elements(root, 'svg').slice(1);
    assert.equal(nested.length, 1);
    assert.equal(
      nested[0]?.attributes.get('viewBox'),
      `0 0 640 ${nested[0]?.attributes.get('height')}`,
    );
    assertNoOverlap(textBoxes({ ...root, children: own }, textWidth));
    assertMinimumFontSize(root, 12);
  });

  it('rasterises to a PNG at twice its size', async () => {
    const svg = standaloneSvg(chart.svg, 'download-ranked', credits);
    const root = assertAccessibleSvg(svg);
    const size = pngSize(await svgToPng(svg));
    assert.equal(size.width, Number(root.attributes.get('width')) * 2);
    assert.equal(size.height, Math.ceil(Number(root.attributes.get('height')) * 2));
  });

  it('says which font to install when there is none, as a 503 in words', async () => {
    const svg = standaloneSvg(chart.svg, 'download-ranked', credits);
    const error = await svgToPng(svg, { fontFiles: ['/nowhere/DejaVuSans.ttf'] }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof UnavailableError);
    assert.match(error.message, /fonts-dejavu-core/);
    const problem = problemFor(error);
    assert.equal(problem.status, 503);
    assert.match(problem.detail, /PNG downloads need the font file \/nowhere\/DejaVuSans\.ttf/);
  });
});
