import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findModel, neighbourModels, neighboursWords, type NeighbourModel } from './models.ts';
import {
  bandFor,
  meanOverlap,
  nearestNeighbours,
  standardise,
  type AreaFeatures,
  type ModelSpec,
} from './neighbours.ts';

const model: ModelSpec = {
  id: 'test',
  version: '1',
  k: 2,
  features: [
    { metric: 'size', label: 'Size', transform: 'none', weight: 1 },
    { metric: 'income', label: 'Income', transform: 'none', weight: 1 },
  ],
  bands: [
    { upTo: 0.5, band: 'close' },
    { upTo: 1, band: 'far' },
  ],
};

const areas: AreaFeatures[] = [
  { code: 'A', values: { size: 0, income: 0 } },
  { code: 'B', values: { size: 1, income: 0 } },
  { code: 'C', values: { size: 0, income: 2 } },
  { code: 'D', values: { size: 10, income: 10 } },
];

describe('standardise', () => {
  it('scales every feature to mean 0 and standard deviation 1, logging where asked', () => {
    const z = standardise(
      [
        { code: 'A', values: { x: 1 } },
        { code: 'B', values: { x: 3 } },
        { code: 'C', values: {} },
      ],
      [{ metric: 'x', label: 'x', transform: 'none', weight: 1 }],
    );
    assert.deepEqual(z.get('A'), [-1]);
    assert.deepEqual(z.get('B'), [1]);
    assert.deepEqual(z.get('C'), [undefined]);
    const logged = standardise(
      [
        { code: 'A', values: { x: Math.E - 1 } },
        { code: 'B', values: { x: -5 } },
      ],
      [{ metric: 'x', label: 'x', transform: 'log', weight: 1 }],
    );
    // A negative value cannot be logged: it counts as missing, never as NaN.
    assert.deepEqual(logged.get('B'), [undefined]);
    assert.deepEqual(logged.get('A'), [0]);
  });
});

describe('nearestNeighbours', () => {
  const result = nearestNeighbours(areas, model);

  it('orders neighbours by weighted Euclidean distance on standardised features', () => {
    assert.deepEqual(
      result.get('A')?.map((n) => n.code),
      ['B', 'C'],
    );
    assert.deepEqual(
      result.get('D')?.map((n) => n.code),
      ['C', 'B'],
    );
  });

  it('rebases distances so the most distant council scores 1, and bands them', () => {
    const [first, second] = result.get('A') ?? [];
    assert.ok(first && second);
    assert.ok(first.rebased > 0 && first.rebased < second.rebased && second.rebased < 1);
    const farthest = nearestNeighbours(areas, model, 3).get('A')?.at(-1);
    assert.equal(farthest?.code, 'D');
    assert.equal(farthest?.rebased, 1);
    assert.equal(farthest?.band, 'far');
    assert.equal(first.band, 'close');
  });

  it('explains each distance by the share of each feature', () => {
    const [b] = result.get('A') ?? [];
    assert.ok(b);
    const size = b.contributions.find((c) => c.metric === 'size');
    const income = b.contributions.find((c) => c.metric === 'income');
    assert.equal(size?.share, 1);
    assert.equal(income?.share, 0);
    assert.equal(income?.difference, 0);
    assert.ok((size?.difference ?? 0) > 0);
  });

  it('compares a pair on the features both have, scaled up, and skips pairs sharing too little', () => {
    const sparse = nearestNeighbours(
      [...areas, { code: 'E', values: { size: 0 } }, { code: 'F', values: {} }],
      model,
      10,
    );
    assert.ok(sparse.get('A')?.some((n) => n.code === 'E'));
    assert.deepEqual(sparse.get('F'), []);
    assert.ok(!sparse.get('A')?.some((n) => n.code === 'F'));
    const e = sparse.get('A')?.find((n) => n.code === 'E');
    assert.equal(e?.contributions.find((c) => c.metric === 'income')?.difference, null);
  });

  it('gives the same lists whatever the order of the input', () => {
    const reversed = nearestNeighbours([...areas].reverse(), model);
    for (const code of ['A', 'B', 'C', 'D'])
      assert.deepEqual(
        reversed.get(code)?.map((n) => n.code),
        result.get(code)?.map((n) => n.code),
      );
  });
});

describe('bandFor and meanOverlap', () => {
  it('bands by the first upper bound reached', () => {
    assert.equal(bandFor(0.5, model.bands), 'close');
    assert.equal(bandFor(0.51, model.bands), 'far');
  });

  it('counts shared members of the top lists for subjects in both', () => {
    const ours = new Map([
      ['A', ['B', 'C', 'D']],
      ['B', ['A', 'C']],
      ['X', ['Y']],
    ]);
    const theirs = new Map([
      ['A', ['C', 'D', 'E']],
      ['B', ['E', 'F']],
    ]);
    assert.deepEqual(meanOverlap(ours, theirs, 3), { subjects: 2, meanOverlap: 1 });
  });
});

describe('the openlg models', () => {
  it('are versioned, weigh every feature positively and band up to 1', () => {
    for (const m of neighbourModels) {
      assert.match(m.version, /^\d{4}\.\d+$/);
      assert.ok(m.features.every((f) => f.weight > 0));
      assert.equal(m.bands.at(-1)?.upTo, 1);
      assert.equal(new Set(m.features.map((f) => f.metric)).size, m.features.length);
    }
  });
});

describe('a neighbour group in words', () => {
  const model = (id: string): NeighbourModel => {
    const found = findModel(id);
    assert.ok(found, id);
    return found;
  };
  const upper = model('openlg-upper-tier');
  const lower = model('openlg-lower-tier');

  it('names how many councils and which, never the model’s id or its old label', () => {
    const words = neighboursWords(upper, { name: 'Hartlepool', type: 'unitary' }, 15);
    assert.equal(
      words.label,
      '15 most similar councils that run social care, children’s services and education (nearest neighbours)',
    );
    assert.match(
      words.description,
      /^The 15 councils most like Hartlepool in size, .* child poverty, chosen from the councils that run social care, children’s services and education: county councils, unitary authorities, metropolitan districts, London boroughs and sui generis authorities \(City of London, Isles of Scilly\)\.$/,
    );
    for (const m of neighbourModels)
      for (const text of Object.values(neighboursWords(m, { name: 'Adur', type: 'district' }, 15)))
        assert.doesNotMatch(text, /openlg|counties and unitaries|tier|nearest neighbours:/);
  });

  it('says why a metropolitan district or London borough is among the councils it is', () => {
    const barnsley = neighboursWords(
      upper,
      { name: 'Barnsley', type: 'metropolitan-district' },
      15,
    );
    assert.match(
      barnsley.description,
      /Barnsley is among them because a metropolitan district runs social care, children’s services and education itself, as a county council or unitary authority does\.$/,
    );
    const camden = neighboursWords(lower, { name: 'Camden', type: 'london-borough' }, 14);
    assert.match(camden.label, /^14 most similar councils that run housing, planning/);
    assert.match(camden.description, /Camden is among them because a London borough runs housing/);
    const adur = neighboursWords(lower, { name: 'Adur', type: 'district' }, 15);
    assert.doesNotMatch(adur.description, /is among them/);
  });
});
