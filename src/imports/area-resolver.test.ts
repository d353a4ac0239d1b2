import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAreaResolver } from './area-resolver.ts';

const resolve = createAreaResolver({
  idByCode: new Map([
    ['E06000001', 1],
    ['E08000037', 2],
    ['E07000026', 3],
    ['E06000063', 4],
  ]),
  codeByIdentifier: new Map([
    ['former-gss:E08000020', 'E08000037'],
    ['dfe-la:805', 'E06000001'],
    ['mysociety:HPL', 'E06000001'],
    ['mhclg-ecode:E0931', 'E07000026'],
  ]),
  codesByNameKey: new Map([
    ['hartlepool', ['E06000001']],
    ['newport', ['W06000022', 'E06000001']],
  ]),
});

describe('createAreaResolver', () => {
  it('resolves current and former GSS codes, case-insensitively', () => {
    assert.deepEqual(resolve({ scheme: 'gss', value: 'e06000001' }), {
      ok: true,
      code: 'E06000001',
      areaId: 1,
    });
    assert.deepEqual(resolve({ scheme: 'gss', value: 'E08000020' }), {
      ok: true,
      code: 'E08000037',
      areaId: 2,
    });
  });

  it('keeps an abolished council on its own code', () => {
    assert.deepEqual(resolve({ scheme: 'gss', value: 'E07000026' }), {
      ok: true,
      code: 'E07000026',
      areaId: 3,
    });
  });

  it('counts geographies it does not hold, and rejects unknown codes of held kinds', () => {
    assert.deepEqual(resolve({ scheme: 'gss', value: 'E23000013' }), { ok: false, notHeld: 'E23' });
    assert.deepEqual(resolve({ scheme: 'gss', value: 'TLC4' }), {
      ok: false,
      notHeld: 'other codes',
    });
    assert.deepEqual(resolve({ scheme: 'gss', value: 'E06999999' }), {
      ok: false,
      problem: 'unknown area code "E06999999"',
    });
  });

  it('resolves DfE LA numbers, mySociety codes and known spellings', () => {
    assert.equal(resolve({ scheme: 'dfe-la', value: '805' }).ok, true);
    assert.equal(resolve({ scheme: 'mysociety', value: 'HPL' }).ok, true);
    assert.equal(resolve({ scheme: 'name', value: 'HARTLEPOOL' }).ok, true);
    assert.match(
      JSON.stringify(resolve({ scheme: 'dfe-la', value: '999' })),
      /unknown DfE LA number \\"999\\"/,
    );
  });

  it('resolves MHCLG E-codes, an abolished council to its own code', () => {
    assert.deepEqual(resolve({ scheme: 'mhclg-ecode', value: ' E0931 ' }), {
      ok: true,
      code: 'E07000026',
      areaId: 3,
    });
    assert.deepEqual(resolve({ scheme: 'mhclg-ecode', value: 'E7050' }), {
      ok: false,
      problem: 'unknown MHCLG E-code "E7050"',
    });
  });

  it('reports ambiguous and unknown names instead of guessing', () => {
    assert.match(
      JSON.stringify(resolve({ scheme: 'name', value: 'Newport' })),
      /ambiguous: it could be W06000022 or E06000001/,
    );
    assert.match(
      JSON.stringify(resolve({ scheme: 'name', value: 'Atlantis' })),
      /no area is known/,
    );
  });
});

describe('createAreaResolver with reused DfE numbers', () => {
  const resolveDated = createAreaResolver({
    idByCode: new Map([
      ['E10000023', 1],
      ['E06000065', 2],
      ['E10000006', 3],
      ['E06000063', 4],
      ['E10000002', 5],
      ['E06000060', 6],
      ['E10000009', 7],
      ['E06000059', 8],
    ]),
    codeByIdentifier: new Map([
      ['dfe-la:815', 'E06000065'],
      ['dfe-la:942', 'E06000063'],
      ['dfe-la:825', 'E06000060'],
      ['dfe-la:835', 'E10000009'],
      ['dfe-la:838', 'E06000059'],
    ]),
    codesByNameKey: new Map(),
    lifetimes: new Map([
      ['E10000023', { name: 'North Yorkshire', validFrom: null }],
      ['E06000065', { name: 'North Yorkshire', validFrom: '2023-04-01' }],
      ['E10000006', { name: 'Cumbria', validFrom: null }],
      ['E06000063', { name: 'Cumberland', validFrom: '2023-04-01' }],
      // As the register names them: the county's short name says "County" (Buckinghamshire,
      // Dorset), or not (North Yorkshire); the new council's may say "Council" (Dorset).
      ['E10000002', { name: 'Buckinghamshire County', validFrom: '2005-06-19' }],
      ['E06000060', { name: 'Buckinghamshire', validFrom: '2020-04-01' }],
      ['E10000009', { name: 'Dorset County', validFrom: null }],
      ['E06000059', { name: 'Dorset Council', validFrom: '2019-04-01' }],
    ]),
    predecessors: new Map([
      ['E06000065', ['E10000023']],
      ['E06000063', ['E10000006']],
      ['E06000060', ['E10000002']],
      ['E06000059', ['E10000009']],
    ]),
  });
  const code = (value: string, endDate: string) => {
    const r = resolveDated({ scheme: 'dfe-la', value }, { endDate });
    return r.ok ? r.code : r;
  };

  it('gives values from before the change to the county of the same name', () => {
    assert.equal(code('815', '2023-04-01'), 'E10000023');
    assert.equal(code('815', '2024-04-01'), 'E06000065');
  });

  it('whichever council the code list names, and however the register spells the county', () => {
    // 825 is listed for the new Buckinghamshire Council: 2015/16 was the county's.
    assert.equal(code('825', '2016-04-01'), 'E10000002');
    assert.equal(code('825', '2020-04-01'), 'E10000002', 'the year to 31 March 2020');
    assert.equal(code('825', '2021-04-01'), 'E06000060');
    // Dorset Council has a number of its own (838): Dorset County's 835 stays the county's.
    assert.equal(code('835', '2020-04-01'), 'E10000009');
    assert.equal(code('838', '2016-04-01'), 'E06000059');
  });

  it('keeps a new number, and a number that moved to a council of another name, where it is', () => {
    assert.equal(code('942', '2017-04-01'), 'E06000063');
  });
});
