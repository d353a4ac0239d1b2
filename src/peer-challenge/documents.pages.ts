import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { signInFirst } from '../accounts/next-path.ts';
import type { Services } from '../app/services.ts';
import { NotFoundError } from '../shared/errors.ts';
import { formatDate } from '../shared/format.ts';
import { fieldError } from '../site/forms.ts';
import { receivedFile, receiveFiles } from '../uploads/receive-files.ts';
import { takeFile } from '../uploads/upload-file.ts';
import { challengeType } from './challenge-types.ts';
import { challengePage } from './challenges.pages.ts';
import { documentKinds, documentTitles, publishedKinds } from './documents.ts';
import { megabytes, publicHref, sizeText } from './documents.view.ts';
import { stateTitles } from './lifecycle.ts';
import { DocumentRefused, type PeerChallengeService } from './peer-challenge.service.ts';

const today = () => new Date().toISOString().slice(0, 10);
const id = z.coerce.number().int().positive().max(2_147_483_647);
const uploadParams = z.object({ id, kind: z.enum(documentKinds) });
const downloadParams = z.object({ id, documentId: id });
const publishedParams = z.object({ id, kind: z.enum(publishedKinds) });

/** A page's parameters, or the page is not found: a malformed address names nothing. */
function paramsOf<T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> {
  const params = schema.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Peer challenge document', request.url);
  return params.data;
}

/** A document as a download: never shown in the browser, never sniffed as anything else. */
function sendDocument(
  reply: FastifyReply,
  doc: { file_name: string; media_type: string; content: Uint8Array },
  caching: string,
) {
  return reply
    .type(doc.media_type)
    .header('content-disposition', `attachment; filename="${doc.file_name.replaceAll('"', '')}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', caching)
    .send(Buffer.from(doc.content));
}

/**
 * The upload of a challenge's document, in a scope of its own whose multipart parser reads no
 * other route's body; CSRF-checked (the token travels in the multipart body) and never cached
 * like every account page. A refused file comes back on the challenge's page with the error
 * summary naming the field, and nothing kept.
 */
export function registerDocumentUploads(
  app: FastifyInstance,
  services: Services,
  documentBytes: number,
) {
  receiveFiles(app, documentBytes);
  const page = challengePage(services, documentBytes);

  app.post('/peer-challenge/challenges/:id/documents/:kind', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const { id, kind } = paramsOf(uploadParams, request);
    // Nothing is said of the file to someone taking no part: the challenge is not found.
    await services.peerChallenges.partsIn(viewer, id);
    const title = documentTitles[kind].toLowerCase();
    const refuse = (status: number, text: string) =>
      page(reply.code(status), viewer, id, {
        kind: '',
        errors: [fieldError(`${kind}-file`, text)],
        values: {},
      });
    const received = receivedFile(request.body);
    if (!received || received.name === '') return refuse(400, `Select the ${title} to upload`);
    if (received.tooBig || received.path === null)
      return refuse(413, `The ${title} must be smaller than ${megabytes(documentBytes)} MB`);
    const content = await takeFile(received.path);
    if (content.length === 0) return refuse(400, `The selected ${title} file is empty`);
    try {
      await services.peerChallenges.uploadDocument(
        actorOf(request, viewer),
        id,
        kind,
        { name: received.name, content: new Uint8Array(content) },
        today(),
      );
    } catch (error) {
      if (error instanceof DocumentRefused) return refuse(400, error.message);
      throw error;
    }
    return reply.redirect(`/peer-challenge/challenges/${id}#${kind}`, 303);
  });
}

/** The challenges the viewer takes part in as the council or on the team, as a list. */
async function minePage(reply: FastifyReply, viewer: Viewer, peerChallenges: PeerChallengeService) {
  const mine = await peerChallenges.mine(viewer);
  const partWords = { council: 'Your council', team: 'On the team', manager: 'Manager' };
  return reply.render('peer-challenge/views/mine.njk', {
    title: 'Your peer challenges',
    activeNav: 'account',
    challenges: mine.map((c) => ({
      href: `/peer-challenge/challenges/${c.id}`,
      council: c.areaName,
      type: challengeType(c.type).title,
      year: c.programme_year,
      state: stateTitles[c.state],
      part: c.parts.map((p) => partWords[p]).join(', '),
      illustrative: c.illustrative,
    })),
  });
}

/**
 * In an account pages' scope (never cached): the viewer's own peer challenges, the way in for a
 * council and a peer, and the download of any version of a challenge's documents by those
 * taking part in it.
 */
export function registerDocumentPages(app: FastifyInstance, { peerChallenges }: Services) {
  app.get('/account/peer-challenges', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    return minePage(reply, request.viewer, peerChallenges);
  });

  app.get('/peer-challenge/challenges/:id/documents/:documentId', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const { id, documentId } = paramsOf(downloadParams, request);
    const doc = await peerChallenges.document(request.viewer, id, documentId);
    return sendDocument(reply, doc, 'private, no-store');
  });
}

/**
 * Public: /peer-challenge/reports, the reports and action plans councils published, by council,
 * and the download of exactly the version each published, the same for everyone and so
 * publicly cacheable. Nothing else of a challenge's documents is ever served here.
 */
export function registerPublishedDocumentPages(app: FastifyInstance, { peerDocuments }: Services) {
  app.get('/peer-challenge/reports', async (_request, reply) => {
    const published = await peerDocuments.list();
    return reply.render('peer-challenge/views/published.njk', {
      title: 'Published peer challenge reports and action plans',
      illustrative: published.some((d) => d.illustrative),
      documents: published.map((d) => ({
        ...d,
        title: documentTitles[d.kind],
        type: challengeType(d.type).title,
        publishedOn: formatDate(d.publishedOn),
        size: sizeText(d.sizeBytes),
        href: publicHref(d.challengeId, d.kind),
      })),
    });
  });

  app.get('/peer-challenge/reports/:id/:kind', async (request, reply) => {
    const { id, kind } = paramsOf(publishedParams, request);
    const doc = await peerDocuments.download(id, kind);
    return sendDocument(reply, doc, 'public, max-age=3600');
  });
}
