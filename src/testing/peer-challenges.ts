import type { PageActor } from '../accounts/actor.ts';
import type { Role } from '../accounts/roles.ts';
import type { Services } from '../app/services.ts';
import type { TestApp } from './app.ts';
import { pageActorOf } from '../accounts/accounts.fixture.ts';
import { newUser } from './fixtures.ts';
import { HttpBrowser } from './http-browser.ts';

/** Someone signed in to a test app: their user, a browser holding their session, an actor. */
export interface SignedIn {
  id: number;
  browser: HttpBrowser;
  actor: PageActor;
}

export async function signedIn(t: TestApp, role: Role, organisation: string): Promise<SignedIn> {
  const person = await newUser(t.database, { role, organisation });
  const browser = new HttpBrowser(t.app);
  await browser.signIn(person.email, person.password);
  return {
    id: person.id,
    browser,
    actor: pageActorOf(person, organisation, role),
  };
}

/**
 * A corporate peer challenge of Hartlepool (E06000001) in 2026/27 whose team is assembled, with
 * peers from Stockton-on-Tees and Darlington who signed in and accepted a place, and one from
 * Middlesbrough still invited; `visit` moves it on site from Tuesday 9 June 2026, and to its
 * feedback on Thursday 11 June.
 */
export async function assembledChallenge(services: Services, t: TestApp, manager: PageActor) {
  const id = await services.peerChallenges.record(manager, {
    type: 'corporate-peer-challenge',
    areaCode: 'E06000001',
    programmeYear: '2026-27',
    window: { start: '2026-06-01', end: '2026-06-30' },
    transitions: [
      { to: 'requested', on: '2026-01-05' },
      { to: 'scoping', on: '2026-02-02' },
      { to: 'team-assembled', on: '2026-05-04' },
    ],
  });
  const peer = async (name: string, home: string, status: 'accepted' | 'invited') => {
    const user = await signedIn(t, 'analyst', 'lga');
    const peerId = await services.peerPool.addPeer(manager, {
      kind: 'officer',
      name,
      homeAreaCode: home,
      roles: ['officer-peer'],
      roleTitle: 'Director',
      accreditedOn: '2020-01-01',
      userId: user.id,
    });
    await t.database.db
      .insertInto('peer_challenge_members')
      .values({ challenge_id: id, peer_id: peerId, role: 'officer-peer', status })
      .execute();
    return { ...user, peerId };
  };
  return {
    id,
    stockton: await peer('Zebra Stockton', 'E06000004', 'accepted'),
    darlington: await peer('Zebra Darlington', 'E06000005', 'accepted'),
    middlesbrough: await peer('Zebra Middlesbrough', 'E06000002', 'invited'),
    visit: async (through: 'on-site' | 'feedback-given') => {
      await services.peerChallenges.advance(
        manager,
        id,
        { kind: 'arrive-on-site', on: '2026-06-09' },
        '2026-12-01',
      );
      if (through === 'feedback-given')
        await services.peerChallenges.advance(
          manager,
          id,
          { kind: 'give-feedback', on: '2026-06-11' },
          '2026-12-01',
        );
    },
  };
}

/**
 * An accredited officer peer from the North East, as the pool's repository takes one, with no
 * availability or conflicts: the peer the access tests put on a team or hide from the public.
 */
export function officerPeerRow(peer: {
  name: string;
  homeAreaCode: string;
  userId: number | null;
  role: 'chief-executive-peer' | 'officer-peer';
}) {
  return {
    kind: 'officer' as const,
    name: peer.name,
    email: null,
    user_id: peer.userId,
    home_area_code: peer.homeAreaCode,
    party: null,
    roles: [peer.role],
    role_title: peer.role === 'chief-executive-peer' ? 'Chief executive' : 'Director',
    specialisms: [],
    accredited_on: '2025-01-01',
    trained_on: null,
    region_code: 'E12000001',
    illustrative: false,
    availability: [],
    conflicts: [],
  };
}
