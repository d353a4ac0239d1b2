import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountsService, Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { signInFirst } from '../accounts/next-path.ts';
import type { Services } from '../app/services.ts';
import { NotFoundError } from '../shared/errors.ts';
import {
  fieldError,
  formErrorView,
  parseForm,
  typedValues,
  type FieldError,
  type FormValues,
} from '../site/forms.ts';
import { resolveConflicts, resolveCouncil } from './council-entry.ts';
import { peerForm, peerRoles, type PeerForm, type PeerInput } from './peer-pool.schema.ts';
import { PeerPoolService } from './peer-pool.service.ts';

type PeerRecord = Awaited<ReturnType<PeerPoolService['peer']>>;

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

const roleTitles: Record<(typeof peerRoles)[number], string> = {
  'chief-executive-peer': 'Chief executive peer',
  'lead-member-peer': 'Lead member peer (of the council leadership’s party)',
  'member-peer': 'Member peer',
  'officer-peer': 'Officer peer',
};

/** A peer's record as the form shows it: councils by name, lists one item a line. */
function valuesOf(peer: PeerRecord, names: ReadonlyMap<string, string>): FormValues {
  return {
    kind: peer.kind,
    name: peer.name,
    email: peer.email ?? '',
    homeCouncil: names.get(peer.home_area_code) ?? peer.home_area_code,
    party: peer.party ?? '',
    roles: [...peer.roles],
    roleTitle: peer.role_title,
    specialisms: peer.specialisms.join(', '),
    accreditedOn: peer.accredited_on ?? '',
    trainedOn: peer.trained_on ?? '',
    availability: peer.availability.map((w) => `${w.from} to ${w.to}`).join('\n'),
    conflicts: peer.conflicts
      .map((c) => `${names.get(c.areaCode) ?? c.areaCode}: ${c.reason}`)
      .join('\n'),
  };
}

type Resolved = { ok: true; input: PeerInput } | { ok: false; errors: FieldError[] };

/**
 * The form's councils resolved against the register (every one that fails is reported) and its
 * email linked to the user who has it, if any: that user then keeps the profile themselves.
 */
async function resolvePeer(
  { areas }: Services,
  accounts: AccountsService,
  form: PeerForm,
): Promise<Resolved> {
  const home = await resolveCouncil(areas, form.homeCouncil);
  const declared = await resolveConflicts(areas, form.conflicts);
  const errors: FieldError[] = home.ok ? [] : [fieldError('homeCouncil', home.text)];
  if (!declared.ok) errors.push(fieldError('conflicts', declared.text));
  if (!home.ok || !declared.ok) return { ok: false, errors };
  return {
    ok: true,
    input: {
      kind: form.kind,
      name: form.name,
      email: form.email,
      userId: form.email === null ? null : await accounts.userIdByEmail(form.email),
      homeAreaCode: home.area.code,
      party: form.party,
      roles: form.roles,
      roleTitle: form.roleTitle,
      specialisms: form.specialisms,
      accreditedOn: form.accreditedOn,
      trainedOn: form.trainedOn,
      availability: form.availability,
      conflicts: declared.conflicts,
    },
  };
}

/**
 * The programme team's record of each peer (issue 20): adding a peer who may never sign in, and
 * changing everything held of them, declared conflicts and accreditation included. Registered in
 * an account pages' scope: CSRF-checked, `private, no-store`; the service refuses anyone but the
 * programme's managers and administrators.
 */
export function registerPeerRecordPages(
  app: FastifyInstance,
  services: Services,
  accounts: AccountsService,
) {
  const { peerPool } = services;
  const render = (
    reply: FastifyReply,
    peerId: number | null,
    values: FormValues,
    errors: FieldError[] = [],
  ) =>
    reply.render('peer-challenge/views/peer-record.njk', {
      title: peerId === null ? 'Add a peer' : `Change ${String(values.name ?? 'a peer')}`,
      action:
        peerId === null ? '/peer-challenge/peers/new' : `/peer-challenge/peers/${peerId}/edit`,
      days: peerId === null ? null : `/peer-challenge/peers/${peerId}/days`,
      values,
      roleItems: peerRoles.map((role) => ({
        value: role,
        text: roleTitles[role],
        checked: [values.roles ?? []].flat().includes(role),
      })),
      ...formErrorView(errors),
    });
  const idOf = (request: FastifyRequest) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('Peer', request.url);
    return params.data.id;
  };
  const save = async (request: FastifyRequest, reply: FastifyReply, peerId: number | null) => {
    const viewer = request.viewer as Viewer;
    // Refused before the form is read: someone who may not manage learns nothing here.
    PeerPoolService.require(viewer);
    const form = parseForm(peerForm, request.body);
    if (!form.ok) return render(reply.code(400), peerId, form.values, form.errors);
    const resolved = await resolvePeer(services, accounts, form.value);
    if (!resolved.ok)
      return render(reply.code(400), peerId, typedValues(request.body), resolved.errors);
    const actor = actorOf(request, viewer);
    if (peerId === null) await peerPool.addPeer(actor, resolved.input);
    else await peerPool.updatePeer(actor, peerId, resolved.input);
    return reply.redirect('/peer-challenge/peers', 303);
  };

  app.get('/peer-challenge/peers/new', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    PeerPoolService.require(request.viewer);
    return render(reply, null, { kind: 'officer' });
  });
  app.post('/peer-challenge/peers/new', (request, reply) => save(request, reply, null));

  app.get('/peer-challenge/peers/:id/edit', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const peer = await peerPool.peer(request.viewer, idOf(request));
    const codes = [peer.home_area_code, ...peer.conflicts.map((c) => c.areaCode)];
    const names = await services.areas.namesOf(codes);
    return render(reply, peer.id, valuesOf(peer, names));
  });
  app.post('/peer-challenge/peers/:id/edit', (request, reply) =>
    save(request, reply, idOf(request)),
  );
}
