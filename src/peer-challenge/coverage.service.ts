import type { AreasService } from '../areas/areas.service.ts';
import type { Db } from '../db/database.ts';
import {
  coverage,
  coverageTable,
  coveredCouncilTypes,
  type CouncilCoverage,
  type CoverageTable,
} from './coverage.ts';
import * as repository from './coverage.repository.ts';
import type { IsoDate } from './dates.ts';
import { hasIllustrative } from './peer-challenge.repository.ts';

export interface ProgrammeCoverage {
  /** The day the coverage is as at. */
  asAt: IsoDate;
  /** Whether any record counted is the illustrative scenario's. */
  illustrative: boolean;
  councils: CouncilCoverage[];
  table: CoverageTable;
}

/** Today in UTC, as the programme's records date their days. */
export const todayUtc = (): IsoDate => new Date().toISOString().slice(0, 10);

/**
 * Coverage of the corporate peer challenge (issue 20): every current English council's last
 * corporate peer challenge or finance peer review and whether another is due. Public, as
 * whether a council has had one is published.
 */
export class CoverageService {
  constructor(
    private readonly db: Db,
    private readonly services: { areas: AreasService },
  ) {}

  async coverage(query: { asAt?: IsoDate }): Promise<ProgrammeCoverage> {
    const asAt = query.asAt ?? todayUtc();
    const [areas, challenges, illustrative] = await Promise.all([
      this.services.areas.listAreas({ types: coveredCouncilTypes, current: true }),
      repository.coveringChallenges(this.db),
      hasIllustrative(this.db),
    ]);
    const councils = areas
      .filter((a) => a.nation === 'england')
      .flatMap((a) => {
        const type = coveredCouncilTypes.find((t) => t === a.type);
        if (type === undefined) return [];
        return [{ code: a.code, name: a.shortName, type, region: a.parents.region?.name ?? null }];
      });
    const covered = coverage(councils, challenges, asAt);
    return { asAt, illustrative, councils: covered, table: coverageTable(covered) };
  }
}
