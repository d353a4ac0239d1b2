import { formatDate } from '../shared/format.ts';
import { escapeXml } from '../shared/svg.ts';
import { fill, textWordKeys, type TextWords } from './resident-text.ts';
import type { Language } from './simulation.schema.ts';

/*
 * The words of the resident's pages themselves (buttons, headings, labels, messages), in English
 * and Welsh side by side. The council's own texts (titles, services, consequences) are the
 * council's, in its definition; these are the platform's.
 *
 * MACHINE-ASSISTED DRAFT: the Welsh below was drafted with machine help and has not yet been
 * checked by a Welsh translator. A translator should check every line before a council relies
 * on it (README, "Budget simulator").
 *
 * A `{name}` in a text is filled by `say`; both languages of a text take the same names.
 */
export const residentWords = {
  otherLanguage: { en: 'Cymraeg', cy: 'English' },
  languageLabel: { en: 'Language', cy: 'Iaith' },
  skipLink: { en: 'Skip to main content', cy: 'Neidio i’r prif gynnwys' },
  errorPrefix: { en: 'Error', cy: 'Gwall' },
  problemTitle: { en: 'There is a problem', cy: 'Mae problem wedi codi' },
  warning: { en: 'Warning', cy: 'Rhybudd' },
  demonstration: {
    en: 'A demonstration: the services, amounts and consequences are made up; the council tax figures are real.',
    cy: 'Enghraifft: mae’r gwasanaethau, y symiau a’r canlyniadau wedi’u dyfeisio; mae ffigurau’r dreth gyngor yn rhai go iawn.',
  },
  targetLead: { en: 'The council needs to find', cy: 'Mae angen i’r cyngor ddod o hyd i' },
  targetRest: {
    en: '. Cut or grow services, raise income or council tax, then submit your budget.',
    cy: '. Torrwch neu tyfwch wasanaethau, codwch incwm neu’r dreth gyngor, yna cyflwynwch eich cyllideb.',
  },
  changeLabel: { en: '{name} (change in %)', cy: '{name} (newid mewn %)' },
  lineHint: {
    en: 'Budget {budget}. From {min} to {max}, in steps of {step}%.',
    cy: 'Cyllideb {budget}. O {min} i {max}, fesul {step}%.',
  },
  effect: { en: 'This {change}.', cy: 'Mae hyn yn {change}.' },
  saves: { en: 'saves {money}', cy: 'arbed {money}' },
  costs: { en: 'costs {money} more', cy: 'costio {money} yn fwy' },
  raises: { en: 'raises {money}', cy: 'codi {money}' },
  loses: { en: 'loses {money} of income', cy: 'colli {money} o incwm' },
  noChange: { en: 'no change', cy: 'dim newid' },
  // The sliders, added by the page's script.
  slideLine: { en: 'Slide to change {name}', cy: 'Llithro i newid {name}' },
  slideCouncilTax: {
    en: 'Slide to choose the council tax rise',
    cy: 'Llithro i ddewis y codiad yn y dreth gyngor',
  },
  wholeSteps: {
    en: 'Enter a whole step for every line to see the money still to find',
    cy: 'Rhowch gam cyfan i bob llinell i weld yr arian sydd i’w ganfod o hyd',
  },
  otherServices: { en: 'Other services', cy: 'Gwasanaethau eraill' },
  income: { en: 'Income', cy: 'Incwm' },
  councilTaxLegend: { en: 'Council tax rise in {year}', cy: 'Codiad yn y dreth gyngor yn {year}' },
  councilTaxLevel: {
    en: '{level}: {extra} a year more for a Band D home, {raised} raised',
    cy: '{level}: {extra} y flwyddyn yn fwy am gartref Band D, {raised} wedi’i godi',
  },
  recalculate: { en: 'Recalculate', cy: 'Ailgyfrifo' },
  yourChanges: { en: 'Your changes', cy: 'Eich newidiadau' },
  aboutYou: { en: 'About you (optional)', cy: 'Amdanoch chi (dewisol)' },
  preferNotToSay: { en: 'Prefer not to say', cy: 'Mae’n well gen i beidio â dweud' },
  postcodeHint: {
    en: 'The first part of your postcode, like TS24',
    cy: 'Rhan gyntaf eich cod post, fel TS24',
  },
  postcodeProblem: {
    en: 'Enter a postcode district such as TS24',
    cy: 'Rhowch ardal cod post fel TS24',
  },
  choiceProblem: { en: 'Choose one of the answers', cy: 'Dewiswch un o’r atebion' },
  honeypot: { en: 'Leave this empty', cy: 'Gadewch hwn yn wag' },
  commentHint: {
    en: 'Optional, up to {max} characters. The council reads every comment and publishes one only once it has checked it. Do not include your name, address or anything else that says who you are.',
    cy: 'Dewisol, hyd at {max} nod. Mae’r cyngor yn darllen pob sylw ac yn cyhoeddi un dim ond ar ôl ei wirio. Peidiwch â chynnwys eich enw, eich cyfeiriad nac unrhyw beth arall sy’n dweud pwy ydych chi.',
  },
  commentTooLong: {
    en: 'Your comment must be {max} characters or fewer: it has {length}',
    cy: 'Rhaid i’ch sylw fod yn {max} nod neu lai: mae ganddo {length}',
  },
  continue: { en: 'Continue', cy: 'Parhau' },
  // The "Check your budget" page, between the form and the budget recorded.
  checkTitle: { en: 'Check your budget', cy: 'Gwiriwch eich cyllideb' },
  checkLead: {
    en: 'Check your answers before you submit your budget. Nothing is recorded until you do.',
    cy: 'Gwiriwch eich atebion cyn cyflwyno eich cyllideb. Ni chaiff dim ei gofnodi nes i chi wneud hynny.',
  },
  councilTaxRow: { en: 'Council tax rise', cy: 'Codiad yn y dreth gyngor' },
  balanceRow: { en: 'Money still to find', cy: 'Arian sydd i’w ganfod o hyd' },
  noChanges: {
    en: 'You have not changed any service or income',
    cy: 'Nid ydych wedi newid unrhyw wasanaeth nac incwm',
  },
  commentRow: { en: 'Your comment', cy: 'Eich sylw' },
  notAnswered: { en: 'Not answered', cy: 'Heb ateb' },
  submitBudget: { en: 'Submit budget', cy: 'Cyflwyno’r gyllideb' },
  balances: { en: 'Your budget balances', cy: 'Mae eich cyllideb yn mantoli' },
  balancesWithin: {
    en: 'Your budget balances, to within {money}',
    cy: 'Mae eich cyllideb yn mantoli, o fewn {money}',
  },
  stillToFind: { en: 'Money still to find: {money}', cy: 'Arian sydd i’w ganfod o hyd: {money}' },
  foundMore: {
    en: 'You have found {money} more than needed',
    cy: 'Rydych wedi dod o hyd i {money} yn fwy na’r angen',
  },
  unbalanced: {
    en: 'Your budget does not balance yet: find {money} more (to within {within}) before you submit it',
    cy: 'Nid yw eich cyllideb yn mantoli eto: dewch o hyd i {money} yn rhagor (o fewn {within}) cyn ei chyflwyno',
  },
  overBalanced: {
    en: 'Your budget finds {money} more than needed: spend or give back some of it (to within {within}) before you submit it',
    cy: 'Mae eich cyllideb yn canfod {money} yn fwy na’r angen: gwariwch neu rhowch rywfaint ohono’n ôl (o fewn {within}) cyn ei chyflwyno',
  },
  notWhole: {
    en: 'Enter the change to {name} as a whole number, like -10',
    cy: 'Rhowch y newid i {name} fel rhif cyfan, fel -10',
  },
  outOfRange: {
    en: '{name} can change from {min} to {max}',
    cy: 'Gall {name} newid o {min} i {max}',
  },
  offGrid: {
    en: '{name} changes in steps of {step}%, like {example}',
    cy: 'Mae {name} yn newid fesul {step}%, fel {example}',
  },
  chooseLevel: {
    en: 'Choose one of the council tax levels',
    cy: 'Dewiswch un o lefelau’r dreth gyngor',
  },
  thanksTitle: {
    en: 'Thank you: your budget is recorded',
    cy: 'Diolch: mae eich cyllideb wedi’i chofnodi',
  },
  recorded: { en: 'Your budget is recorded', cy: 'Mae eich cyllideb wedi’i chofnodi' },
  thanks: { en: 'Thank you for taking part', cy: 'Diolch am gymryd rhan' },
  thanksNext: {
    en: '{title}: the council will read what residents chose before it sets its budget.',
    cy: '{title}: bydd y cyngor yn darllen yr hyn a ddewisodd trigolion cyn iddo bennu ei gyllideb.',
  },
  // A budget refused by the limits on submissions (429).
  limitedSessionTitle: {
    en: 'You have already sent a budget: this one is not recorded',
    cy: 'Rydych chi eisoes wedi anfon cyllideb: nid yw hon wedi’i chofnodi',
  },
  limitedSessionHeading: {
    en: 'You have already sent a budget',
    cy: 'Rydych chi eisoes wedi anfon cyllideb',
  },
  limitedSession: {
    en: 'Your budget has not been recorded. One budget is counted from each browser, and one has already been sent to {title} from this one.',
    cy: 'Nid yw eich cyllideb wedi’i chofnodi. Un gyllideb sy’n cael ei chyfrif o bob porwr, ac mae un eisoes wedi’i hanfon i {title} o’r porwr hwn.',
  },
  limitedSessionOther: {
    en: 'If someone else in your home wants to take part, they can use their own phone or computer.',
    cy: 'Os oes rhywun arall yn eich cartref am gymryd rhan, gallant ddefnyddio eu ffôn neu gyfrifiadur eu hunain.',
  },
  limitedAddressTitle: {
    en: 'Too many budgets from your connection: this one is not recorded',
    cy: 'Gormod o gyllidebau o’ch cysylltiad: nid yw hon wedi’i chofnodi',
  },
  limitedAddressHeading: {
    en: 'Too many budgets have been sent from your internet connection',
    cy: 'Mae gormod o gyllidebau wedi’u hanfon o’ch cysylltiad â’r rhyngrwyd',
  },
  limitedAddress: {
    en: 'Your budget has not been recorded. {title} takes up to {count} budgets an hour from one internet connection, so that no one can send many to sway the results. Your connection may be shared, in a library or an office for example.',
    cy: 'Nid yw eich cyllideb wedi’i chofnodi. Mae {title} yn derbyn hyd at {count} o gyllidebau yr awr o un cysylltiad â’r rhyngrwyd, fel na all neb anfon llawer i ddylanwadu ar y canlyniadau. Efallai bod eich cysylltiad yn cael ei rannu, mewn llyfrgell neu swyddfa er enghraifft.',
  },
  limitedYouCan: { en: 'You can:', cy: 'Gallwch:' },
  limitedTryAgain: {
    en: 'try again after {time} (in about {minutes} minutes): go back and submit your budget again',
    cy: 'roi cynnig arall arni ar ôl {time} (ymhen tua {minutes} munud): ewch yn ôl a chyflwyno eich cyllideb eto',
  },
  limitedElsewhere: {
    en: 'send it from another connection, such as your phone’s mobile data',
    cy: 'ei hanfon o gysylltiad arall, fel data symudol eich ffôn',
  },
  // The resident's budget as a picture, on the thank-you.
  yourBudget: { en: 'Your budget', cy: 'Eich cyllideb' },
  myBudget: { en: 'My budget: {title}', cy: 'Fy nghyllideb: {title}' },
  shareBudget: {
    en: 'Share it if you like: the picture shows your choices and nothing you told us about yourself. Anyone with its address can see it.',
    cy: 'Rhannwch hi os hoffech chi: mae’r llun yn dangos eich dewisiadau a dim byd a ddywedoch wrthym amdanoch eich hun. Gall unrhyw un sydd â’i gyfeiriad ei weld.',
  },
  budgetAlt: {
    en: 'Your budget as a picture: the same as the list under it',
    cy: 'Eich cyllideb fel llun: yr un peth â’r rhestr oddi tano',
  },
  downloadPng: { en: 'Download the picture (PNG)', cy: 'Lawrlwytho’r llun (PNG)' },
  downloadSvg: { en: 'Download the picture (SVG)', cy: 'Lawrlwytho’r llun (SVG)' },
  otherSimulations: { en: 'Other budget simulations', cy: 'Efelychiadau cyllideb eraill' },
  // The public results and their embeddable summary.
  resultsTitle: { en: 'Results: {title}', cy: 'Canlyniadau: {title}' },
  resultsIntro: {
    en: 'What residents chose, counting only the responses the council kept after checking them. Groups of fewer than 10 responses are not shown.',
    cy: 'Yr hyn a ddewisodd trigolion, gan gyfrif dim ond yr ymatebion a gadwodd y cyngor ar ôl eu gwirio. Ni ddangosir grwpiau o lai na 10 ymateb.',
  },
  download: { en: 'Download these results:', cy: 'Lawrlwythwch y canlyniadau hyn:' },
  embedLink: {
    en: 'a summary to embed in the council’s own pages',
    cy: 'crynodeb i’w fewnosod yn nhudalennau’r cyngor ei hun',
  },
  adoptedEntered: {
    en: 'The budget the council adopted was entered on {date}, in the terms of version {version}.',
    cy: 'Cofnodwyd y gyllideb a fabwysiadodd y cyngor ar {date}, yn nhermau fersiwn {version}.',
  },
  responses: { en: 'Responses', cy: 'Ymatebion' },
  tooFewYet: {
    en: 'Fewer than 10 responses are counted so far: the results will show once there are more.',
    cy: 'Mae llai na 10 ymateb wedi’u cyfrif hyd yma: bydd y canlyniadau’n ymddangos pan fydd rhagor.',
  },
  tooFewShort: {
    en: 'Fewer than 10 responses are counted so far.',
    cy: 'Mae llai na 10 ymateb wedi’u cyfrif hyd yma.',
  },
  versionResponses: {
    en: 'Version {version}: {count} responses',
    cy: 'Fersiwn {version}: {count} o ymatebion',
  },
  byAboutYou: {
    en: 'By what residents told us about themselves',
    cy: 'Yn ôl yr hyn a ddywedodd trigolion wrthym amdanyn nhw eu hunain',
  },
  breakDownBy: { en: 'Break down by', cy: 'Dadansoddi yn ôl' },
  show: { en: 'Show', cy: 'Dangos' },
  suppressionNote: {
    en: 'A group of fewer than 10 responses is suppressed, and so is the next smallest group when it alone would let the total less the groups shown give the small group’s figures away.',
    cy: 'Mae grŵp o lai na 10 ymateb wedi’i atal, a’r grŵp lleiaf nesaf hefyd pan fyddai’r cyfanswm llai’r grwpiau a ddangosir yn datgelu ffigurau’r grŵp bach.',
  },
  chartRegion: { en: '{title}: chart', cy: '{title}: siart' },
  tableRegion: { en: '{title}: table', cy: '{title}: tabl' },
  allResults: { en: 'All the results', cy: 'Yr holl ganlyniadau' },
  counted: { en: 'Counted', cy: 'Wedi’u cyfrif' },
  noResponses: { en: 'No responses', cy: 'Dim ymatebion' },
  seconds: { en: '{s} s', cy: '{s} eiliad' },
  minutes: { en: '{m} min {s} s', cy: '{m} munud {s} eiliad' },
  hourOrMore: { en: 'an hour or more', cy: 'awr neu fwy' },
  line: { en: 'Line', cy: 'Llinell' },
  kind: { en: 'Kind', cy: 'Math' },
  service: { en: 'Service', cy: 'Gwasanaeth' },
  meanChange: { en: 'Mean change', cy: 'Newid cymedrig' },
  medianChange: { en: 'Median change', cy: 'Newid canolrifol' },
  adoptedColumn: { en: 'Adopted by the council', cy: 'Wedi’i fabwysiadu gan y cyngor' },
  notEntered: { en: 'Not entered', cy: 'Heb ei nodi' },
  linesCaption: {
    en: 'Each line’s chosen change, version {version}',
    cy: 'Y newid a ddewiswyd i bob llinell, fersiwn {version}',
  },
  adoptedMark: { en: '{level} (adopted)', cy: '{level} (wedi’i fabwysiadu)' },
  councilTaxTitle: {
    en: 'Council tax rise chosen for {year}, version {version}',
    cy: 'Y codiad yn y dreth gyngor a ddewiswyd ar gyfer {year}, fersiwn {version}',
  },
  responsesUnit: { en: 'responses', cy: 'ymatebion' },
  allResponses: { en: 'All responses', cy: 'Pob ymateb' },
  rise: { en: 'Rise', cy: 'Codiad' },
  share: { en: 'Share', cy: 'Cyfran' },
  shares: { en: '{title}: shares', cy: '{title}: cyfrannau' },
  distributionTitle: {
    en: '{name}: responses by change chosen, version {version}',
    cy: '{name}: ymatebion yn ôl y newid a ddewiswyd, fersiwn {version}',
  },
  change: { en: 'Change', cy: 'Newid' },
  medianTime: { en: 'Median time taken', cy: 'Amser canolrifol a gymerwyd' },
  figure: { en: 'Figure', cy: 'Ffigur' },
  responsesCounted: { en: 'Responses counted', cy: 'Ymatebion a gyfrifwyd' },
  breakdownCaption: {
    en: 'By {question}, version {version} (responses counted; groups of fewer than 10 suppressed)',
    cy: 'Yn ôl {question}, fersiwn {version} (ymatebion a gyfrifwyd; grwpiau o lai na 10 wedi’u hatal)',
  },
  lineMeanChange: { en: '{name}: mean change', cy: '{name}: newid cymedrig' },
  meanCouncilTaxRise: { en: 'Mean council tax rise', cy: 'Codiad cymedrig yn y dreth gyngor' },
  suppressedSmall: { en: 'Suppressed (fewer than 10)', cy: 'Wedi’i atal (llai na 10)' },
  suppressed: { en: 'Suppressed', cy: 'Wedi’i atal' },
  noAnswer: { en: 'No answer', cy: 'Dim ateb' },
  perDay: { en: 'Responses per day', cy: 'Ymatebion bob dydd' },
  commentsHeading: { en: 'What residents told us', cy: 'Beth ddywedodd trigolion wrthym' },
  commentsCaption: { en: 'Residents’ comments', cy: 'Sylwadau trigolion' },
  commentsShown: {
    en: 'Comments the council checked and published: {count}.',
    cy: 'Sylwadau a wiriodd ac a gyhoeddodd y cyngor: {count}.',
  },
  commentsNewest: {
    en: 'The newest {shown} are shown, here and in the downloads.',
    cy: 'Dangosir y {shown} mwyaf diweddar, yma ac yn y lawrlwythiadau.',
  },
  noComments: { en: 'No comment is published yet.', cy: 'Nid oes sylw wedi’i gyhoeddi eto.' },
  comment: { en: 'Comment', cy: 'Sylw' },
  commentNumber: { en: 'Comment {n}', cy: 'Sylw {n}' },
  day: { en: 'Day', cy: 'Diwrnod' },
  downloadTitle: { en: 'Budget simulation results', cy: 'Canlyniadau efelychiad cyllideb' },
  downloadPage: { en: 'Page', cy: 'Tudalen' },
  downloaded: { en: 'Downloaded', cy: 'Lawrlwythwyd' },
  readingIt: { en: 'Reading it', cy: 'Sut i’w ddarllen' },
  downloadReading: {
    en: 'Each row is one cell of a table on the results page, as the page shows it.',
    cy: 'Mae pob rhes yn un gell o dabl ar dudalen y canlyniadau, fel y mae’r dudalen yn ei dangos.',
  },
} as const satisfies Record<string, Record<Language, string>>;

export type WordKey = keyof typeof residentWords;

/** A value put into a text: plain, or with the language it is in when not the page's. */
export type Filler = string | { text: string; lang?: Language };

/** The page's language's text for `key`, its `{name}`s filled: plain text. */
export function say(language: Language, key: WordKey, values: Record<string, Filler> = {}) {
  const texts = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : value.text,
    ]),
  );
  return fill(residentWords[key][language], texts);
}

/**
 * The same as HTML: every part escaped, and a value in another language than the page's inside
 * a `lang` span, as WCAG 3.1.2 asks (a council's English name in a Welsh sentence).
 */
export function sayHtml(language: Language, key: WordKey, values: Record<string, Filler> = {}) {
  return residentWords[key][language]
    .split(/(\{\w+\})/)
    .map((part) => {
      const value = /^\{(\w+)\}$/.exec(part) ? values[part.slice(1, -1)] : undefined;
      if (value === undefined) return escapeXml(part);
      if (typeof value === 'string') return escapeXml(value);
      const text = escapeXml(value.text);
      return value.lang ? `<span lang="${value.lang}">${text}</span>` : text;
    })
    .join('');
}

/** A day ("2026-12-05") as GOV.UK writes dates, in the language: 5 December 2026, 5 Rhagfyr 2026. */
export function dayIn(language: Language, day: string): string {
  if (language === 'en') return formatDate(day);
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString('cy-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Every text of the chrome in one language, for the templates. */
export function wordsIn(language: Language): Record<WordKey, string> {
  return Object.fromEntries(
    Object.entries(residentWords).map(([key, text]) => [key, text[language]]),
  ) as Record<WordKey, string>;
}

/** The few words the shared texts and the sliders' script use, in one language. */
export function textWordsIn(language: Language): TextWords {
  return Object.fromEntries(
    textWordKeys.map((key) => [key, residentWords[key][language]]),
  ) as TextWords;
}
