import { BadRequestError } from '../shared/errors.ts';
import type { ClubsService } from './clubs.service.ts';

export const clubsUsage = `  clubs join <club> --council <GSS code>
                        put a council in a benchmarking club (made with users add --org <club>
                        or first by clubs create): its people see what is shared with the club
  clubs create <club> --name <name>
                        a benchmarking club, by its slug
  clubs leave <club> --council <GSS code>
  clubs list <club>     the club's member councils`;

export interface ClubsFlags {
  council?: string;
  name?: string;
}

const operator = { userId: null, actor: 'openlg clubs (command line)', address: null };

/** `openlg clubs …`: the operator's way to say which councils belong to a benchmarking club. */
export async function clubsCommand(
  clubs: ClubsService,
  args: readonly string[],
  flags: ClubsFlags,
  write: (text: string) => void,
): Promise<number> {
  const [action, club, ...rest] = args;
  if (!club || rest.length > 0) throw new BadRequestError(`Usage:\n${clubsUsage}`);
  switch (action) {
    case 'create': {
      if (!flags.name) throw new BadRequestError('openlg clubs create needs --name <name>');
      const made = await clubs.create(club, flags.name, operator);
      write(`Club ${made.code} (${made.name}).\n`);
      return 0;
    }
    case 'join':
    case 'leave': {
      if (!flags.council) throw new BadRequestError(`openlg clubs ${action} needs --council`);
      await (action === 'join' ? clubs.join : clubs.leave).call(
        clubs,
        club,
        flags.council,
        operator,
      );
      write(`${flags.council} ${action === 'join' ? 'is in' : 'is not in'} ${club}.\n`);
      return 0;
    }
    case 'list':
      for (const member of await clubs.members(club)) write(`${member.code}\t${member.name}\n`);
      return 0;
  }
  throw new BadRequestError(`Usage:\n${clubsUsage}`);
}
