import { z } from 'zod';
import {
  challengeTypes,
  teamRoles,
  type ChallengeType,
  type PeerKind,
  type TeamRole,
} from './vocabulary.ts';

/*
 * What each kind of challenge is (issue 20), as versioned configuration reviewed in the
 * repository like the baskets and the early-warning rules: its length on site, the team it needs
 * (which the team-matching solver must honour) and the core components every challenge of the
 * type covers. A change here is a new version of the set.
 */

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens');

/**
 * A member peer's party against the party that leads the council: the lead member peer shares
 * it (a leader speaks to a leader of their own party), another member peer does not, so that
 * the team is politically balanced.
 */
export const partyRules = ['same-as-leadership', 'other-than-leadership'] as const;
export type PartyRule = (typeof partyRules)[number];

/** Which peers a role's peers must be, by the role: the manager is programme staff, no peer. */
const kindOfRole: Record<TeamRole, PeerKind | null> = {
  'chief-executive-peer': 'officer',
  'lead-member-peer': 'member',
  'member-peer': 'member',
  'officer-peer': 'officer',
  manager: null,
};

export const roleRequirement = z
  .object({
    role: z.enum(teamRoles),
    /** The role as the team and the council know it: "Lead member peer (Conservative)". */
    title: z.string().min(1),
    min: z.number().int().min(0),
    max: z.number().int().positive(),
    party: z.enum(partyRules).optional(),
    /**
     * Specialisms the role's peers should bring between them: named here, or "from-scoping":
     * those the scoping meeting asks for. The team matching counts each one no peer in the
     * role holds against a proposed team (matching.model.ts rolesFor), rather than refusing it.
     */
    specialisms: z.union([z.literal('from-scoping'), z.array(slug).min(1)]).optional(),
    /** Why the role is there, in plain words, for the manager choosing the team. */
    why: z.string().min(1),
  })
  .strict()
  .superRefine((requirement, context) => {
    const issue = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (requirement.max < requirement.min) issue('max', 'max is less than min');
    if (requirement.party && kindOfRole[requirement.role] !== 'member')
      issue('party', 'only a member peer’s role has a party rule');
    if (requirement.role === 'manager' && (requirement.min !== 1 || requirement.max !== 1))
      issue('min', 'a challenge has exactly one manager');
  });
export type RoleRequirement = z.infer<typeof roleRequirement>;

export const coreComponent = z
  .object({ slug, title: z.string().min(1), description: z.string().min(1) })
  .strict();
export type CoreComponent = z.infer<typeof coreComponent>;

export const challengeTypeDefinition = z
  .object({
    type: z.enum(challengeTypes),
    title: z.string().min(1),
    description: z.string().min(1),
    /** Working days the team spends on site unless the scoping agrees otherwise. */
    defaultDaysOnSite: z.number().int().min(1).max(5),
    /**
     * Days each peer gives before the visit: reading the position statement and the data pack,
     * and the team's briefing. They count in the peer days ledger (peer-days.ts) beside the
     * days on site, since the programme counts every day a peer's council gives up, not only
     * those spent at the challenged council. A service challenge with a case-file audit, or a
     * finance review with the accounts to read, asks two; a short, focused one asks one.
     */
    preparationDays: z.number().int().min(0).max(5),
    /**
     * Days each peer gives after it: agreeing the feedback and commenting on the report the
     * manager drafts. A progress review writes no report of the team's, only the manager's
     * letter, so it asks none.
     */
    reportDays: z.number().int().min(0).max(5),
    /** Whether a progress review follows the action plan, about ten months after the visit. */
    progressReviewFollows: z.boolean(),
    team: z.array(roleRequirement).min(2),
    components: z.array(coreComponent).min(1),
  })
  .strict()
  .superRefine((definition, context) => {
    const roles = definition.team.map((r) => r.role);
    const twice = roles.find((role, i) => roles.indexOf(role) !== i);
    if (twice !== undefined)
      context.addIssue({ code: 'custom', path: ['team'], message: `${twice} is listed twice` });
    if (!roles.includes('manager'))
      context.addIssue({ code: 'custom', path: ['team'], message: 'a team needs its manager' });
    const peers = definition.team.filter((r) => r.role !== 'manager');
    if (peers.reduce((sum, r) => sum + r.min, 0) < 2)
      context.addIssue({ code: 'custom', path: ['team'], message: 'a team needs two peers' });
    const components = definition.components.map((c) => c.slug);
    const again = components.find((s, i) => components.indexOf(s) !== i);
    if (again !== undefined)
      context.addIssue({ code: 'custom', path: ['components'], message: `${again} twice` });
  });
export type ChallengeTypeDefinitionInput = z.input<typeof challengeTypeDefinition>;
export type ChallengeTypeDefinition = z.output<typeof challengeTypeDefinition>;

/** The whole set, which must define every type of the vocabulary exactly once. */
export const challengeTypeSet = z
  .object({
    version: z.number().int().positive(),
    types: z.array(challengeTypeDefinition),
  })
  .strict()
  .superRefine((set, context) => {
    for (const type of challengeTypes) {
      const count = set.types.filter((t) => t.type === type).length;
      if (count !== 1)
        context.addIssue({
          code: 'custom',
          path: ['types'],
          message: `${type} is defined ${count === 0 ? 'nowhere' : `${count} times`}`,
        });
    }
  });
export type ChallengeTypeSetInput = z.input<typeof challengeTypeSet>;
export type ChallengeTypeSet = z.output<typeof challengeTypeSet>;

const manager: ChallengeTypeDefinitionInput['team'][number] = {
  role: 'manager',
  title: 'Peer challenge manager',
  min: 1,
  max: 1,
  why: 'Scopes the challenge with the council, organises the team and the visit, and writes the report with the team.',
};

const component = (slug: string, title: string, description: string) => ({
  slug,
  title,
  description,
});

const readyMade: ChallengeTypeSetInput = {
  version: 1,
  types: [
    {
      type: 'corporate-peer-challenge',
      title: 'Corporate peer challenge',
      description:
        'The whole council, looked at by serving councillors and senior officers from elsewhere: every council is offered one at least every four to five years.',
      defaultDaysOnSite: 4,
      preparationDays: 2,
      reportDays: 1,
      progressReviewFollows: true,
      team: [
        {
          role: 'chief-executive-peer',
          title: 'Chief executive peer',
          min: 1,
          max: 1,
          why: 'A serving chief executive, who speaks to the chief executive and the senior team as a peer.',
        },
        {
          role: 'lead-member-peer',
          title: 'Lead member peer',
          min: 1,
          max: 1,
          party: 'same-as-leadership',
          why: 'A leader or senior councillor of the same party as the council’s leadership.',
        },
        {
          role: 'member-peer',
          title: 'Member peer',
          min: 1,
          max: 1,
          party: 'other-than-leadership',
          why: 'A councillor of another party, so that the team is politically balanced.',
        },
        {
          role: 'officer-peer',
          title: 'Officer peer',
          min: 1,
          max: 2,
          specialisms: 'from-scoping',
          why: 'Senior officers with the specialisms the scoping meeting asked for.',
        },
        manager,
      ],
      components: [
        component(
          'local-priorities-and-outcomes',
          'Local priorities and outcomes',
          'Are the council’s priorities clear and informed by the local context, and is it delivering effectively on them?',
        ),
        component(
          'organisational-and-place-leadership',
          'Organisational and place leadership',
          'Does the council provide effective local leadership, working with its partners for the place?',
        ),
        component(
          'governance-and-culture',
          'Governance and culture',
          'Are there clear and robust governance arrangements, and a culture of challenge and scrutiny?',
        ),
        component(
          'financial-planning-and-management',
          'Financial planning and management',
          'Does the council have a grip on its current finances and a plan to address its financial challenges?',
        ),
        component(
          'capacity-for-improvement',
          'Capacity for improvement',
          'Is the organisation able to support delivery of its local priorities, and does it have the capacity to improve?',
        ),
      ],
    },
    {
      type: 'finance-peer-review',
      title: 'Finance peer review',
      description:
        'The council’s finances and financial management, looked at in depth: offered instead of a corporate peer challenge where finance is the council’s pressing question.',
      defaultDaysOnSite: 3,
      preparationDays: 2,
      reportDays: 1,
      progressReviewFollows: true,
      team: [
        {
          role: 'chief-executive-peer',
          title: 'Chief executive peer',
          min: 0,
          max: 1,
          why: 'A serving chief executive, where the finances raise questions for the whole organisation.',
        },
        {
          role: 'lead-member-peer',
          title: 'Lead member peer for finance',
          min: 1,
          max: 1,
          party: 'same-as-leadership',
          specialisms: ['finance'],
          why: 'A cabinet member for finance, or a leader, of the same party as the council’s leadership.',
        },
        {
          role: 'officer-peer',
          title: 'Section 151 officer peer',
          min: 1,
          max: 2,
          specialisms: ['section-151'],
          why: 'Serving chief finance (section 151) officers, who read the budget and the medium-term plan as peers.',
        },
        manager,
      ],
      components: [
        component(
          'financial-leadership',
          'Financial leadership',
          'Do councillors and senior officers understand the financial position and lead the response to it together?',
        ),
        component(
          'financial-strategy-planning-and-forecasting',
          'Financial strategy, planning and forecasting',
          'Is there a realistic medium-term financial plan, with assumptions that are tested and reserves that are adequate?',
        ),
        component(
          'decision-making',
          'Decision-making',
          'Are financial decisions well informed, timely and properly challenged?',
        ),
        component(
          'financial-outcomes',
          'Financial outcomes',
          'Does the council deliver its budget and its savings, and does spending follow its priorities?',
        ),
        component(
          'partnerships-and-innovation',
          'Partnerships and innovation',
          'Does the council use partnerships, commercial activity and new ways of working to secure its finances?',
        ),
      ],
    },
    {
      type: 'childrens-safeguarding',
      title: 'Children’s safeguarding peer challenge',
      description:
        'How well the council and its partners keep children safe, from the front door to children in care, looked at with practitioners’ case files as well as leaders’ accounts.',
      defaultDaysOnSite: 5,
      preparationDays: 2,
      reportDays: 1,
      progressReviewFollows: true,
      team: [
        {
          role: 'lead-member-peer',
          title: 'Lead member peer for children’s services',
          min: 1,
          max: 1,
          specialisms: ['childrens-services'],
          why: 'A serving lead member for children’s services, who speaks to the council’s lead member as a peer.',
        },
        {
          role: 'officer-peer',
          title: 'Children’s services officer peer',
          min: 2,
          max: 3,
          specialisms: ['childrens-services'],
          why: 'A director of children’s services and senior social work managers, who can read case files.',
        },
        manager,
      ],
      components: [
        component(
          'practice-and-the-voice-of-the-child',
          'Effective practice, service delivery and the voice of the child',
          'Is social work practice good, and are children heard in the decisions made about them?',
        ),
        component(
          'outcomes-impact-and-performance',
          'Outcomes, impact and performance management',
          'Does the council know how well children are kept safe, and act on what it finds?',
        ),
        component(
          'working-together',
          'Working together',
          'Do the council, the police, health and schools share responsibility for safeguarding children?',
        ),
        component(
          'vision-strategy-and-leadership',
          'Vision, strategy and leadership',
          'Do leaders set a clear direction for children’s services and hold it to account?',
        ),
        component(
          'capacity-and-resources',
          'Capacity and managing resources',
          'Are there enough skilled social workers and the money to support them?',
        ),
      ],
    },
    {
      type: 'adult-social-care',
      title: 'Adult social care peer challenge',
      description:
        'How well the council supports adults who need care and their carers, with its partners in health, and whether it is ready for assurance.',
      defaultDaysOnSite: 3,
      preparationDays: 2,
      reportDays: 1,
      progressReviewFollows: true,
      team: [
        {
          role: 'lead-member-peer',
          title: 'Lead member peer for adult social care',
          min: 1,
          max: 1,
          specialisms: ['adult-social-care'],
          why: 'A serving cabinet member for adult social care.',
        },
        {
          role: 'officer-peer',
          title: 'Adult social care officer peer',
          min: 1,
          max: 3,
          specialisms: ['adult-social-care'],
          why: 'A director of adult social services and senior practitioners.',
        },
        manager,
      ],
      components: [
        component(
          'outcomes-for-people',
          'Outcomes for people and their carers',
          'Do people get the care and support they need, when they need it, and have a say in it?',
        ),
        component(
          'safeguarding-adults',
          'Safeguarding adults',
          'Are adults at risk kept safe, with partners, and is practice sound?',
        ),
        component(
          'leadership-strategy-and-commissioning',
          'Leadership, strategy and commissioning',
          'Is there a clear direction for adult social care, and does commissioning shape a sustainable market?',
        ),
        component(
          'partnership-with-health',
          'Working with partners, including health',
          'Do the council and the NHS plan and deliver care together?',
        ),
        component(
          'resources-and-workforce',
          'Resources and workforce',
          'Is the budget sustainable, and is there the workforce to deliver the service?',
        ),
      ],
    },
    {
      type: 'health',
      title: 'Health and wellbeing peer challenge',
      description:
        'The council’s public health responsibilities and its health and wellbeing board: how it improves the health of its residents with the NHS and other partners.',
      defaultDaysOnSite: 3,
      preparationDays: 1,
      reportDays: 1,
      progressReviewFollows: true,
      team: [
        {
          role: 'lead-member-peer',
          title: 'Lead member peer for health',
          min: 1,
          max: 1,
          specialisms: ['health-and-wellbeing'],
          why: 'A serving chair of a health and wellbeing board or cabinet member for health.',
        },
        {
          role: 'officer-peer',
          title: 'Public health officer peer',
          min: 1,
          max: 2,
          specialisms: ['public-health'],
          why: 'A director of public health and senior officers who work with the NHS.',
        },
        manager,
      ],
      components: [
        component(
          'vision-and-priorities',
          'Vision and priorities',
          'Does the health and wellbeing strategy rest on a shared understanding of local need?',
        ),
        component(
          'leadership-and-partnership',
          'Leadership and partnership working',
          'Does the health and wellbeing board lead, with the NHS and other partners, rather than only meet?',
        ),
        component(
          'public-health',
          'Public health',
          'Does the council use its public health duties and grant to reduce inequalities in health?',
        ),
        component(
          'integration',
          'Integration of health and social care',
          'Are health and care services joined up around the people who use them?',
        ),
        component(
          'engagement-with-communities',
          'Engagement with communities',
          'Are residents and communities involved in improving their own health?',
        ),
      ],
    },
    {
      type: 'send',
      title: 'Special educational needs and disabilities (SEND) peer challenge',
      description:
        'How well the council and its partners identify and meet the needs of children and young people with special educational needs and disabilities.',
      defaultDaysOnSite: 3,
      preparationDays: 2,
      reportDays: 1,
      progressReviewFollows: true,
      team: [
        {
          role: 'lead-member-peer',
          title: 'Lead member peer for children’s services',
          min: 1,
          max: 1,
          specialisms: ['childrens-services'],
          why: 'A serving lead member for children’s services or education.',
        },
        {
          role: 'officer-peer',
          title: 'SEND officer peer',
          min: 1,
          max: 3,
          specialisms: ['send'],
          why: 'Senior officers who lead SEND services, and where the scoping asks a health partner.',
        },
        manager,
      ],
      components: [
        component(
          'identification-and-assessment',
          'Identification and assessment of need',
          'Are needs identified early and assessed well, with education, health and care plans on time?',
        ),
        component(
          'children-young-people-and-families',
          'Working with children, young people and families',
          'Are families partners in planning support, and do they trust the system?',
        ),
        component(
          'joint-commissioning',
          'Joint commissioning with health',
          'Do the council and the NHS commission support for SEND together?',
        ),
        component(
          'outcomes-and-inclusion',
          'Outcomes and inclusion',
          'Do children and young people with SEND achieve well, in schools near home?',
        ),
        component(
          'leadership-and-sufficiency',
          'Leadership, sufficiency and the high needs budget',
          'Is there a plan for enough places and a sustainable high needs budget?',
        ),
      ],
    },
    {
      type: 'planning',
      title: 'Planning peer challenge',
      description:
        'The council’s planning service and its local plan: how it shapes development for its place, decides applications and works with developers and communities.',
      defaultDaysOnSite: 3,
      preparationDays: 1,
      reportDays: 1,
      progressReviewFollows: true,
      team: [
        {
          role: 'member-peer',
          title: 'Member peer for planning',
          min: 1,
          max: 1,
          specialisms: ['planning'],
          why: 'A serving chair of a planning committee or cabinet member for planning.',
        },
        {
          role: 'officer-peer',
          title: 'Planning officer peer',
          min: 1,
          max: 2,
          specialisms: ['planning'],
          why: 'A head of planning, with the specialisms the scoping asks for (a local plan, major applications).',
        },
        manager,
      ],
      components: [
        component(
          'vision-and-leadership',
          'Vision and leadership',
          'Do councillors and officers share a vision for the place that planning serves?',
        ),
        component(
          'local-plan-and-policy',
          'Local plan and policy',
          'Is the local plan up to date and on course, with the evidence to support it?',
        ),
        component(
          'development-management',
          'Development management',
          'Are applications decided well and on time, and is the committee well run?',
        ),
        component(
          'community-and-partner-engagement',
          'Community and partner engagement',
          'Do communities, developers and partners understand and trust the service?',
        ),
        component(
          'resources-and-outcomes',
          'Resources and achieving outcomes',
          'Is the service resourced for what it must deliver, and does it deliver good development?',
        ),
      ],
    },
    {
      type: 'place-based',
      title: 'Place-based peer challenge',
      description:
        'The public services of a place together: the council with its partners in health, police, education and the voluntary sector, on the questions they share.',
      defaultDaysOnSite: 4,
      preparationDays: 2,
      reportDays: 1,
      progressReviewFollows: true,
      team: [
        {
          role: 'chief-executive-peer',
          title: 'Chief executive peer',
          min: 1,
          max: 1,
          why: 'A serving chief executive who has led partnerships across a place.',
        },
        {
          role: 'lead-member-peer',
          title: 'Lead member peer',
          min: 1,
          max: 1,
          party: 'same-as-leadership',
          why: 'A leader or senior councillor of the same party as the council’s leadership.',
        },
        {
          role: 'member-peer',
          title: 'Member peer',
          min: 0,
          max: 1,
          party: 'other-than-leadership',
          why: 'A councillor of another party, where the scoping asks for political balance on the team.',
        },
        {
          role: 'officer-peer',
          title: 'Officer peer',
          min: 1,
          max: 2,
          specialisms: 'from-scoping',
          why: 'Senior officers, or partners’ officers, with the specialisms the scoping asked for.',
        },
        manager,
      ],
      components: [
        component(
          'shared-vision-for-the-place',
          'Shared vision and priorities for the place',
          'Do the partners share an ambition for the place and agree what comes first?',
        ),
        component(
          'partnership-leadership',
          'Partnership leadership',
          'Do leaders across the partners lead together, beyond their own organisations?',
        ),
        component(
          'joint-governance',
          'Joint governance and accountability',
          'Are shared decisions made and accounted for clearly?',
        ),
        component(
          'shared-resources',
          'Use of shared resources',
          'Do the partners pool money, buildings, data and people where that serves residents better?',
        ),
        component(
          'outcomes-for-residents',
          'Outcomes for residents and communities',
          'Are residents’ lives improving on what the partners set out to change?',
        ),
      ],
    },
    {
      type: 'open-for-growth',
      title: 'Open for growth peer challenge',
      description:
        'How the council supports its local economy: its ambition for growth, its work with business, and whether it is ready to deliver homes, jobs and infrastructure.',
      defaultDaysOnSite: 3,
      preparationDays: 1,
      reportDays: 1,
      progressReviewFollows: true,
      team: [
        {
          role: 'chief-executive-peer',
          title: 'Chief executive peer',
          min: 0,
          max: 1,
          why: 'A serving chief executive who has led a growth programme, where the scoping asks for one.',
        },
        {
          role: 'lead-member-peer',
          title: 'Lead member peer for growth',
          min: 1,
          max: 1,
          party: 'same-as-leadership',
          specialisms: ['economic-development'],
          why: 'A leader or cabinet member for the economy, of the same party as the council’s leadership.',
        },
        {
          role: 'officer-peer',
          title: 'Economic development officer peer',
          min: 1,
          max: 2,
          specialisms: ['economic-development'],
          why: 'Senior officers who lead economic development, regeneration or planning for growth.',
        },
        manager,
      ],
      components: [
        component(
          'vision-and-ambition-for-growth',
          'Vision and ambition for growth',
          'Does the council know what growth it wants for its place, and is the ambition shared?',
        ),
        component(
          'business-and-partners',
          'Leadership and partnership with business',
          'Do businesses and partners find the council easy to work with?',
        ),
        component(
          'planning-and-infrastructure',
          'Planning and infrastructure for growth',
          'Are the plans, land and infrastructure in place for the growth the council wants?',
        ),
        component(
          'skills-and-employment',
          'Skills and employment',
          'Are residents equipped for the jobs growth brings?',
        ),
        component(
          'delivery-capacity-and-investment',
          'Delivery capacity and investment',
          'Has the council the people, money and partners to deliver?',
        ),
      ],
    },
    {
      type: 'progress-review',
      title: 'Progress review',
      description:
        'A shorter return visit, for a challenge held before openlg or outside the programme, to see how far the council has acted on the recommendations (a challenge held here has its progress review as a stage of its own life).',
      defaultDaysOnSite: 2,
      preparationDays: 1,
      reportDays: 0,
      progressReviewFollows: false,
      team: [
        {
          role: 'chief-executive-peer',
          title: 'Chief executive peer',
          min: 0,
          max: 1,
          why: 'Ideally a peer from the original team, who knows what was recommended.',
        },
        {
          role: 'lead-member-peer',
          title: 'Lead member peer',
          min: 1,
          max: 1,
          party: 'same-as-leadership',
          why: 'Ideally the original lead member peer, of the same party as the council’s leadership.',
        },
        {
          role: 'officer-peer',
          title: 'Officer peer',
          min: 1,
          max: 2,
          specialisms: 'from-scoping',
          why: 'Ideally officer peers from the original team.',
        },
        manager,
      ],
      components: [
        component(
          'progress-on-recommendations',
          'Progress on the recommendations',
          'What has the council done on each of the original recommendations, and with what effect?',
        ),
        component(
          'action-plan',
          'The action plan',
          'Has the action plan been delivered, monitored and reported openly?',
        ),
        component(
          'next-steps',
          'Remaining challenges and next steps',
          'What has changed since the challenge, and what should the council focus on now?',
        ),
      ],
    },
  ],
};

/** The ready-made types, checked when the module loads: a mistake here stops the app starting. */
export const readyMadeChallengeTypes: ChallengeTypeSet = challengeTypeSet.parse(readyMade);

/** A type's definition from the ready-made set, which defines every type once. */
export function challengeType(type: ChallengeType): ChallengeTypeDefinition {
  const definition = readyMadeChallengeTypes.types.find((t) => t.type === type);
  if (!definition) throw new Error(`${type} has no definition`);
  return definition;
}
