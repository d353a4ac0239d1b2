import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailDomain, isLoopbackHttp, singleSignOnSettings } from './single-sign-on.schema.ts';

const valid = {
  organisation: 'E09000033',
  issuer: 'https://login.westminster.gov.uk/',
  clientId: 'openlg',
  clientSecret: 's3cret\n',
  domains: 'Westminster.gov.uk, @wcc.example.org,westminster.gov.uk',
};

/** The messages a configuration is refused with, or [] when it is accepted. */
const problems = (changes: Partial<Record<keyof typeof valid, unknown>>) => {
  const result = singleSignOnSettings.safeParse({ ...valid, ...changes });
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe('single sign-on settings', () => {
  it('accepts a provider over https, trims the secret and tidies the domains', () => {
    const parsed = singleSignOnSettings.parse(valid);
    assert.equal(parsed.clientSecret, 's3cret');
    assert.deepEqual(parsed.domains, ['westminster.gov.uk', 'wcc.example.org']);
    assert.equal(parsed.issuer, 'https://login.westminster.gov.uk/');
  });

  it('takes plain http only from a provider on this machine', () => {
    assert.deepEqual(problems({ issuer: 'http://127.0.0.1:9000' }), []);
    assert.deepEqual(problems({ issuer: 'http://localhost:9000/realms/council' }), []);
    assert.match(
      problems({ issuer: 'http://login.example.gov.uk' }).join(),
      /must be an https URL/,
    );
    assert.ok(isLoopbackHttp(new URL('http://[::1]:8080')));
    assert.ok(!isLoopbackHttp(new URL('https://127.0.0.1')));
  });

  it('refuses an issuer that is no URL, or carries a query or fragment', () => {
    for (const issuer of ['login.example.gov.uk', 'https://x.gov.uk/?a=1', 'https://x.gov.uk/#f'])
      assert.match(problems({ issuer }).join(), /--issuer .* must be an https URL/, issuer);
    assert.match(problems({ issuer: ' ' }).join(), /--issuer needs/);
  });

  it('refuses a missing client id or secret, each in its own words', () => {
    assert.match(problems({ clientId: '' }).join(), /--client-id needs/);
    assert.match(problems({ clientSecret: '\n' }).join(), /client secret file is empty/);
    assert.match(problems({ clientId: 'x'.repeat(256) }).join(), /255 characters or fewer/);
  });

  it('refuses no domains, and anything that is not an email domain', () => {
    assert.match(problems({ domains: ' , ' }).join(), /at least one email domain/);
    assert.match(problems({ domains: 'gov' }).join(), /"gov" is not an email domain/);
    assert.match(problems({ domains: 'a.gov.uk,bad domain.uk' }).join(), /"bad domain.uk"/);
    assert.match(problems({ domains: '-x.gov.uk' }).join(), /not an email domain/);
  });

  it('finds the domain of an email address, in lowercase', () => {
    assert.equal(emailDomain(' Ann@Westminster.GOV.uk '), 'westminster.gov.uk');
    assert.equal(emailDomain('ann@localhost'), null);
    assert.equal(emailDomain('not an email'), null);
  });
});
