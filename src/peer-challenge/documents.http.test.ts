import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PageActor } from '../accounts/actor.ts';
import type { Role } from '../accounts/roles.ts';
import { createServices, type Services } from '../app/services.ts';
import { officerPeerRow } from '../testing/peer-challenges.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { assertErrorSummary, errorSummaryOf } from '../testing/forms.ts';
import { readerWords } from '../testing/http-browser.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { multipart } from '../uploads/uploads.testing.ts';
import { addDays } from './dates.ts';
import { sampleDocm, samplePdf } from './documents.testing.ts';
import { insertPeers } from './peer-pool.repository.ts';

type Session = { cookie: string; csrf: string };

const withoutNonces = (html: string) => html.replaceAll(/nonce="[^"]*"/g, '');

/*
 * A challenge's page and documents over HTTP, as the council, a peer on the team and the
 * programme's manager use them: each part's page and forms, uploads refused (wrong type, too
 * big, none) with the summary naming the field and nothing kept, downloads by each part and by
 * no one else, and the council publishing its report, which then is public.
 */
describe('a peer challenge’s page and documents, for each part', () => {
  let t: TestApp;
  let services: Services;
  const who: Record<'manager' | 'council' | 'peer' | 'stranger' | 'analyst', Session> = {
    manager: { cookie: '', csrf: '' },
    council: { cookie: '', csrf: '' },
    peer: { cookie: '', csrf: '' },
    stranger: { cookie: '', csrf: '' },
    analyst: { cookie: '', csrf: '' },
  };
  let managerActor: PageActor;
  let id = 0;
  let page = '';
  // Uploading the statement records its receipt today: every later event is dated today too.
  const today = new Date().toISOString().slice(0, 10);

  const get = (url: string, session?: Session) =>
    t.app.inject({ method: 'GET', url, headers: session ? { cookie: session.cookie } : {} });
  const upload = (session: Session, kind: string, file: { name: string; content: Buffer }) => {
    const { body, type } = multipart({ csrf: session.csrf }, file);
    return t.app.inject({
      method: 'POST',
      url: `${page}/documents/${kind}`,
      headers: { cookie: session.cookie, 'content-type': type },
      payload: body,
    });
  };
  const post = (session: Session, form: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `${page}/events`,
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: session.csrf, ...form }).toString(),
    });
  const kept = async () =>
    (await t.database.db.selectFrom('peer_challenge_documents').select('id').execute()).length;

  before(async () => {
    // Documents up to 100 KB here, so that a too-big one is quick to make.
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0', OPENLG_DOCUMENT_MB: '0.1' });
    services = createServices(t.database);
    const roles: Record<keyof typeof who, [Role, string]> = {
      manager: ['peer-challenge-manager', 'lga'],
      council: ['organisation-admin', 'E06000001'],
      peer: ['analyst', 'E06000047'],
      stranger: ['organisation-admin', 'E06000002'],
      analyst: ['analyst', 'E06000001'],
    };
    const ids: Record<string, number> = {};
    for (const [name, [role, organisation]] of Object.entries(roles)) {
      const user = await newUser(t.database, { role, organisation });
      ids[name] = user.id;
      who[name as keyof typeof who] = await sessionFor(t.database, user.id);
    }
    managerActor = {
      viewer: {
        userId: ids['manager'] ?? 0,
        memberships: [{ organisation: 'lga', role: 'peer-challenge-manager' }],
      },
      email: 'manager@example.org',
      address: null,
    } as PageActor;
    id = await services.peerChallenges.record(managerActor, {
      type: 'corporate-peer-challenge',
      areaCode: 'E06000001',
      programmeYear: '2026-27',
      window: { start: addDays(today, -5), end: addDays(today, 20) },
      transitions: [
        { to: 'requested', on: addDays(today, -200) },
        { to: 'scoping', on: addDays(today, -190) },
      ],
    });
    page = `/peer-challenge/challenges/${id}`;
    const [peerId = 0] = await insertPeers(t.database.db, [
      officerPeerRow({
        name: 'A Peer',
        homeAreaCode: 'E06000047',
        userId: ids['peer'] ?? 0,
        role: 'chief-executive-peer',
      }),
    ]);
    await t.database.db
      .insertInto('peer_challenge_members')
      .values({
        challenge_id: id,
        peer_id: peerId,
        role: 'chief-executive-peer',
        status: 'accepted',
      })
      .execute();
  });
  after(() => t.close());

  it('shows each part its page with only its own forms, and no one else any page', async () => {
    const council = await get(page, who.council);
    assert.equal(council.statusCode, 200);
    assert.equal(council.headers['cache-control'], 'private, no-store');
    assert.ok(council.body.includes('id="position-statement-file"'));
    assert.ok(!council.body.includes('id="report-file"'));
    assert.ok(council.body.includes('id="action-plan-file"'));
    // The council records only its own events, and none is possible at scoping.
    assert.ok(!council.body.includes('/events"'));
    assert.ok(!council.body.includes(`${page}/team`));
    assert.match(readerWords(council.body), /Data pack: Hartlepool against its nearest neighbours/);
    const peer = await get(page, who.peer);
    assert.equal(peer.statusCode, 200);
    assert.ok(peer.body.includes('id="report-file"'));
    assert.ok(!peer.body.includes('id="position-statement-file"'));
    assert.ok(!peer.body.includes('/events"'));
    const manager = await get(page, who.manager);
    assert.ok(manager.body.includes('id="form-receive-position-statement"'));
    assert.ok(manager.body.includes(`${page}/team`));
    for (const session of [who.stranger, who.analyst]) {
      const refused = await get(page, session);
      assert.equal(refused.statusCode, 404);
      const absent = await get('/peer-challenge/challenges/999999', session);
      assert.equal(withoutNonces(refused.body), withoutNonces(absent.body));
    }
    assert.equal((await get(page)).statusCode, 303);
  });

  it('refuses a wrong, too big or missing file, naming the field, keeping nothing', async () => {
    const docm = await upload(who.council, 'position-statement', {
      name: 'statement.pdf',
      content: await sampleDocm(),
    });
    assert.equal(docm.statusCode, 400);
    assertErrorSummary(docm.body, [
      'The position statement must be a PDF, Word (DOCX) or OpenDocument (ODT) file: this file is a macro-enabled Office file',
    ]);
    assert.ok(errorSummaryOf(docm.body).includes('href="#position-statement-file"'));
    const big = await upload(who.council, 'position-statement', {
      name: 'big.pdf',
      content: Buffer.concat([samplePdf(), Buffer.alloc(200_000, 32)]),
    });
    assert.equal(big.statusCode, 413);
    assertErrorSummary(big.body, ['The position statement must be smaller than 0.1 MB']);
    const none = await upload(who.council, 'position-statement', {
      name: '',
      content: Buffer.alloc(0),
    });
    assert.equal(none.statusCode, 400);
    assertErrorSummary(none.body, ['Select the position statement to upload']);
    // A part that may not upload a kind is refused; someone taking no part finds nothing.
    const team = await upload(who.peer, 'position-statement', {
      name: 'a.pdf',
      content: samplePdf(),
    });
    assert.equal(team.statusCode, 403);
    const stranger = await upload(who.stranger, 'report', { name: 'a.pdf', content: samplePdf() });
    assert.equal(stranger.statusCode, 404);
    assert.equal(await kept(), 0);
  });

  it('keeps the position statement, records it received, and lets each part download it', async () => {
    const content = samplePdf('Our position');
    const uploaded = await upload(who.council, 'position-statement', {
      name: 'C:\\Users\\me\\Our position (final).pdf',
      content,
    });
    assert.equal(uploaded.statusCode, 303);
    assert.equal(uploaded.headers.location, `${page}#position-statement`);
    const shown = await get(page, who.council);
    const words = readerWords(shown.body);
    assert.match(words, /State Position statement received/);
    assert.match(words, /1 Our position \(final\)\.pdf \(\d+ KB\)/);
    const href = /href="(\/peer-challenge\/challenges\/\d+\/documents\/\d+)"/.exec(shown.body)?.[1];
    assert.ok(href);
    for (const session of [who.council, who.peer, who.manager]) {
      const download = await get(href, session);
      assert.equal(download.statusCode, 200);
      assert.deepEqual(download.rawPayload, content);
      assert.equal(download.headers['content-type'], 'application/pdf');
      assert.equal(
        download.headers['content-disposition'],
        'attachment; filename="Our position (final).pdf"',
      );
      assert.equal(download.headers['x-content-type-options'], 'nosniff');
      assert.equal(download.headers['cache-control'], 'private, no-store');
    }
    for (const session of [who.stranger, who.analyst])
      assert.equal((await get(href, session)).statusCode, 404);
    assert.equal((await get(href)).statusCode, 303);
    const publicCopy = await get(`/peer-challenge/reports/${id}/position-statement`);
    assert.equal(publicCopy.statusCode, 404);
  });

  it('lets the council publish the team’s report, which then is public', async () => {
    for (const kind of ['assemble-team', 'arrive-on-site', 'give-feedback', 'draft-report'])
      await services.peerChallenges.advance(managerActor, id, { kind, on: today });
    const early = await post(who.council, { kind: 'publish-report', on: today });
    assert.equal(early.statusCode, 400);
    assertErrorSummary(early.body, ['Upload the report before publishing it']);
    assert.ok(errorSummaryOf(early.body).includes('href="#documents"'));
    assert.equal((await get(`/peer-challenge/reports/${id}/report`)).statusCode, 404);

    const report = samplePdf('The team’s report');
    assert.equal(
      (await upload(who.peer, 'report', { name: 'report.pdf', content: report })).statusCode,
      303,
    );
    const badLink = await post(who.council, {
      kind: 'publish-report',
      on: today,
      councilUrl: 'http://example.org/report',
    });
    assert.equal(badLink.statusCode, 400);
    assertErrorSummary(badLink.body, ['Enter the link as a whole address starting https://']);
    assert.ok(badLink.body.includes('value="http://example.org/report"'));
    // The council may not record the manager's events.
    assert.equal((await post(who.council, { kind: 'close', on: today })).statusCode, 403);
    const published = await post(who.council, {
      kind: 'publish-report',
      on: today,
      councilUrl: 'https://www.hartlepool.gov.uk/peer-challenge',
    });
    assert.equal(published.statusCode, 303);

    const list = await get('/peer-challenge/reports');
    assert.equal(list.statusCode, 200);
    assert.match(readerWords(list.body), /Hartlepool Corporate peer challenge, 2026-27 Report/);
    assert.ok(list.body.includes(`href="/peer-challenge/reports/${id}/report"`));
    assert.ok(list.body.includes('href="https://www.hartlepool.gov.uk/peer-challenge"'));
    const download = await get(`/peer-challenge/reports/${id}/report`);
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, Buffer.from(report));
    assert.equal(download.headers['cache-control'], 'public, max-age=3600');
    assert.equal(download.headers['content-disposition'], 'attachment; filename="report.pdf"');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal((await get(`/peer-challenge/reports/${id}/action-plan`)).statusCode, 404);
    const shown = readerWords((await get(page, who.peer)).body);
    assert.match(shown, /Published on \d+ \w+ \d{4}: the published report/);
  });

  it('lists the council’s and the peer’s own challenges, and nobody else’s', async () => {
    for (const session of [who.council, who.peer]) {
      const mine = await get('/account/peer-challenges', session);
      assert.equal(mine.statusCode, 200);
      assert.equal(mine.headers['cache-control'], 'private, no-store');
      assert.ok(mine.body.includes(`href="${page}"`));
    }
    const stranger = await get('/account/peer-challenges', who.stranger);
    assert.ok(!stranger.body.includes(`href="${page}"`));
    assert.match(readerWords(stranger.body), /You take part in no peer challenge/);
    assert.equal((await get('/account/peer-challenges')).statusCode, 303);
  });
});
