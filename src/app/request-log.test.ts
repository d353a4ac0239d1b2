import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { loggableUrl, loggerOptions } from './request-log.ts';

const token = 'Zq3v8N1xT0aYwE5rU7pLkC2mH9sD4fG6jB1nV0cX8eA';

describe('request log', () => {
  it('never keeps the token of an invitation or password reset link', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const options = loggerOptions('info');
    assert.ok(options);
    const app = Fastify({ logger: { ...options, stream } });
    app.get('/reset-password/:token', async () => 'form');
    app.get('/invitation/:token', async () => 'form');
    await app.inject({ url: `/reset-password/${token}` });
    await app.inject({ url: `/invitation/${token}?from=mail` });
    await app.close();
    const log = lines.join('');
    assert.ok(!log.includes(token), log);
    assert.match(log, /"url":"\/reset-password\/\[hidden\]"/);
    assert.match(log, /"url":"\/invitation\/\[hidden\]\?from=mail"/);
    assert.match(log, /"remoteAddress":"127\.0\.0\.1"/);
  });

  it('never keeps the code and state a single sign-on comes back with', () => {
    assert.equal(
      loggableUrl(`/sign-in/sso/callback?code=${token}&state=${token}`),
      '/sign-in/sso/callback?[hidden]',
    );
    assert.equal(loggableUrl('/sign-in/sso'), '/sign-in/sso');
  });

  it('keeps every other address as it came', () => {
    assert.equal(loggableUrl('/areas/E06000001?x=1'), '/areas/E06000001?x=1');
    assert.equal(loggableUrl('/forgot-password'), '/forgot-password');
    assert.equal(loggerOptions('silent'), false);
  });
});
