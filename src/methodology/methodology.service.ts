import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Marked } from 'marked';

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

/** Renders the methodology Markdown as GOV.UK-styled HTML; the title comes out separately. */
export function renderMethodology(markdown: string): { title: string; html: string } {
  const title = /^# (.+)$/m.exec(markdown)?.[1] ?? 'Methodology';
  let html = new Marked({ async: false }).parse(markdown.replace(/^# .+$/m, '')) as string;
  for (const [pattern, replacement] of govukClasses) html = html.replace(pattern, replacement);
  // Wide tables scroll inside their own box rather than the page.
  html = html.replace(
    /<table class="govuk-table">[\s\S]*?<\/table>/g,
    (t) => `<div class="openlg-table-scroll" tabindex="0">${t}</div>`,
  );
  return { title, html };
}

export class MethodologyService {
  private page: Promise<{ title: string; html: string }> | undefined;

  get() {
    this.page ??= readFile(methodologyFile, 'utf8').then(renderMethodology);
    return this.page;
  }
}
