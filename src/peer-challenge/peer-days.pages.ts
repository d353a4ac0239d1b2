import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { signInFirst } from '../accounts/next-path.ts';
import type { Services } from '../app/services.ts';
import { NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { yearLabel } from './figures.ts';
import { ledgerAnswer } from './peer-days.api.ts';
import type { PeerLedger } from './peer-days.ts';
import { peerDaysQuery } from './peer-days.schema.ts';

const pageQuery = peerDaysQuery.omit({ format: true });
const idParams = z.object({ id: z.coerce.number().int().positive() });

/** One peer's places as their ledger's table shows them. */
export function placesView(ledger: PeerLedger, names: ReadonlyMap<string, string>) {
  return {
    total: ledger.total,
    years: ledger.years,
    places: ledger.places.map((p) => ({
      ...p,
      year: yearLabel(p.programmeYear),
      giving: names.get(p.givingAreaCode) ?? p.givingAreaCode,
    })),
  };
}

/**
 * /peer-challenge/peer-days: the days the sector gives its peer challenges, by programme year and
 * by giving council, over a range of years, and since the programme began. Public like the
 * programme's figures, the same page for every reader: totals only, never a peer.
 */
export function registerPeerDaysPages(app: FastifyInstance, { peerDays }: Services) {
  app.get('/peer-challenge/peer-days', async (request, reply) => {
    // The form sends its fields left empty: those mean "not given".
    const given = Object.entries(request.query as Record<string, unknown>).filter(
      ([, v]) => v !== '',
    );
    const query = parseInput(pageQuery, Object.fromEntries(given));
    const found = await peerDays.ledger(query);
    const yearItems = (chosen: string | undefined, empty: string) => [
      { value: '', text: empty },
      ...found.available.map((y) => ({ value: y, text: yearLabel(y), selected: y === chosen })),
    ];
    const api = (format?: string) => {
      const search = new URLSearchParams({
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(format ? { format } : {}),
      }).toString();
      return `/api/v1/peer-challenge/peer-days${search ? `?${search}` : ''}`;
    };
    return reply.render('peer-challenge/views/peer-days.njk', {
      title: 'Peer days',
      found: ledgerAnswer(found),
      range: {
        from: query.from ? yearLabel(query.from) : null,
        to: query.to ? yearLabel(query.to) : null,
      },
      start: yearLabel(found.sinceStart.from),
      fromItems: yearItems(query.from, 'The first'),
      toItems: yearItems(query.to, 'The latest'),
      api: { json: api(), csv: api('csv') },
    });
  });
}

/**
 * /peer-challenge/peers/:id/days: one peer's ledger, for the programme's managers only (the
 * service refuses anyone else). Registered in an account pages' scope: `private, no-store`.
 */
export function registerPeerLedgerPages(app: FastifyInstance, { peerDays }: Services) {
  app.get('/peer-challenge/peers/:id/days', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('Peer', request.url);
    const found = await peerDays.peerDays(request.viewer, params.data.id);
    return reply.render('peer-challenge/views/peer-ledger.njk', {
      title: `Peer days given by ${found.peer.name}`,
      peer: found.peer,
      ledger: placesView(found.ledger, found.names),
    });
  });
}
