import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { PageActor } from '../accounts/actor.ts';
import type { Role } from '../accounts/roles.ts';
import { createServices, type Services } from '../app/services.ts';
import type { Database } from '../db/database.ts';
import { ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { officerPeerRow } from '../testing/peer-challenges.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { sampleDocm, sampleDocx, samplePdf } from './documents.testing.ts';
import { ChallengeEventRefused, DocumentRefused } from './peer-challenge.service.ts';
import { insertPeers } from './peer-pool.repository.ts';

/*
 * A challenge's documents on a real database: who may upload which, every upload a new version
 * with its checksum, a refused file keeping nothing, the position statement's upload recording
 * its receipt at scoping, publishing refused without a document and then making exactly the
 * newest version public; the public list, the council's and the peer's own lists, and the
 * demo's illustrative documents.
 */
describe('a peer challenge’s documents', () => {
  let database: Database;
  let services: Services;
  let manager: PageActor;
  let council: PageActor;
  let peer: PageActor;
  let stranger: PageActor;
  let id = 0;
  // The day the documents are uploaded: the position statement's receipt is dated with it.
  const today = '2026-06-01';
  const later = '2026-12-01';

  const actor = async (role: Role, organisation: string): Promise<PageActor> => {
    const user = await newUser(database, { role, organisation });
    return {
      viewer: { userId: user.id, memberships: [{ organisation, role }] },
      email: user.email,
      address: null,
    } as PageActor;
  };
  const pdf = (words: string) => ({ name: `${words}.pdf`, content: samplePdf(words) });
  const stateOf = async () =>
    (
      await database.db
        .selectFrom('peer_challenges')
        .select('state')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).state;
  const count = async () =>
    (await database.db.selectFrom('peer_challenge_documents').select('id').execute()).length;

  before(async () => {
    database = await openRegisterDatabase();
    services = createServices(database);
    manager = await actor('peer-challenge-manager', 'lga');
    council = await actor('organisation-admin', 'E06000001');
    peer = await actor('analyst', 'E06000047');
    stranger = await actor('organisation-admin', 'E06000002');
    id = await services.peerChallenges.record(manager, {
      type: 'corporate-peer-challenge',
      areaCode: 'E06000001',
      programmeYear: '2026-27',
      window: { start: '2026-09-01', end: '2026-09-30' },
      transitions: [
        { to: 'requested', on: '2026-05-01' },
        { to: 'scoping', on: '2026-05-10' },
      ],
    });
    const [peerId = 0] = await insertPeers(database.db, [
      officerPeerRow({
        name: 'A Peer',
        homeAreaCode: 'E06000047',
        userId: peer.viewer.userId,
        role: 'chief-executive-peer',
      }),
    ]);
    await database.db
      .insertInto('peer_challenge_members')
      .values({
        challenge_id: id,
        peer_id: peerId,
        role: 'chief-executive-peer',
        status: 'accepted',
      })
      .execute();
  });
  after(() => database.close());

  it('finds each part, and no challenge for anyone else', async () => {
    const { peerChallenges } = services;
    assert.deepEqual(await peerChallenges.partsIn(manager.viewer, id), ['manager']);
    assert.deepEqual(await peerChallenges.partsIn(council.viewer, id), ['council']);
    assert.deepEqual(await peerChallenges.partsIn(peer.viewer, id), ['team']);
    await assert.rejects(peerChallenges.partsIn(stranger.viewer, id), NotFoundError);
    await assert.rejects(peerChallenges.partsIn(null, id), NotFoundError);
    await assert.rejects(peerChallenges.partsIn(manager.viewer, id + 1000), NotFoundError);
  });

  it('keeps the council’s position statement and records its receipt at scoping', async () => {
    const first = pdf('Statement one');
    const made = await services.peerChallenges.uploadDocument(
      council,
      id,
      'position-statement',
      first,
      today,
    );
    assert.deepEqual([made.version, made.received, made.fileName], [1, true, 'Statement one.pdf']);
    assert.equal(await stateOf(), 'position-statement-received');
    const again = await services.peerChallenges.uploadDocument(
      council,
      id,
      'position-statement',
      { name: 'statement.docx', content: await sampleDocx() },
      today,
    );
    assert.deepEqual([again.version, again.received], [2, false]);
    const kept = await database.db
      .selectFrom('peer_challenge_documents')
      .select(['version', 'media_type', 'size_bytes', 'sha256', 'uploaded_by_user_id'])
      .where('challenge_id', '=', id)
      .orderBy('version')
      .execute();
    assert.deepEqual(kept[0], {
      version: 1,
      media_type: 'application/pdf',
      size_bytes: first.content.byteLength,
      sha256: createHash('sha256').update(first.content).digest('hex'),
      uploaded_by_user_id: council.viewer.userId,
    });
    const audited = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'peer-challenge-document-uploaded')
      .execute();
    assert.equal(audited.length, 2);
    const download = await services.peerChallenges.document(peer.viewer, id, made.id);
    assert.deepEqual(Buffer.from(download.content), first.content);
    await assert.rejects(
      services.peerChallenges.document(stranger.viewer, id, made.id),
      NotFoundError,
    );
  });

  it('refuses a file that is no accepted document, or a part that may not upload it', async () => {
    const before = await count();
    await assert.rejects(
      services.peerChallenges.uploadDocument(
        peer,
        id,
        'report',
        { name: 'report.docx', content: await sampleDocm() },
        today,
      ),
      (error) => {
        assert.ok(error instanceof DocumentRefused);
        assert.equal(error.parameter, 'report-file');
        assert.match(error.message, /^The report must be a PDF.*macro-enabled/);
        return true;
      },
    );
    await assert.rejects(
      services.peerChallenges.uploadDocument(council, id, 'report', pdf('Report'), today),
      ForbiddenError,
    );
    await assert.rejects(
      services.peerChallenges.uploadDocument(peer, id, 'position-statement', pdf('S'), today),
      ForbiddenError,
    );
    await assert.rejects(
      services.peerChallenges.uploadDocument(stranger, id, 'action-plan', pdf('Plan'), today),
      NotFoundError,
    );
    assert.equal(await count(), before);
  });

  it('publishes exactly the newest report, and only once there is one', async () => {
    const { peerChallenges } = services;
    for (const event of [
      { kind: 'assemble-team', on: '2026-07-15' },
      { kind: 'arrive-on-site', on: '2026-09-08' },
      { kind: 'give-feedback', on: '2026-09-11' },
      { kind: 'draft-report', on: '2026-10-01' },
    ])
      await peerChallenges.advance(manager, id, event, later);
    const publish = { kind: 'publish-report', on: '2026-11-01' };
    await assert.rejects(peerChallenges.advance(council, id, publish, later), (error) => {
      assert.ok(error instanceof ChallengeEventRefused);
      assert.deepEqual(error.problems, [
        { field: 'document', text: 'Upload the report before publishing it' },
      ]);
      return true;
    });
    assert.equal(await stateOf(), 'report-drafted');
    await peerChallenges.uploadDocument(peer, id, 'report', pdf('Draft report'), today);
    await peerChallenges.uploadDocument(peer, id, 'report', pdf('Final report'), today);
    // The council publishes; it may not record the manager's events.
    await assert.rejects(
      peerChallenges.advance(council, id, { kind: 'close', on: '2026-11-01' }, later),
      ForbiddenError,
    );
    await peerChallenges.advance(council, id, publish, later, {
      councilUrl: 'https://www.hartlepool.gov.uk/peer-challenge',
    });
    assert.equal(await stateOf(), 'report-published');
    const listed = await services.peerDocuments.list();
    assert.deepEqual(
      listed.map((d) => [d.areaName, d.kind, d.publishedOn, d.fileName, d.councilUrl]),
      [
        [
          'Hartlepool',
          'report',
          '2026-11-01',
          'Final report.pdf',
          'https://www.hartlepool.gov.uk/peer-challenge',
        ],
      ],
    );
    const published = await services.peerDocuments.download(id, 'report');
    assert.deepEqual(Buffer.from(published.content), samplePdf('Final report'));
    await assert.rejects(services.peerDocuments.download(id, 'action-plan'), NotFoundError);
    // A later version of the report is kept, but the published one stays what was published.
    await peerChallenges.uploadDocument(peer, id, 'report', pdf('Later report'), today);
    const still = await services.peerDocuments.download(id, 'report');
    assert.deepEqual(Buffer.from(still.content), samplePdf('Final report'));
  });

  it('lists each person’s own challenges: the council’s, and the peer’s team', async () => {
    const mine = async (who: PageActor) =>
      (await services.peerChallenges.mine(who.viewer)).map((c) => [c.id, c.parts]);
    assert.deepEqual(await mine(council), [[id, ['council']]]);
    assert.deepEqual(await mine(peer), [[id, ['team']]]);
    assert.deepEqual(await mine(stranger), []);
    assert.deepEqual(await mine(manager), []);
  });

  it('gives a few illustrative challenges published illustrative PDFs, once', async () => {
    await services.peerChallenges.loadScenario();
    const added = await services.peerDocuments.loadIllustrative();
    assert.ok(added >= 6, `${added} documents`);
    assert.equal(await services.peerDocuments.loadIllustrative(), 0);
    const listed = (await services.peerDocuments.list()).filter((d) => d.illustrative);
    assert.equal(listed.length, added);
    const first = listed[0];
    assert.ok(first);
    const pdfText = Buffer.from(
      (await services.peerDocuments.download(first.challengeId, first.kind)).content,
    ).toString('latin1');
    assert.match(pdfText, /^%PDF-1\.4/);
    assert.match(pdfText, /ILLUSTRATIVE DOCUMENT/);
  });
});
