import { formatDate } from '../shared/format.ts';
import { ukTimeText } from '../uploads/london-time.ts';
import { mayDo } from './challenge-access.ts';
import { documentKinds, documentTitles, uploadActs } from './documents.ts';
import type { PeerChallengeService } from './peer-challenge.service.ts';

/* How a challenge's documents read on its page and in the public list. */

export const megabytes = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export function sizeText(bytes: number) {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${megabytes(bytes)} MB`;
}

export const publicHref = (challengeId: number, kind: string) =>
  `/peer-challenge/reports/${challengeId}/${kind}`;

type OneChallenge = Awaited<ReturnType<PeerChallengeService['one']>>;

/**
 * A challenge's documents as its page shows them: for each kind, every version (the newest
 * first, each downloadable), which one is published, and the upload form if the viewer's part
 * may upload it.
 */
export function documentsView(challengeId: number, c: OneChallenge, documentBytes: number) {
  return {
    maxMegabytes: megabytes(documentBytes),
    kinds: documentKinds.map((kind) => {
      const publication = c.publications.find((p) => p.kind === kind) ?? null;
      return {
        kind,
        title: documentTitles[kind],
        published: publication && {
          on: formatDate(publication.published_on),
          councilUrl: publication.council_url,
          href: publicHref(challengeId, kind),
        },
        versions: c.documents
          .filter((d) => d.kind === kind)
          .map((d) => ({
            version: d.version,
            fileName: d.file_name,
            size: sizeText(d.size_bytes),
            by: d.uploaded_by ?? (d.illustrative ? 'Illustrative' : 'A former user'),
            when: ukTimeText(d.uploaded_at),
            href: `/peer-challenge/challenges/${challengeId}/documents/${d.id}`,
            published: publication?.document_id === d.id,
          })),
        upload: mayDo(c.parts, uploadActs[kind])
          ? {
              id: `${kind}-file`,
              action: `/peer-challenge/challenges/${challengeId}/documents/${kind}`,
            }
          : null,
      };
    }),
  };
}
