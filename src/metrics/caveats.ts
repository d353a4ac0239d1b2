import { Marked, type Tokens } from 'marked';
import { isHttpUrl } from '../shared/url.ts';
import { escapeXml } from '../shared/svg.ts';

/**
 * Caveats come from imported files, written in Markdown by whoever made the file: they are shown
 * formatted, but nothing in them may run or load in a reader's browser. Raw HTML is shown as
 * text, images as their description, and only http(s) links are links (a `javascript:` address
 * keeps its words, not its link).
 */
const caveatMarkdown = new Marked({
  async: false,
  gfm: true,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeXml(text),
    image: ({ text }: Tokens.Image) => escapeXml(text),
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
      const words = this.parser.parseInline(token.tokens);
      return isHttpUrl(token.href)
        ? `<a class="govuk-link" href="${escapeXml(token.href)}">${words}</a>`
        : words;
    },
    paragraph(
      this: { parser: { parseInline(tokens: Tokens.Generic[]): string } },
      token: Tokens.Paragraph,
    ) {
      return `<p class="govuk-body">${this.parser.parseInline(token.tokens)}</p>\n`;
    },
  },
});

/** A metric's caveats as safe, GOV.UK-styled HTML. */
export function renderCaveats(markdown: string): string {
  return caveatMarkdown.parse(markdown) as string;
}
