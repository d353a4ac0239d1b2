/**
 * Test support for the charts: a strict parser for the subset of XML the charts and tables emit
 * (elements, attributes, text and the five named or numeric character references; no comments,
 * CDATA or declarations), which throws on anything malformed, and the checks every chart passes.
 */
import assert from 'node:assert/strict';

export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: (XmlElement | string)[];
}

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function decode(text: string, at: number): string {
  if (text.includes('<')) throw new SyntaxError(`Unescaped < near offset ${at}`);
  return text.replace(/&([^;\s&]*)(;?)/g, (whole, name: string, semicolon: string) => {
    if (semicolon !== ';') throw new SyntaxError(`Bare & near offset ${at}: ${whole}`);
    const named = namedEntities[name];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    if (!numeric) throw new SyntaxError(`Unknown entity &${name}; near offset ${at}`);
    return String.fromCodePoint(parseInt(numeric[1] ?? numeric[2] ?? '', numeric[1] ? 16 : 10));
  });
}

const NAME = /[A-Za-z_][\w.:-]*/y;

/** Parses one element (and everything inside it) with nothing but whitespace around it. */
export function parseXml(source: string): XmlElement {
  let position = 0;
  const fail = (message: string): never => {
    throw new SyntaxError(
      `${message} at offset ${position}: ${source.slice(position, position + 40)}`,
    );
  };
  const skipSpace = () => {
    while (/\s/.test(source.charAt(position))) position++;
  };
  const readName = (): string => {
    NAME.lastIndex = position;
    const match = NAME.exec(source);
    if (!match) return fail('Expected a name');
    position += match[0].length;
    return match[0];
  };

  const readElement = (): XmlElement => {
    if (source.charAt(position) !== '<') fail('Expected <');
    position++;
    const name = readName();
    const attributes = new Map<string, string>();
    for (;;) {
      const before = position;
      skipSpace();
      const char = source.charAt(position);
      if (char === '/') {
        if (source.charAt(position + 1) !== '>') fail('Expected />');
        position += 2;
        return { name, attributes, children: [] };
      }
      if (char === '>') {
        position++;
        break;
      }
      if (position === before) fail('Expected whitespace before an attribute');
      const attribute = readName();
      if (attributes.has(attribute)) fail(`Duplicate attribute ${attribute}`);
      if (source.charAt(position) !== '=') fail('Expected =');
      const quote = source.charAt(position + 1);
      if (quote !== '"' && quote !== "'") fail('Expected a quoted value');
      const end = source.indexOf(quote, position + 2);
      if (end < 0) fail('Unterminated attribute value');
      attributes.set(attribute, decode(source.slice(position + 2, end), position));
      position = end + 1;
    }
    const children: (XmlElement | string)[] = [];
    for (;;) {
      const next = source.indexOf('<', position);
      if (next < 0) fail(`Unclosed <${name}>`);
      if (next > position) children.push(decode(source.slice(position, next), position));
      position = next;
      if (source.startsWith('</', position)) {
        position += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        if (source.charAt(position) !== '>') fail('Expected >');
        position++;
        return { name, attributes, children };
      }
      if (/^<[!?]/.test(source.slice(position, position + 2))) fail('Unsupported markup');
      children.push(readElement());
    }
  };

  skipSpace();
  const root = readElement();
  skipSpace();
  if (position !== source.length) fail('Content after the root element');
  return root;
}

/** The element and all its descendants, in document order, optionally of one name. */
export function elements(root: XmlElement, name?: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement) => {
    if (name === undefined || element.name === name) found.push(element);
    for (const child of element.children) if (typeof child !== 'string') visit(child);
  };
  visit(root);
  return found;
}

export function textOf(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** Text of an element without its <title> tooltips: what is drawn, not what is hovered. */
export function visibleText(element: XmlElement): string {
  return element.children
    .map((c) => (typeof c === 'string' ? c : c.name === 'title' ? '' : visibleText(c)))
    .join('');
}

/**
 * What every chart must satisfy: well-formed XML, one labelled role="img" with its <title> and
 * <desc> as the targets of aria-labelledby, unique ids, every url(#id) defined, no ARIA or roles
 * below the root, no scripts, event handlers or inline styles (forbidden by the CSP), and no
 * number that failed to format. Returns the parsed document for further checks.
 */
export function assertAccessibleSvg(svg: string): XmlElement {
  const root = parseXml(svg);
  assert.equal(root.name, 'svg');
  assert.equal(root.attributes.get('role'), 'img');
  assert.match(root.attributes.get('viewBox') ?? '', /^0 0 [\d.]+ [\d.]+$/);
  const all = elements(root);
  const ids = all.flatMap((e) => {
    const id = e.attributes.get('id');
    return id === undefined ? [] : [id];
  });
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(' ')}`);
  const labelledBy = (root.attributes.get('aria-labelledby') ?? '').split(' ');
  const [titleId, descId] = labelledBy;
  const title = root.children.find(
    (c): c is XmlElement => typeof c !== 'string' && c.name === 'title',
  );
  assert.ok(title, 'the svg has a title');
  assert.equal(title.attributes.get('id'), titleId, 'aria-labelledby names the title first');
  assert.ok(textOf(title).trim().length > 0, 'the title is not empty');
  if (descId !== undefined) {
    const desc = all.find((e) => e.attributes.get('id') === descId);
    assert.equal(desc?.name, 'desc', 'aria-labelledby names the desc');
    assert.ok(desc && textOf(desc).trim().length > 0, 'the description is not empty');
  }
  for (const element of all) {
    for (const [attribute, value] of element.attributes) {
      assert.notEqual(attribute, 'style', `<${element.name}> has a style attribute`);
      assert.doesNotMatch(attribute, /^on/i, `<${element.name}> has an event handler`);
      if (element !== root)
        assert.doesNotMatch(attribute, /^(aria-|role$)/, `<${element.name} ${attribute}>`);
      for (const [, target] of value.matchAll(/url\(#([^)]+)\)/g))
        assert.ok(target && ids.includes(target), `url(#${target}) is defined`);
    }
    assert.notEqual(element.name, 'script');
    assert.notEqual(element.name, 'style');
    assert.notEqual(element.name, 'foreignObject');
  }
  assert.doesNotMatch(textOf(root), /NaN|undefined|null|Infinity/);
  assert.doesNotMatch(svg, /="[^"]*(NaN|undefined|Infinity)[^"]*"/, 'every coordinate is a number');
  return root;
}

/** The chart without its legend, whose swatches repeat the marks that tests count. */
export function withoutLegend(root: XmlElement): XmlElement {
  const strip = (element: XmlElement): XmlElement => ({
    ...element,
    children: element.children.flatMap((child): (XmlElement | string)[] => {
      if (typeof child === 'string') return [child];
      return (child.attributes.get('id') ?? '').endsWith('-legend') ? [] : [strip(child)];
    }),
  });
  return strip(root);
}

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  text: string;
}

/**
 * Where each <text> is drawn, by the charts' own generous width estimate: its anchor, baseline
 * and font size, inherited from the nearest ancestor that sets one. Texts inside a translated
 * group are moved by the translation.
 */
export function textBoxes(
  root: XmlElement,
  width: (text: string, fontSize: number, bold: boolean) => number,
): Box[] {
  const boxes: Box[] = [];
  const visit = (element: XmlElement, size: number, dx: number, dy: number) => {
    const fontSize = Number(element.attributes.get('font-size') ?? size);
    const moved = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(
      element.attributes.get('transform') ?? '',
    );
    const x0 = dx + Number(moved?.[1] ?? 0);
    const y0 = dy + Number(moved?.[2] ?? 0);
    if (element.name === 'text') {
      const text = visibleText(element);
      const w = width(text, fontSize, element.attributes.get('font-weight') === 'bold');
      const x = x0 + Number(element.attributes.get('x') ?? 0);
      const y = y0 + Number(element.attributes.get('y') ?? 0);
      const anchor = element.attributes.get('text-anchor') ?? 'start';
      const left = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x;
      boxes.push({
        left,
        right: left + w,
        top: y - fontSize * 0.8,
        bottom: y + fontSize * 0.2,
        text,
      });
      return;
    }
    for (const child of element.children)
      if (typeof child !== 'string') visit(child, fontSize, x0, y0);
  };
  visit(root, 16, 0, 0);
  return boxes;
}

/** Fails naming the first two texts whose boxes overlap. */
export function assertNoOverlap(boxes: readonly Box[]): void {
  boxes.forEach((a, i) => {
    for (const b of boxes.slice(i + 1)) {
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      assert.ok(!overlap, `"${a.text}" overlaps "${b.text}"`);
    }
  });
}

/** Every text's font size, inherited as SVG inherits it, is at least `minimum`. */
export function assertMinimumFontSize(root: XmlElement, minimum: number): void {
  const visit = (element: XmlElement, size: number | null) => {
    const own = element.attributes.get('font-size');
    const fontSize = own === undefined ? size : Number(own);
    if (element.name === 'text') {
      assert.ok(fontSize !== null, `"${visibleText(element)}" has no font size`);
      assert.ok(fontSize >= minimum, `"${visibleText(element)}" is ${fontSize} px`);
    }
    for (const child of element.children) if (typeof child !== 'string') visit(child, fontSize);
  };
  visit(root, null);
}
