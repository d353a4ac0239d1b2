import { z } from 'zod';
import { fieldError, type FieldError } from '../site/forms.ts';
import type { AccountsService, Viewer } from './accounts.service.ts';
import { visibilities, visibilityWords } from './sharing.ts';

/** The two fields of every form that shares something: who sees it, and its organisation. */
export const sharingFields = {
  visibility: z.enum(visibilities, { error: 'Choose who can see it' }),
  organisation: z.string().max(100).optional(),
};

/**
 * The organisation a submission shares with, when it is one the viewer may save in; and the
 * problem when it shares with an organisation without naming one of those.
 */
export function sharedOrganisation(
  body: Record<string, unknown>,
  allowed: readonly string[],
): { code: string | null; error: FieldError | null } {
  const given = typeof body['organisation'] === 'string' ? body['organisation'] : '';
  const code = allowed.includes(given) ? given : null;
  const missing = body['visibility'] === 'organisation' && code === null;
  return {
    code,
    error: missing ? fieldError('organisation', 'Choose the organisation to share it with') : null,
  };
}

/** The radios of a sharing form: who can see it, and the organisations it may belong to. */
export async function sharingChoices(
  accounts: AccountsService,
  allowed: readonly string[],
  viewer: Viewer,
  values: Readonly<Record<string, unknown>>,
) {
  const held = await accounts.memberships(viewer.userId);
  const named = new Map(held.map((m) => [m.organisation, m.organisationName]));
  return {
    organisations: [...new Set(allowed)].map((code) => ({
      value: code,
      text: named.get(code) ?? code,
      checked: code === values['organisation'],
    })),
    visibilities: visibilities.map((v) => ({
      value: v,
      text: visibilityWords[v],
      checked: v === (values['visibility'] ?? 'private'),
    })),
  };
}
