import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Marked } from 'marked';
import { scrollableTable } from '../charts/table.ts';
import { slug } from '../shared/svg.ts';

/** The methodology is written once, in docs/methodology.md, and served from there. */
export const methodologyFile = path.resolve(import.meta.dirname, '../../docs/methodology.md');

// GOV.UK Design System classes for the plain HTML that Markdown produces.
const govukClasses: [RegExp, string][] = [
  [/<h1>/g, '<h1 class="govuk-heading-xl">'],
  [/<h2>/g, '<h2 class="govuk-heading-l">'],
  [/<h3>/g, '<h3 class="govuk-heading-m">'],
  [/<h4>/g, '<h4 class="govuk-heading-s">'],
  [/<p>/g, '<p class="govuk-body">'],
  [/<ul>/g, '<ul class="govuk-list govuk-list--bullet">'],
  [/<ol>/g, '<ol class="govuk-list govuk-list--number">'],
  [/<a href=/g, '<a class="govuk-link" href='],
  [/<table>/g, '<table class="govuk-table">'],
  [/<thead>/g, '<thead class="govuk-table__head">'],
  [/<tbody>/g, '<tbody class="govuk-table__body">'],
  [/<tr>/g, '<tr class="govuk-table__row">'],
  [/<th( |>)/g, '<th scope="col" class="govuk-table__header"$1'],
  [/<td( |>)/g, '<td class="govuk-table__cell"$1'],
];

/**
 * Passages for developers (where each calculation lives in the source) are marked
 * `<!-- code -->…<!-- /code -->` in docs/methodology.md: the file keeps them, the page does not,
 * as source paths mean nothing to a person reading about the figures.
 */
const developerPassages = /<!-- code -->[\s\S]*?<!-- \/code -->/g;

export interface MethodologyPage {
  title: string;
  /** The sections, for the contents list: each h2's text and id. */
  contents: { id: string; text: string }[];
  html: string;
}

/** Gives each section heading an id, and lists them for the contents. */
function sectionIds(html: string): { html: string; contents: MethodologyPage['contents'] } {
  const contents: MethodologyPage['contents'] = [];
  const withIds = html.replace(
    /<h2 class="govuk-heading-l">(.*?)<\/h2>/g,
    (_match, inner: string) => {
      const text = decodeEntities(inner.replace(/<[^>]+>/g, ''));
      const id = slug(text.replace(/^\d+\.\s*/, ''));
      contents.push({ id, text });
      return `<h2 class="govuk-heading-l" id="${id}">${inner}</h2>`;
    },
  );
  return { html: withIds, contents };
}

/** The heading a table follows names its scrolling box. */
function wrapTables(html: string): string {
  let heading = 'Table';
  return html.replace(
    /<h[234][^>]*>(.*?)<\/h[234]>|<table class="govuk-table">[\s\S]*?<\/table>/g,
    (match, inner: string | undefined) => {
      if (inner !== undefined) {
        heading = inner.replace(/<[^>]+>/g, '');
        return match;
      }
      return scrollableTable(match, `Table: ${decodeEntities(heading)}`);
    },
  );
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Renders the methodology Markdown as GOV.UK-styled HTML; the title comes out separately. */
export function renderMethodology(markdown: string): MethodologyPage {
  const title = /^# (.+)$/m.exec(markdown)?.[1] ?? 'Methodology';
  const forPeople = markdown.replace(/^# .+$/m, '').replace(developerPassages, '');
  let html = new Marked({ async: false }).parse(forPeople) as string;
  for (const [pattern, replacement] of govukClasses) html = html.replace(pattern, replacement);
  // Wide tables scroll inside their own box rather than the page.
  const sections = sectionIds(wrapTables(html));
  return { title, contents: sections.contents, html: sections.html };
}

export class MethodologyService {
  private page: Promise<MethodologyPage> | undefined;

  get() {
    this.page ??= readFile(methodologyFile, 'utf8').then(renderMethodology);
    return this.page;
  }
}
