/*
 * Formulas of calculated metrics (issue 18): a small recursive-descent parser into an
 * allow-listed arithmetic tree, and its evaluation. No I/O and no eval: a formula can only add,
 * subtract, multiply and divide numbers and other metrics' values, so a stored formula can never
 * run code or read anything but the values it names.
 *
 *   formula  := sum
 *   sum      := product (("+" | "-") product)*
 *   product  := unary (("*" | "/") unary)*
 *   unary    := "-" unary | primary
 *   primary  := number | metric | "previous(" metric ")" | "(" sum ")"
 *
 * A metric is named by its slug, in kebab case (`council-tax-requirement`): a hyphen between two
 * letters or digits belongs to the slug, so subtraction needs spaces (`a - b`). `previous(x)` is
 * x in the period just before, for changes from one year to the next.
 */

export type Operator = '+' | '-' | '*' | '/';

export type Formula =
  | { kind: 'number'; value: number }
  /** A metric's value; `previous` takes it from the period just before the one calculated. */
  | { kind: 'metric'; slug: string; previous: boolean }
  | { kind: 'negate'; operand: Formula }
  | { kind: 'binary'; operator: Operator; left: Formula; right: Formula };

/** A formula that does not parse, with where (0-based character offset) and why. */
export class FormulaError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`at character ${position + 1}: ${reason}`);
    this.name = 'FormulaError';
  }
}

type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'symbol'; value: string; at: number }
  | { kind: 'end'; at: number };

const slugPattern = /[a-z][a-z0-9]*(?:-[a-z0-9]+)*/y;
const numberPattern = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const symbols = new Set(['+', '-', '*', '/', '(', ')']);
/** The one function a formula may call. */
const previousFunction = 'previous';

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] ?? '';
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    numberPattern.lastIndex = at;
    const number = numberPattern.exec(text);
    if (number) {
      const value = Number(number[0]);
      if (!Number.isFinite(value)) throw new FormulaError(at, `${number[0]} is too large a number`);
      tokens.push({ kind: 'number', value, at });
      at += number[0].length;
      continue;
    }
    slugPattern.lastIndex = at;
    const name = slugPattern.exec(text);
    if (name) {
      tokens.push({ kind: 'name', value: name[0], at });
      at += name[0].length;
      continue;
    }
    if (!symbols.has(char))
      throw new FormulaError(
        at,
        `"${char}" is not allowed: a formula has numbers, metric slugs, + - * / and brackets`,
      );
    tokens.push({ kind: 'symbol', value: char, at });
    at += 1;
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the formula';
  return `"${String(token.value)}"`;
}

/** Parses a formula, or throws a FormulaError naming the position of the first mistake. */
export function parseFormula(text: string): Formula {
  const tokens = tokenise(text);
  let index = 0;
  const peek = (): Token => tokens[index] ?? { kind: 'end', at: text.length };
  const next = (): Token => {
    const token = peek();
    index += 1;
    return token;
  };
  const isSymbol = (value: string) => {
    const token = peek();
    return token.kind === 'symbol' && token.value === value;
  };
  const expect = (value: string) => {
    const token = next();
    if (token.kind !== 'symbol' || token.value !== value)
      throw new FormulaError(token.at, `expected "${value}" but found ${describe(token)}`);
  };

  const sum = (): Formula => {
    let left = product();
    while (isSymbol('+') || isSymbol('-')) {
      const op: Operator = isSymbol('+') ? '+' : '-';
      next();
      left = { kind: 'binary', operator: op, left, right: product() };
    }
    return left;
  };
  const product = (): Formula => {
    let left = unary();
    while (isSymbol('*') || isSymbol('/')) {
      const op: Operator = isSymbol('*') ? '*' : '/';
      next();
      left = { kind: 'binary', operator: op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Formula => {
    if (!isSymbol('-')) return primary();
    next();
    return { kind: 'negate', operand: unary() };
  };
  const primary = (): Formula => {
    const token = next();
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'name') {
      if (!isSymbol('(')) return { kind: 'metric', slug: token.value, previous: false };
      if (token.value !== previousFunction)
        throw new FormulaError(
          token.at,
          `"${token.value}" is not a function: the only one is ${previousFunction}(metric)`,
        );
      next();
      const inner = next();
      if (inner.kind !== 'name')
        throw new FormulaError(inner.at, `${previousFunction}( takes a metric's slug`);
      expect(')');
      return { kind: 'metric', slug: inner.value, previous: true };
    }
    if (token.kind === 'symbol' && token.value === '(') {
      const inside = sum();
      expect(')');
      return inside;
    }
    throw new FormulaError(
      token.at,
      `expected a number, a metric or "(" but found ${describe(token)}`,
    );
  };

  const formula = sum();
  const rest = peek();
  if (rest.kind !== 'end')
    throw new FormulaError(rest.at, `expected an operator but found ${describe(rest)}`);
  return formula;
}

/** The metrics a formula reads, each once, in the order written, with whether it reads the period before. */
export function formulaInputs(formula: Formula): { slug: string; previous: boolean }[] {
  const found = new Map<string, { slug: string; previous: boolean }>();
  const walk = (node: Formula): void => {
    if (node.kind === 'metric') found.set(`${node.slug}|${node.previous}`, node);
    else if (node.kind === 'negate') walk(node.operand);
    else if (node.kind === 'binary') {
      walk(node.left);
      walk(node.right);
    }
  };
  walk(formula);
  return [...found.values()].map(({ slug, previous }) => ({ slug, previous }));
}

/** Writes a formula back as text, bracketed where precedence needs it. */
export function formatFormula(formula: Formula): string {
  const precedence = (node: Formula) =>
    node.kind === 'binary' ? (node.operator === '+' || node.operator === '-' ? 1 : 2) : 3;
  const show = (node: Formula): string => {
    switch (node.kind) {
      case 'number':
        return String(node.value);
      case 'metric':
        return node.previous ? `${previousFunction}(${node.slug})` : node.slug;
      case 'negate':
        return `-${precedence(node.operand) < 3 ? `(${show(node.operand)})` : show(node.operand)}`;
      case 'binary': {
        const left =
          precedence(node.left) < precedence(node) ? `(${show(node.left)})` : show(node.left);
        // The right side of - and / binds tighter than the same level: a - (b - c).
        const rightNeeds =
          precedence(node.right) < precedence(node) ||
          (precedence(node.right) === precedence(node) &&
            (node.operator === '-' || node.operator === '/'));
        const right = rightNeeds ? `(${show(node.right)})` : show(node.right);
        return `${left} ${node.operator} ${right}`;
      }
    }
  };
  return show(formula);
}

/** Why an input gives no number: its own status in the store. */
export type MissingStatus = 'not-available' | 'suppressed' | 'not-applicable';

/** An input as the evaluation sees it: a number, or why there is none. */
export type InputValue = { value: number } | { missing: MissingStatus };

/** Why a calculation gives no number. */
export type MissingReason =
  | { kind: 'no-input'; slug: string; previous: boolean }
  | { kind: 'input-missing'; slug: string; previous: boolean; status: MissingStatus }
  | { kind: 'division-by-zero' }
  /** The arithmetic left the range of numbers (an overflow): never stored as Infinity. */
  | { kind: 'out-of-range' };

/** A calculation's result: a finite number, or a typed missing value saying why. */
export type Outcome = { ok: true; value: number } | { ok: false; reason: MissingReason };

/**
 * Evaluates a formula with `input` giving each metric's value (undefined: none held). The first
 * missing input, left to right, names why the result is missing; division by zero and overflow
 * are missing values too, so a result is never NaN or Infinity.
 */
export function evaluateFormula(
  formula: Formula,
  input: (slug: string, previous: boolean) => InputValue | undefined,
): Outcome {
  const evaluate = (node: Formula): Outcome => {
    switch (node.kind) {
      case 'number':
        return { ok: true, value: node.value };
      case 'metric': {
        const found = input(node.slug, node.previous);
        if (found === undefined)
          return {
            ok: false,
            reason: { kind: 'no-input', slug: node.slug, previous: node.previous },
          };
        if ('missing' in found)
          return {
            ok: false,
            reason: {
              kind: 'input-missing',
              slug: node.slug,
              previous: node.previous,
              status: found.missing,
            },
          };
        return { ok: true, value: found.value };
      }
      case 'negate': {
        const operand = evaluate(node.operand);
        return operand.ok ? { ok: true, value: -operand.value } : operand;
      }
      case 'binary':
        return combine(node.operator, evaluate(node.left), evaluate(node.right));
    }
  };
  return evaluate(formula);
}

function combine(operator: Operator, left: Outcome, right: Outcome): Outcome {
  if (!left.ok) return left;
  if (!right.ok) return right;
  if (operator === '/' && right.value === 0)
    return { ok: false, reason: { kind: 'division-by-zero' } };
  const value =
    operator === '+'
      ? left.value + right.value
      : operator === '-'
        ? left.value - right.value
        : operator === '*'
          ? left.value * right.value
          : left.value / right.value;
  return Number.isFinite(value)
    ? { ok: true, value }
    : { ok: false, reason: { kind: 'out-of-range' } };
}

/**
 * The status a missing result is stored with: an input's own reason passes through (a suppressed
 * input makes a suppressed result); no input at all is not available; a division by zero is not
 * applicable (a rate of nothing); an overflow is not available.
 */
export function missingStatus(reason: MissingReason): MissingStatus {
  switch (reason.kind) {
    case 'input-missing':
      return reason.status;
    case 'division-by-zero':
      return 'not-applicable';
    case 'no-input':
    case 'out-of-range':
      return 'not-available';
  }
}
