/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/*
 * The resident's page with JavaScript (issue 21): a slider beside each line's number input and
 * one for the council-tax levels, kept in step with them, the consequence of the chosen step,
 * and the money still to find as it moves. Bundled for the browser by simulator.script.ts with
 * balance.ts and resident-text.ts, so the page runs the server's own maths and words; the words
 * come in the page's language in its data, a council's text left without it marked as English.
 * Without it the page works as before: number inputs and Recalculate.
 */
import {
  balanceOf,
  councilTaxField,
  councilTaxLevels,
  isBalanced,
  lineChangePennies,
  stepsOf,
  submissionProblems,
  type Choice,
} from './balance.ts';
import {
  balanceText,
  capitalised,
  changeText,
  fill,
  levelText,
  percentText,
  readPercent,
  type Shown,
  type SimulatorData,
  type TextWords,
} from './resident-text.ts';

/** A screen reader hears where the budget stands once the resident stops moving for this long. */
const announceAfterMs = 1000;

type Line = SimulatorData['lines'][number] & {
  kind: 'service' | 'income';
  baselinePounds: number;
  steps: number[];
  input: HTMLInputElement;
  slider: HTMLInputElement;
  effect: HTMLElement | null;
};

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> = {},
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const made = Object.assign(document.createElement(tag), properties);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  return made;
}

/** A council's text as the page shows it: in a `lang` span when not in the page's language. */
function shownNode(value: Shown): Node {
  if (!value.lang) return document.createTextNode(value.text);
  return element('span', { textContent: value.text }, { lang: value.lang });
}

/** A text with its `{name}`s filled by a council's texts, each marked as shownNode marks it. */
function filledNodes(text: string, values: Readonly<Record<string, Shown>>): Node[] {
  return text.split(/(\{\w+\})/).map((part) => {
    const value = /^\{\w+\}$/.test(part) ? values[part.slice(1, -1)] : undefined;
    return value ? shownNode(value) : document.createTextNode(part);
  });
}

/** A native range input (role slider: arrows, Page Up and Down, Home and End) with its label. */
function sliderFor(id: string, label: readonly Node[], min: number, max: number, step: number) {
  const slider = element('input', { type: 'range', id, min: String(min), max: String(max) });
  slider.step = String(step);
  // The inline style attribute is refused by the page's policy; a property set from script is not.
  slider.style.width = '100%';
  slider.style.maxWidth = '30em';
  const wrapper = element('div', { className: 'govuk-!-margin-bottom-4' });
  const labelled = element('label', { htmlFor: id, className: 'govuk-label' });
  labelled.append(...label);
  wrapper.append(labelled);
  wrapper.append(slider);
  return { wrapper, slider };
}

function lineSlider(data: SimulatorData, entry: SimulatorData['lines'][number]): Line | null {
  const rule = data.rules.lines.find((l) => l.id === entry.id);
  const input = document.getElementById(entry.field);
  if (!rule || !(input instanceof HTMLInputElement)) return null;
  const { wrapper, slider } = sliderFor(
    `${entry.field}-slider`,
    filledNodes(data.words.slideLine, { name: entry.name }),
    rule.minPercent,
    rule.maxPercent,
    rule.stepPercent,
  );
  const group = input.closest('.govuk-form-group');
  (group ?? input).after(wrapper);
  return {
    ...entry,
    kind: rule.kind,
    baselinePounds: rule.baselinePounds,
    steps: stepsOf(rule),
    input,
    slider,
    effect: document.getElementById(`${entry.field}-effect`),
  };
}

/**
 * A step in words: the slider's aria-valuetext (plain text, which cannot mark a language) and
 * what the step does, under its line, the council's consequence marked as the page marks it.
 */
function describeStep(words: TextWords, line: Line, percent: number) {
  const pennies = lineChangePennies(line, percent);
  const consequence = line.consequences[String(percent)];
  const change = pennies === 0 ? words.noChange : changeText(line.kind, pennies, words);
  const valueText = [`${percentText(percent)}: ${change}`, consequence?.text]
    .filter(Boolean)
    .join('. ');
  const effect: Node[] = [];
  if (pennies !== 0) effect.push(document.createTextNode(fill(words.effect, { change })));
  if (pennies !== 0 && consequence) effect.push(document.createTextNode(' '));
  if (consequence) effect.push(shownNode(consequence));
  return { valueText, effect };
}

function councilTaxSlider(data: SimulatorData) {
  const tax = data.rules.councilTax;
  const radios = [
    ...document.querySelectorAll<HTMLInputElement>(`input[name="${councilTaxField}"]`),
  ];
  if (!tax || radios.length === 0) return null;
  const levels = councilTaxLevels(tax);
  // Levels are not evenly spaced (the limit itself is one): the slider moves along their list.
  const { wrapper, slider } = sliderFor(
    'council-tax-slider',
    [document.createTextNode(data.words.slideCouncilTax)],
    0,
    levels.length - 1,
    1,
  );
  radios[0]?.closest('.govuk-radios')?.before(wrapper);
  const show = (index: number) => {
    const level = levels[index] ?? 0;
    slider.value = String(index);
    slider.setAttribute('aria-valuetext', levelText(tax, level, data.words));
  };
  return { radios, slider, show };
}

/** "Your changes" as the server draws it after Recalculate: each line that moves, in page order. */
function showChanges(
  container: HTMLElement | null,
  words: TextWords,
  lines: readonly Line[],
  choice: Choice,
): void {
  if (!container) return;
  const rows = lines
    .filter((line) => (choice.percents[line.id] ?? 0) !== 0)
    .map((line) => {
      const pennies = lineChangePennies(line, choice.percents[line.id] ?? 0);
      return { name: line.name, change: capitalised(changeText(line.kind, pennies, words)) };
    });
  container.replaceChildren();
  if (rows.length === 0) return;
  const list = element('dl', { className: 'govuk-summary-list' });
  for (const row of rows) {
    const item = element('div', { className: 'govuk-summary-list__row' });
    const name = element('dt', { className: 'govuk-summary-list__key' });
    name.append(shownNode(row.name));
    item.append(
      name,
      element('dd', { className: 'govuk-summary-list__value', textContent: row.change }),
    );
    list.append(item);
  }
  container.append(
    element('h2', { className: 'govuk-heading-m', textContent: words.yourChanges }),
    list,
  );
}

/** Each line's slider and number input moved together, the step's words with them. */
function keepInStep(words: TextWords, line: Line, update: () => void): void {
  const showStep = (percent: number) => {
    const { valueText, effect } = describeStep(words, line, percent);
    line.slider.setAttribute('aria-valuetext', valueText);
    line.effect?.replaceChildren(...effect);
  };
  line.slider.value = String(readPercent(line.input.value) ?? 0);
  showStep(Number(line.slider.value));
  line.slider.addEventListener('input', () => {
    line.input.value = line.slider.value;
    showStep(Number(line.slider.value));
    update();
  });
  line.input.addEventListener('input', () => {
    const percent = readPercent(line.input.value);
    if (percent !== null && line.steps.includes(percent)) {
      line.slider.value = String(percent);
      showStep(percent);
    }
    update();
  });
}

/** The council-tax slider and its radios moved together. */
function keepTaxInStep(tax: NonNullable<ReturnType<typeof councilTaxSlider>>, update: () => void) {
  tax.show(
    Math.max(
      0,
      tax.radios.findIndex((radio) => radio.checked),
    ),
  );
  tax.slider.addEventListener('input', () => {
    const index = Number(tax.slider.value);
    tax.show(index);
    const radio = tax.radios[index];
    if (radio) radio.checked = true;
    update();
  });
  for (const [index, radio] of tax.radios.entries())
    radio.addEventListener('change', () => {
      tax.show(index);
      update();
    });
}

/**
 * The money still to find, its bar and "Your changes", shown at once; the words a screen
 * reader hears are set once the resident pauses (not at all when `quietly`).
 */
function balanceShower(balance: HTMLElement, data: SimulatorData, lines: readonly Line[]) {
  balance.removeAttribute('role');
  const shown = balance.querySelector('p') ?? balance;
  const bar = element('progress', {}, { 'aria-hidden': 'true' });
  bar.style.width = '100%';
  const announcer = element(
    'p',
    { className: 'govuk-visually-hidden' },
    { 'aria-live': 'polite', id: 'balance-announcement' },
  );
  shown.after(bar);
  balance.after(announcer);
  const changes = document.getElementById('changes');
  let timer: number | undefined;
  return (chosen: Choice | null, quietly = false) => {
    const wrong =
      chosen && submissionProblems(data.rules, chosen).some((p) => p.field !== 'balance');
    let text = data.words.wholeSteps;
    if (chosen && !wrong) {
      const sums = balanceOf(data.rules, chosen);
      text = balanceText(data.rules, sums, data.words);
      showChanges(changes, data.words, lines, chosen);
      bar.hidden = sums.targetPennies <= 0;
      bar.max = Math.max(sums.targetPennies, 1);
      bar.value = isBalanced(data.rules, sums)
        ? bar.max
        : Math.max(0, Math.min(sums.foundPennies, sums.targetPennies));
    }
    shown.textContent = text;
    window.clearTimeout(timer);
    if (quietly) return;
    timer = window.setTimeout(() => {
      announcer.textContent = text;
    }, announceAfterMs);
  };
}

function start(): void {
  const source = document.getElementById('simulator-data');
  const balance = document.getElementById('balance');
  if (!source || !balance) return;
  const data = JSON.parse(source.textContent ?? '{}') as SimulatorData;
  const lines = data.lines
    .map((entry) => lineSlider(data, entry))
    .filter((l) => l !== null)
    // Grouped services come first on the page: "Your changes" follows the page's order.
    .sort((a, b) =>
      a.input.compareDocumentPosition(b.input) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
  const tax = councilTaxSlider(data);
  const show = balanceShower(balance, data, lines);
  /** The budget as the inputs hold it; null while a line's box holds no whole number. */
  const choice = (): Choice | null => {
    const percents: Record<string, number> = {};
    for (const line of lines) {
      const percent = readPercent(line.input.value);
      if (percent === null) return null;
      percents[line.id] = percent;
    }
    const checked = tax?.radios.find((radio) => radio.checked);
    return { percents, councilTaxBasisPoints: checked ? Number(checked.value) : 0 };
  };
  const update = () => show(choice());
  for (const line of lines) keepInStep(data.words, line, update);
  if (tax) keepTaxInStep(tax, update);
  show(choice(), true);
}

start();
