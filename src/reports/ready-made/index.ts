import { reportDefinition, type ReportDefinition } from '../report.schema.ts';
import { childrensServices } from './childrens-services.ts';
import { councilOverview } from './council-overview.ts';
import { councilTaxAndFinance } from './council-tax-and-finance.ts';
import { economyAndSkills } from './economy-and-skills.ts';
import { healthAndWellbeing } from './health-and-wellbeing.ts';
import { peerChallengeDataPack } from './peer-challenge-data-pack.ts';
import { valueForMoney } from './value-for-money.ts';

/**
 * The ready-made reports, in the order /reports lists them. Each is checked against the schema
 * when loaded: a definition with a bad token stops the server at start, not a reader's page.
 */
export const readyMadeReports: readonly ReportDefinition[] = [
  councilOverview,
  economyAndSkills,
  healthAndWellbeing,
  childrensServices,
  councilTaxAndFinance,
  valueForMoney,
  peerChallengeDataPack,
].map((input) => reportDefinition.parse(input));
