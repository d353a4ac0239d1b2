import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { residentWords, say, sayHtml } from './resident-words.ts';

const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the resident pages’ words', () => {
  it('gives every text in English and Welsh, each taking the same names', () => {
    for (const [key, text] of Object.entries(residentWords)) {
      assert.ok(text.en.trim() !== '', `${key} has English`);
      assert.ok(text.cy.trim() !== '', `${key} has Welsh`);
      assert.deepEqual(names(text.cy), names(text.en), `${key} fills the same names`);
    }
  });

  it('fills names, and marks a value in another language in HTML only', () => {
    const name = { text: 'Parks & <gardens>', lang: 'en' as const };
    assert.equal(
      say('cy', 'outOfRange', { name, min: '-20%', max: '+20%' }),
      'Gall Parks & <gardens> newid o -20% i +20%',
    );
    assert.equal(
      sayHtml('cy', 'outOfRange', { name, min: '-20%', max: '+20%' }),
      'Gall <span lang="en">Parks &amp; &lt;gardens&gt;</span> newid o -20% i +20%',
    );
    assert.equal(sayHtml('en', 'stillToFind', { money: '£5' }), 'Money still to find: £5');
  });
});
