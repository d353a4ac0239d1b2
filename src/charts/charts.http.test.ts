import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openContextApp, type TestApp } from '../testing/app.ts';
import { assertAccessibleSvg, elements, visibleText } from './chart-assertions.ts';

const page = '?area=E06000001&period=latest';
const base = '/metrics/gcses-in-english-and-maths/charts';

/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('chart downloads over HTTP', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  before(async () => {
    t = await openContextApp();
  });
  after(() => t.close());

  it('gives each chart as an SVG with its title, subtitle, source and licence inside', async () => {
    for (const chart of ['ranked', 'over-time', 'map']) {
      const response = await get(`${base}/${chart}.svg${page}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^image\/svg\+xml/);
      assert.match(
        String(response.headers['content-disposition']),
        new RegExp(
          `^attachment; filename="gcses-in-english-and-maths-${chart}-E06000001-[\\w-]+\\.svg"$`,
        ),
      );
      const root = assertAccessibleSvg(response.body);
      assert.match(root.attributes.get('width') ?? '', /^\d+(\.\d+)?$/, 'a fixed size');
      const drawn = elements(root, 'text').map(visibleText);
      assert.ok(
        drawn.some((t) => t.startsWith('GCSEs in English and Maths')),
        drawn.join(' | '),
      );
      assert.ok(drawn.some((t) => t.startsWith('Source: ')));
      assert.ok(drawn.includes('Licence: Open Government Licence v3.0. Chart drawn by openlg.'));
      assert.ok(drawn.includes('Higher is better.'), drawn.join(' | '));
      if (chart !== 'map')
        assert.ok(
          drawn.some((t) => t.includes('Hartlepool')),
          drawn.join(' | '),
        );
      // The page's chart is inside, whole.
      assert.equal(elements(root, 'svg').length, 2);
    }
  });

  it('gives each chart as a PNG at twice its size', async () => {
    const svg = assertAccessibleSvg((await get(`${base}/ranked.svg${page}`)).body);
    const response = await get(`${base}/ranked.png${page}`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'image/png');
    assert.match(String(response.headers['content-disposition']), /ranked-E06000001-[\w-]+\.png"$/);
    const size = pngSize(response.rawPayload);
    assert.equal(size.width, Math.ceil(Number(svg.attributes.get('width')) * 2));
    assert.equal(size.height, Math.ceil(Number(svg.attributes.get('height')) * 2));
  });

  it('refuses charts and formats it does not have, in words', async () => {
    for (const file of ['pie.svg', 'ranked.gif', 'ranked']) {
      const response = await get(`${base}/${file}${page}`);
      assert.equal(response.statusCode, 400, file);
    }
    assert.equal((await get(`${base}/ranked.svg?period=latest`)).statusCode, 400);
    assert.equal((await get(`/metrics/no-such-measure/charts/ranked.svg${page}`)).statusCode, 404);
  });
});
