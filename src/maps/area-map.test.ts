import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderAreaMap, type AreaMapInput, type MapShape } from './area-map.ts';

const shape = (
  code: string,
  role: MapShape['role'],
  [minX, minY, maxX, maxY]: [number, number, number, number],
  name = code,
): MapShape => ({
  code,
  name,
  path: `M${minX},${minY}l${maxX - minX},0 0,${maxY - minY}z`,
  minX,
  minY,
  maxX,
  maxY,
  role,
});

const input: AreaMapInput = {
  title: 'Map of Hartlepool',
  description: 'Hartlepool (highlighted) and the areas around it.',
  shapes: [
    shape('E06000001', 'focus', [100, 200, 120, 210], 'Hartlepool'),
    shape('E06000004', 'context', [90, 205, 115, 230], 'Stockton-on-Tees'),
    shape('E06000047', 'context', [60, 150, 110, 205], 'County Durham'),
  ],
};

describe('renderAreaMap', () => {
  it('zooms to the focus shapes with 10% padding on each side', () => {
    const svg = renderAreaMap(input);
    assert.match(svg, /<svg [^>]*viewBox="98 199 24 12"/);
    assert.match(svg, /<svg [^>]*width="100%"/);
    assert.doesNotMatch(svg, /<svg [^>]*height=/);
  });

  it('takes the union of several focus shapes and a custom padding', () => {
    const svg = renderAreaMap({
      ...input,
      padding: 0.5,
      shapes: [
        shape('A', 'focus', [0, 0, 10, 10]),
        shape('B', 'focus', [30, 10, 40, 20]),
        shape('C', 'context', [-500, -500, 500, 500]),
      ],
    });
    assert.match(svg, /viewBox="-20 -10 80 40"/);
  });

  it('fits the context shapes when none is in focus', () => {
    const svg = renderAreaMap({
      ...input,
      padding: 0,
      shapes: input.shapes.filter((s) => s.role === 'context'),
    });
    assert.match(svg, /viewBox="60 150 55 80"/);
  });

  it('draws the context beneath the focus, grey against blue, with thin strokes', () => {
    const svg = renderAreaMap(input);
    const groups = [...svg.matchAll(/<g ([^>]*)>([\s\S]*?)<\/g>/g)];
    assert.equal(groups.length, 2);
    const [context, focus] = groups;
    assert.match(context![1]!, /fill="#d9d9d9" stroke="#ffffff"/);
    assert.deepEqual(
      [...context![2]!.matchAll(/data-code="(\w+)"/g)].map((m) => m[1]),
      ['E06000004', 'E06000047'],
    );
    assert.match(focus![1]!, /fill="#1d70b8" stroke="#003078"/);
    assert.deepEqual(
      [...focus![2]!.matchAll(/data-code="(\w+)"/g)].map((m) => m[1]),
      ['E06000001'],
    );
    const paths = svg.match(/<path [^>]*>/g) ?? [];
    assert.equal(paths.length, 3);
    for (const path of paths) assert.match(path, /vector-effect="non-scaling-stroke"/);
  });

  it('is labelled for assistive technology, and names each area on hover', () => {
    const svg = renderAreaMap(input);
    assert.match(
      svg,
      /^<svg [^>]*role="img" aria-labelledby="map-map-of-hartlepool-title map-map-of-hartlepool-desc"/,
    );
    assert.match(svg, /<title id="map-map-of-hartlepool-title">Map of Hartlepool<\/title>/);
    assert.match(
      svg,
      /<desc id="map-map-of-hartlepool-desc">Hartlepool \(highlighted\) and the areas around it\.<\/desc>/,
    );
    assert.match(svg, /<path [^>]*><title>Stockton-on-Tees<\/title><\/path>/);
    assert.doesNotMatch(svg, /<path [^>]*(role|aria-)/);
  });

  it('gives maps with different titles different ids, and takes an id when given one', () => {
    const other = renderAreaMap({ ...input, title: 'Map of Ynys Môn' });
    assert.match(other, /<title id="map-map-of-ynys-mon-title">Map of Ynys Môn<\/title>/);
    const named = renderAreaMap({ ...input, id: 'area-map' });
    assert.match(named, /aria-labelledby="area-map-title area-map-desc"/);
    assert.throws(() => renderAreaMap({ ...input, id: 'two words' }), RangeError);
  });

  it('escapes text for XML', () => {
    const svg = renderAreaMap({
      ...input,
      title: 'Brighton & Hove <"map">',
      description: "Tom's & Jerry's",
      shapes: [{ ...shape('E06000043', 'focus', [0, 0, 1, 1]), name: 'A & B <c>' }],
    });
    assert.match(
      svg,
      /<title id="map-brighton-hove-map-title">Brighton &amp; Hove &lt;&quot;map&quot;&gt;<\/title>/,
    );
    assert.match(svg, /<desc [^>]*>Tom&apos;s &amp; Jerry&apos;s<\/desc>/);
    assert.match(svg, /<title>A &amp; B &lt;c&gt;<\/title>/);
    const text = svg.replace(/&(amp|lt|gt|quot|apos);/g, '');
    assert.doesNotMatch(text, /&/);
  });

  it('gives the same string for the same input', () => {
    assert.equal(renderAreaMap(input), renderAreaMap(structuredClone(input)));
  });

  it('refuses a map with nothing to show', () => {
    assert.throws(() => renderAreaMap({ ...input, shapes: [] }), RangeError);
    assert.throws(
      () => renderAreaMap({ ...input, shapes: [shape('A', 'focus', [5, 5, 5, 9])] }),
      RangeError,
    );
  });
});
