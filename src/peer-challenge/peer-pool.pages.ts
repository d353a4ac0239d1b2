import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import type { Services } from '../app/services.ts';
import { publicBase } from '../accounts/users.command.ts';
import { signInFirst } from '../accounts/next-path.ts';
import type { Config } from '../config/config.ts';
import { createMailer, type MailMessage } from '../mail/mailer.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import {
  fieldError,
  formErrorView,
  parseForm,
  typedValues,
  type FieldError,
  type FormValues,
} from '../site/forms.ts';
import { challengeType } from './challenge-types.ts';
import { stageOf } from './figures.ts';
import { placesView } from './peer-days.pages.ts';
import { poolQuery, profileForm, scopingForm, type TeamChoice } from './peer-pool.schema.ts';
import { PeerPoolService, TeamRefused, type TeamProposal } from './peer-pool.service.ts';
import { teamRoles, type TeamRole } from './vocabulary.ts';

type PoolRecord = Awaited<ReturnType<PeerPoolService['pool']>>['peers'][number];

const idParams = z.object({ id: z.coerce.number().int().positive() });
const teamForm = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
/** Each peer's box is a field of its own, `peer-<id>`, its value the role: forms keep one value a name. */
const pickedField = /^peer-(\d+)$/;

function idOf(request: FastifyRequest): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Peer challenge', request.url);
  return params.data.id;
}

const roleNames: Record<TeamRole, string> = {
  'chief-executive-peer': 'Chief executive peer',
  'lead-member-peer': 'Lead member peer',
  'member-peer': 'Member peer',
  'officer-peer': 'Officer peer',
  manager: 'Peer challenge manager',
};
const roleName = (role: TeamRole) => roleNames[role];

function peerLine(peer: PoolRecord | undefined, names: ReadonlyMap<string, string>) {
  if (!peer) return { name: 'Unknown peer', home: '', title: '', specialisms: '' };
  return {
    name: peer.name,
    home: names.get(peer.home_area_code) ?? peer.home_area_code,
    title: peer.party ? `${peer.role_title} (${peer.party})` : peer.role_title,
    specialisms: peer.specialisms.join(', '),
  };
}

/** The proposal as the team page shows it: each place with why, the left out with why not. */
function proposalView(
  proposal: Extract<TeamProposal, { status: 'matched' }>,
  names: ReadonlyMap<string, string>,
  values: FormValues,
) {
  const needed: readonly TeamRole[] = proposal.matching.roles.map((r) => r.role);
  const fresh = Object.keys(values).length === 0;
  const result = proposal.result;
  const places =
    result.status === 'proposed'
      ? result.team.map((place) => ({
          role: roleName(place.role),
          uncovered: place.uncoveredSpecialisms.join(', '),
          peers: place.peers.map((p) => {
            const value = place.role;
            const why = [
              p.cost.travel === 0 ? 'from the council’s own region' : null,
              p.cost.experience === 0 ? 'has been a peer at similar councils' : null,
              p.cost.load === 0 ? 'on no other challenge this year' : null,
            ].filter((w) => w !== null);
            return {
              ...peerLine(proposal.peers.get(p.id), names),
              id: p.id,
              value,
              checked: fresh || values[`peer-${p.id}`] === value,
              why: why.length > 0 ? why.join('; ') : 'the best fit the pool offers',
            };
          }),
        }))
      : [];
  const leftOut = result.leftOut.flatMap((l) => {
    const peer = proposal.peers.get(l.id);
    const role = peer?.roles.find((r) => needed.includes(r));
    if (!peer || !role) return [];
    return [
      {
        ...peerLine(peer, names),
        id: l.id,
        value: role,
        role: roleName(role),
        checked: values[`peer-${l.id}`] === role,
        reasons: l.reasons.join('; '),
        reason: typeof values[`reason-${l.id}`] === 'string' ? values[`reason-${l.id}`] : '',
      },
    ];
  });
  const unmet = result.status === 'infeasible' ? result.unmet.map((u) => u.message) : [];
  return { places, leftOut, unmet };
}

/** The ticked peers, each with the reason typed beside them: the team the manager confirms. */
function choiceOf(body: z.infer<typeof teamForm>): TeamChoice {
  return Object.entries(body).flatMap(([field, value]) => {
    const id = pickedField.exec(field)?.[1];
    const role = teamRoles.find((r) => r === value);
    if (id === undefined || !role || role === 'manager') return [];
    const reason = body[`reason-${id}`];
    return [
      {
        peerId: Number(id),
        role,
        overrideReason: typeof reason === 'string' && reason.trim() !== '' ? reason : null,
      },
    ];
  });
}

/** An email to each peer newly on the team who has an address, asking them to answer. */
function invitations(
  confirmed: Awaited<ReturnType<PeerPoolService['confirmTeam']>>,
  base: string,
): MailMessage[] {
  const what = `${challengeType(confirmed.challenge.type).title.toLowerCase()} at ${confirmed.area.name}`;
  const when = confirmed.challenge.window_start
    ? ` between ${confirmed.challenge.window_start} and ${confirmed.challenge.window_end}`
    : '';
  return confirmed.newlyInvited.flatMap((peer) =>
    peer.email === null
      ? []
      : [
          {
            to: peer.email,
            subject: `You are invited to join a peer challenge team: ${confirmed.area.name}`,
            text: [
              `Dear ${peer.name},`,
              '',
              `You are invited to join the team for the ${what}${when}.`,
              '',
              `Accept or decline on your peer profile: ${base}/account/peer-profile#invitations`,
            ].join('\n'),
          },
        ],
  );
}

/**
 * The peer pool's pages (issue 20): the pool for the programme team, a challenge's proposed team
 * with a form to confirm it, and a signed-in peer's own profile. Registered in an account pages'
 * scope: forms CSRF-checked, every answer `private, no-store`; the service decides who may see.
 */
export function registerPeerPoolPages(app: FastifyInstance, services: Services, config: Config) {
  const { peerPool, areas } = services;
  const dataDir = config.dataDir;
  const mailer = createMailer(config.mail, (line) => app.log.info(line));
  const base = publicBase(config);

  app.get('/peer-challenge/peers', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const query = poolQuery.parse(request.query);
    const pool = await peerPool.pool(request.viewer, query);
    return reply.render('peer-challenge/views/peers.njk', {
      title: 'Peer pool',
      query,
      peers: pool.peers.map((p) => ({
        ...peerLine(p, pool.names),
        href: `/peer-challenge/peers/${p.id}/edit`,
        kind: p.kind === 'member' ? 'Member' : 'Officer',
        region: pool.names.get(p.region_code) ?? p.region_code,
        accredited: p.accredited_on ?? 'Not accredited',
        availability: p.availability.length,
        illustrative: p.illustrative,
      })),
      kindItems: [
        { value: '', text: 'Any' },
        { value: 'member', text: 'Member peers', selected: query.kind === 'member' },
        { value: 'officer', text: 'Officer peers', selected: query.kind === 'officer' },
      ],
      specialismItems: [
        { value: '', text: 'Any' },
        ...pool.specialisms.map((s) => ({ value: s, text: s, selected: query.specialism === s })),
      ],
      regionItems: [
        { value: '', text: 'Any' },
        ...pool.regions.map((r) => ({
          value: r.code,
          text: r.name,
          selected: query.region === r.code,
        })),
      ],
    });
  });

  const teamPage = async (
    reply: FastifyReply,
    viewer: Viewer,
    id: number,
    form: { errors: FieldError[]; values: FormValues; scoping?: FormValues } = {
      errors: [],
      values: {},
    },
  ) => {
    const proposal = await peerPool.proposeTeam(viewer, id, dataDir);
    const saved = await peerPool.team(viewer, id);
    const type = challengeType(proposal.challenge.type);
    const homes = proposal.status === 'matched' ? [...proposal.peers.values()] : [];
    const names = await areas.namesOf([...new Set(homes.map((p) => p.home_area_code))]);
    return reply.render('peer-challenge/views/team.njk', {
      title: `Team for the ${type.title.toLowerCase()} at ${proposal.area.name}`,
      challenge: {
        id,
        type: type.title,
        area: proposal.area.name,
        window: proposal.challenge.window_start
          ? `${proposal.challenge.window_start} to ${proposal.challenge.window_end}`
          : null,
        party: proposal.challenge.leadership_party ?? 'not recorded',
        scoping: proposal.challenge.scoping_specialisms.join(', ') || 'none recorded',
      },
      scoping: form.scoping ?? {
        leadershipParty: proposal.challenge.leadership_party ?? '',
        scopingSpecialisms: proposal.challenge.scoping_specialisms.join(', '),
      },
      needsWindow: proposal.status === 'needs-window',
      notes: proposal.status === 'matched' ? proposal.notes : [],
      ...(proposal.status === 'matched'
        ? proposalView(proposal, names, form.values)
        : { places: [], leftOut: [], unmet: [] }),
      saved: saved.map((m) => ({
        name: m.name,
        role: roleName(m.role),
        status: m.status,
        reason: m.override_reason ?? '',
      })),
      ...formErrorView(form.errors),
    });
  };

  app.get('/peer-challenge/challenges/:id/team', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    return teamPage(reply, request.viewer, idOf(request));
  });

  app.post('/peer-challenge/challenges/:id/team', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const id = idOf(request);
    // Refused before the form is read: someone who may not manage learns nothing here.
    PeerPoolService.require(viewer);
    const body = teamForm.safeParse(request.body);
    const values = body.success ? body.data : {};
    const choice = body.success ? choiceOf(body.data) : [];
    try {
      if (choice.length === 0)
        throw new TeamRefused([{ field: 'peer', text: 'Choose at least one peer for the team' }]);
      const confirmed = await peerPool.confirmTeam(actorOf(request, viewer), id, choice, dataDir);
      for (const message of invitations(confirmed, base)) await mailer.send(message);
    } catch (error) {
      if (!(error instanceof TeamRefused)) throw error;
      return teamPage(reply.code(400), viewer, id, {
        errors: error.problems.map((p) => fieldError(p.field, p.text)),
        values,
      });
    }
    return reply.redirect(`/peer-challenge/challenges/${id}/team#saved`, 303);
  });

  app.post('/peer-challenge/challenges/:id/scoping', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const id = idOf(request);
    PeerPoolService.require(viewer);
    const form = parseForm(scopingForm, request.body);
    if (!form.ok)
      return teamPage(reply.code(400), viewer, id, {
        errors: form.errors,
        values: {},
        scoping: form.values,
      });
    await peerPool.recordScoping(actorOf(request, viewer), id, request.body);
    return reply.redirect(`/peer-challenge/challenges/${id}/team`, 303);
  });

  const profilePage = async (
    reply: FastifyReply,
    viewer: Viewer,
    form: { errors: FieldError[]; values: FormValues } | null = null,
  ) => {
    const own = await peerPool.ownProfile(viewer);
    if (!own) throw new ForbiddenError('You are not a peer in the pool');
    const days = await services.peerDays.ownDays(viewer);
    const { peer } = own;
    const names = await areas.namesOf([
      peer.home_area_code,
      ...own.invitations.map((i) => i.area_code),
      ...peer.conflicts.map((c) => c.areaCode),
    ]);
    return reply.render('peer-challenge/views/profile.njk', {
      title: 'Your peer profile',
      peer: { ...peerLine(peer, names), accredited: peer.accredited_on ?? 'Not accredited' },
      values: form?.values ?? {
        roleTitle: peer.role_title,
        specialisms: peer.specialisms.join(', '),
        availability: peer.availability.map((w) => `${w.from} to ${w.to}`).join('\n'),
        conflicts: peer.conflicts
          .map((c) => `${names.get(c.areaCode) ?? c.areaCode}: ${c.reason}`)
          .join('\n'),
      },
      invitations: own.invitations.map((i) => ({
        id: i.challenge_id,
        title: `${challengeType(i.type).title}, ${names.get(i.area_code) ?? i.area_code}`,
        window: i.window_start ? `${i.window_start} to ${i.window_end}` : 'Window not booked',
        role: roleName(i.role),
        status: i.status,
        survey: i.status === 'accepted' && stageOf(i.state, false) === 'delivered',
      })),
      days: days ? placesView(days.ledger, days.names) : null,
      ...formErrorView(form?.errors ?? []),
    });
  };

  app.get('/account/peer-profile', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    return profilePage(reply, request.viewer);
  });

  app.post('/account/peer-profile', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const form = parseForm(profileForm, request.body);
    if (!form.ok)
      return profilePage(reply.code(400), viewer, { errors: form.errors, values: form.values });
    try {
      await peerPool.updateOwnProfile(actorOf(request, viewer), request.body);
    } catch (error) {
      // A council the register does not know: said beside the field, with what was typed.
      if (!(error instanceof BadRequestError) || error.parameter !== 'conflicts') throw error;
      const errors = [fieldError('conflicts', error.message)];
      return profilePage(reply.code(400), viewer, { errors, values: typedValues(request.body) });
    }
    return reply.redirect('/account/peer-profile', 303);
  });

  app.post('/account/peer-profile/invitations/:id', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const answer = z.object({ answer: z.string() }).safeParse(request.body);
    if (!answer.success) throw new BadRequestError('Choose accept or decline', 'answer');
    await peerPool.answerInvitation(actorOf(request, viewer), idOf(request), answer.data.answer);
    return reply.redirect('/account/peer-profile#invitations', 303);
  });
}
