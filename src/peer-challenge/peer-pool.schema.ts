import { z } from 'zod';
import { isIsoDate } from './dates.ts';
import { peerKinds, teamRoles } from './vocabulary.ts';

// isIsoDate, not Date parsing: zod runs every check, so a refinement must answer for any text.
const day = z.string().refine(isIsoDate, { error: 'must be a real date, such as 2027-03-01' });

const gss = z.string().regex(/^E\d{8}$/, { error: 'must be an English council’s GSS code' });
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be a kebab-case slug' });

/** The roles a peer can fill: every team role but the manager's, who is programme staff. */
export const peerRoles = teamRoles.filter((r) => r !== 'manager');
const peerRole = z.enum(peerRoles as [(typeof peerRoles)[number], ...typeof peerRoles]);

export const availabilityWindow = z
  .object({ from: day, to: day })
  .refine((w) => w.to >= w.from, { error: 'must end on or after the day it starts' });

/** A peer as the programme team records them. */
export const peerInput = z
  .object({
    kind: z.enum(peerKinds),
    name: z.string().trim().min(1).max(200),
    email: z.email().nullable().default(null),
    userId: z.number().int().positive().nullable().default(null),
    homeAreaCode: gss,
    party: z.string().trim().min(1).max(100).nullable().default(null),
    roles: z.array(peerRole).min(1),
    roleTitle: z.string().trim().min(1).max(200),
    specialisms: z.array(slug).default([]),
    accreditedOn: day.nullable().default(null),
    trainedOn: day.nullable().default(null),
    availability: z.array(availabilityWindow).default([]),
    conflicts: z
      .array(z.object({ areaCode: gss, reason: z.string().trim().min(1).max(500) }))
      .default([]),
  })
  .strict()
  .refine((p) => (p.kind === 'member') === (p.party !== null), {
    error: 'member peers have a party (or "Independent"); officer peers have none',
    path: ['party'],
  });
export type PeerInput = z.input<typeof peerInput>;

/** "2027-03-01 to 2027-03-31", one a line, as the profile form takes availability. */
const windowLine = /^(\d{4}-\d{2}-\d{2})\s+to\s+(\d{4}-\d{2}-\d{2})$/;

/** Specialisms as a form takes them: words separated by commas, each made a slug. */
const specialismList = z
  .string()
  .trim()
  .transform((text) =>
    text === ''
      ? []
      : text.split(',').map((s) =>
          s
            .trim()
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, ''),
        ),
  )
  .refine((list) => list.every((s) => s !== ''), {
    error: 'Enter specialisms separated by commas, such as finance, housing',
  });

/** Availability windows as a form takes them: one a line, "2027-03-01 to 2027-03-31". */
const availabilityLines = z
  .string()
  .trim()
  .transform((text) => (text === '' ? [] : text.split(/\r?\n/).map((l) => l.trim())))
  .refine((lines) => lines.every((l) => windowLine.test(l)), {
    error: 'Enter each window on its own line, such as 2027-03-01 to 2027-03-31',
  })
  .transform((lines) =>
    lines.map((l) => {
      const [, from = '', to = ''] = windowLine.exec(l) ?? [];
      return { from, to };
    }),
  )
  .refine((windows) => windows.every((w) => availabilityWindow.safeParse(w).success), {
    error: 'Each window must be real dates, ending on or after it starts',
  });

/**
 * What the scoping meeting settles for team assembly: the party the council's leadership sits
 * for (the lead member peer shares it, the other member peer does not) and the specialisms the
 * council asked the officer peers to bring.
 */
export const scopingForm = z.object({
  leadershipParty: z
    .string()
    .trim()
    .min(1, { error: 'Enter the party of the council’s leadership, such as Labour or Independent' })
    .max(100, { error: 'The party must be 100 characters or fewer' }),
  scopingSpecialisms: specialismList,
});
export type ScopingChange = z.output<typeof scopingForm>;

const optionalDay = z
  .string()
  .trim()
  .refine((text) => text === '' || day.safeParse(text).success, {
    error: 'Enter a real date, such as 2027-03-01, or leave it empty',
  })
  .transform((text) => (text === '' ? null : text));

/** "Council: reason", one a line, as the programme team's form takes declared conflicts. */
const conflictLine = /^([^:]+):\s*(.+)$/;

/** Declared conflicts, one a line: the councils are names or codes still to be resolved. */
const conflictLines = z
  .string()
  .trim()
  .transform((text) => (text === '' ? [] : text.split(/\r?\n/).map((l) => l.trim())))
  .refine((lines) => lines.every((l) => conflictLine.test(l)), {
    error:
      'Enter each conflict on its own line as council: reason, such as Hartlepool: former employer',
  })
  .transform((lines) =>
    lines.map((l) => {
      const [, council = '', reason = ''] = conflictLine.exec(l) ?? [];
      return { council: council.trim(), reason: reason.trim() };
    }),
  );

/**
 * A peer as the programme team's form sends it. The councils (home and conflicts) are names or
 * codes still to be resolved against the register; the email, when a user has it, links them.
 */
export const peerForm = z
  .object({
    kind: z.enum(peerKinds, { error: 'Choose whether they are a member or an officer peer' }),
    name: z
      .string()
      .trim()
      .min(1, { error: 'Enter the peer’s name' })
      .max(200, { error: 'The name must be 200 characters or fewer' }),
    email: z
      .string()
      .trim()
      .refine((text) => text === '' || z.email().safeParse(text).success, {
        error: 'Enter an email address such as name@example.org, or leave it empty',
      })
      .transform((text) => (text === '' ? null : text)),
    homeCouncil: z.string().trim().min(1, { error: 'Enter their council, by name or GSS code' }),
    party: z
      .string()
      .trim()
      .max(100, { error: 'The party must be 100 characters or fewer' })
      .transform((text) => (text === '' ? null : text)),
    roles: z
      .union([z.string(), z.array(z.string())])
      .default([])
      .transform((v) => [v].flat().filter((role) => role !== ''))
      .pipe(z.array(peerRole).min(1, { error: 'Choose at least one role they can fill' })),
    roleTitle: z
      .string()
      .trim()
      .min(1, { error: 'Enter their role, such as Leader or Chief executive' })
      .max(200, { error: 'The role must be 200 characters or fewer' }),
    specialisms: specialismList,
    accreditedOn: optionalDay,
    trainedOn: optionalDay,
    availability: availabilityLines,
    conflicts: conflictLines,
  })
  .refine((p) => p.kind === 'officer' || p.party !== null, {
    error: 'Enter the party a member peer sits for, or Independent',
    path: ['party'],
  })
  .refine((p) => p.kind === 'member' || p.party === null, {
    error: 'Officer peers serve for no party: leave the party empty',
    path: ['party'],
  });
export type PeerForm = z.output<typeof peerForm>;

/** What a signed-in peer may change of their own profile, as the form sends it. */
export const profileForm = z.object({
  roleTitle: z
    .string()
    .trim()
    .min(1, { error: 'Enter your role, such as Leader or Chief executive' })
    .max(200, { error: 'Your role must be 200 characters or fewer' }),
  specialisms: specialismList,
  availability: availabilityLines,
  // A form from before peers declared their own conflicts sends none: it leaves them as they are.
  conflicts: z.string().optional().pipe(conflictLines.optional()),
});
export type ProfileChange = z.output<typeof profileForm>;

/** The team a manager confirms: each peer in a role, with why when the proposal left them out. */
export const teamInput = z
  .array(
    z.object({
      peerId: z.number().int().positive(),
      role: peerRole,
      overrideReason: z.string().trim().max(1000).nullable().default(null),
    }),
  )
  .min(1, { error: 'Choose at least one peer for the team' });
export type TeamChoice = z.input<typeof teamInput>;

export const invitationAnswer = z.enum(['accept', 'decline']);

export const poolQuery = z.object({
  kind: z.enum(peerKinds).optional().catch(undefined),
  specialism: slug.optional().catch(undefined),
  region: z
    .string()
    .regex(/^E12\d{6}$/)
    .optional()
    .catch(undefined),
});
