import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mayAct, roles, type Membership, type Permission } from '../accounts/roles.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { confirmTwoFactor, sessionFor } from '../testing/signed-in.ts';
import { lodgeValues } from '../testing/values.ts';

/*
 * Issue 17, "0 actions allowed beyond a role": every role, held at the council whose data is
 * acted on and at another council, and an administrator and the public, asks for every action's
 * form, and posts the forms that write. Each is let in exactly when the permission vocabulary
 * (roles.ts) says its roles reach; otherwise it is sent to sign in, refused, or told that the
 * thing does not exist, and never shown the form.
 */
const council = 'E06000001';
const elsewhere = 'E06000005';
const period = '2024-01-01%2FP1Y';

interface Action {
  name: string;
  url: string;
  /** What the action needs, on what organisation's data (null: the service's own). */
  needs: { permission: Permission; organisation: string | null };
  /** Text only the form shows. */
  form: RegExp;
  /**
   * The action is on something only the organisation's own people see yet (an embargoed value):
   * an administrator elsewhere, whose reach is everywhere, is still not shown it.
   */
  unpublished?: boolean;
  /** A post that would write, when it may: let in, it fails the form's own checks (400). */
  post?: Record<string, string>;
}

const actions: Action[] = [
  {
    name: 'upload data',
    url: `/organisations/${council}/data/upload`,
    needs: { permission: 'lodge-data', organisation: council },
    form: /type="file"/,
  },
  {
    name: 'correct a value',
    url: `/metrics/action-rate/areas/${council}/correct?period=${period}`,
    needs: { permission: 'lodge-data', organisation: council },
    form: /Save correction/,
    unpublished: true,
    post: { period: '2024-01-01/P1Y', value: 'x', lci: '', uci: '', status: 'ok', reason: '' },
  },
  {
    name: 'read the audit trail',
    url: '/admin/audit',
    needs: { permission: 'read-audit', organisation: null },
    form: /<h1 class="govuk-heading-l">Audit trail<\/h1>/,
  },
  {
    name: 'start a data collection',
    url: '/admin/collections/new',
    needs: { permission: 'manage-service', organisation: null },
    form: /Create collection/,
    post: { title: '' },
  },
];

/** Where a post goes: the form's own address, without its query. */
const target = (action: Action) =>
  action.name === 'start a data collection'
    ? '/admin/collections'
    : `/metrics/action-rate/areas/${council}/correct`;

describe('the action matrix', () => {
  let t: TestApp;
  const viewers = new Map<string, { cookie: string; csrf: string; memberships: Membership[] }>();

  before(async () => {
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    const db = t.database;
    for (const role of roles)
      for (const organisation of [council, elsewhere]) {
        const user = await newUser(db, { organisation, role });
        if (role === 'administrator') await confirmTwoFactor(db, user.id);
        viewers.set(`${role} at ${organisation}`, {
          ...(await sessionFor(db, user.id)),
          memberships: [{ organisation, role }],
        });
      }
    viewers.set('the public', { cookie: '', csrf: '', memberships: [] });
    const steward = await newUser(db, { organisation: council, role: 'data-steward' });
    await lodgeValues(
      db,
      'action-rate',
      '2024',
      { [council]: 5 },
      {
        organisation: council,
        user: steward,
      },
    );
  });
  after(() => t.close());

  it('lets each role do exactly what its permissions allow, and nothing more', async () => {
    let allowed = 0;
    for (const action of actions)
      for (const [name, viewer] of viewers) {
        const may =
          mayAct(viewer.memberships, action.needs.permission, action.needs.organisation) &&
          (!action.unpublished ||
            viewer.memberships.some((m) => m.organisation === action.needs.organisation));
        const headers = viewer.cookie ? { cookie: viewer.cookie } : {};
        const page = await t.app.inject({ method: 'GET', url: action.url, headers });
        const label = `${name}: ${action.name}`;
        if (may) {
          allowed += 1;
          assert.equal(page.statusCode, 200, `${label}: ${page.body.slice(0, 300)}`);
          assert.match(page.body, action.form, label);
        } else {
          assert.ok([303, 401, 403, 404].includes(page.statusCode), `${label}: ${page.statusCode}`);
          assert.doesNotMatch(page.body, action.form, label);
        }
        if (!action.post || !viewer.cookie) continue;
        const posted = await t.app.inject({
          method: 'POST',
          url: target(action),
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ csrf: viewer.csrf, ...action.post }).toString(),
        });
        assert.equal(posted.statusCode === 400, may, `${label}, posted: ${posted.statusCode}`);
        if (!may)
          assert.ok([403, 404].includes(posted.statusCode), `${label}: ${posted.statusCode}`);
      }
    // Uploading: the council's steward and both administrators; correcting its embargoed value:
    // its steward and its own administrator; the service's two actions: both administrators.
    // The matrix is not passed by refusing everyone.
    assert.equal(allowed, 3 + 2 + 2 + 2);
  });
});
