/**
 * Reports as PDF files, printed by headless chromium from the report page's own HTML and print
 * stylesheet. The page is asked of this app in process (app.inject, with the reader's cookie,
 * so that they get what they may see) and handed to chromium with its stylesheet inlined and
 * every request it might make refused: chromium never fetches anything, from here or outside.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Browser } from 'playwright-core';
import { admissionLimits } from '../app/admit.ts';

/** Renders at once: each is a chromium page of 100-300 MB; the others wait their turn. */
const rendersAtOnce = 2;

/** How long one render may take before it fails: a report's page is ready in well under this. */
const renderTimeoutMs = 30_000;

/**
 * One headless chromium, started at the first PDF asked for and closed with the app, printing
 * HTML to PDF a few pages at a time.
 */
export class ReportPrinter {
  private browser: Promise<Browser> | null = null;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly executablePath: string) {}

  async print(html: string): Promise<Buffer> {
    await this.turn();
    try {
      const context = await (await this.launched()).newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(renderTimeoutMs);
        // The HTML is whole: any address it names (fonts, icons) is refused, never fetched.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          // Tagged for screen readers; the outline lists the sections as bookmarks.
          tagged: true,
          outline: true,
          margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
        });
      } finally {
        await context.close();
      }
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }

  private launched(): Promise<Browser> {
    if (this.browser) return this.browser;
    // A browser that failed to start, crashed or was killed is started afresh at the next PDF.
    const forget = () => {
      if (this.browser === launching) this.browser = null;
    };
    // Loaded at the first PDF: a server that never prints one never loads playwright.
    const launching = import('playwright-core').then(async ({ chromium }) => {
      const browser = await chromium.launch({
        executablePath: this.executablePath,
        timeout: renderTimeoutMs,
        // Containers often give /dev/shm only 64 MB, too little for chromium's renderers.
        args: ['--disable-dev-shm-usage'],
      });
      browser.on('disconnected', forget);
      return browser;
    });
    launching.catch(forget);
    this.browser = launching;
    return launching;
  }

  private async turn(): Promise<void> {
    if (this.running < rendersAtOnce) {
      this.running += 1;
      return;
    }
    // The slot is handed over by release(), so running stays counted.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}

/** The printer of this app when chromium is installed (closed with the app), else null. */
export function reportPrinter(
  app: FastifyInstance,
  chromiumPath: string | null,
): ReportPrinter | null {
  if (chromiumPath === null) return null;
  const printer = new ReportPrinter(chromiumPath);
  app.addHook('onClose', () => printer.close());
  return printer;
}

/** The page's HTML with the stylesheet it links to written in, so that chromium fetches nothing. */
async function selfContained(app: FastifyInstance, html: string): Promise<string> {
  const links = [...html.matchAll(/<link rel="stylesheet" href="(\/assets\/[^"]+)">/g)];
  let whole = html;
  for (const [tag, href = ''] of links) {
    const css = await app.inject({ method: 'GET', url: href.replace(/&amp;/g, '&') });
    whole = whole.replace(tag, () => `<style>${css.body}</style>`);
  }
  return whole;
}

function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at);
}

/**
 * /reports/{slug}.pdf, with the page's query: the report page printed by chromium, or where
 * none is installed a page saying how to print it from the browser. A page that is not a report
 * (a wrong query, an unknown report) is answered as the page answers it.
 */
export function registerReportPdf(app: FastifyInstance, printer: ReportPrinter | null) {
  app.get(
    '/reports/:slug.pdf',
    // In the lane of expensive requests, one at a time: a render holds a chromium page, and
    // the page it prints is asked for in the cheap lane, which this never waits on.
    { config: { cost: () => admissionLimits.expensiveFrom } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { slug } = request.params as { slug: string };
      const pageUrl = `/reports/${encodeURIComponent(slug)}${queryOf(request.url)}`;
      if (!printer)
        return reply.code(501).render('reports/views/print.njk', {
          title: 'Print the report from your browser',
          activeNav: 'reports',
          pageUrl,
        });
      const cookie = request.headers.cookie;
      const page = await app.inject({
        method: 'GET',
        url: pageUrl,
        headers: cookie ? { cookie } : {},
      });
      if (page.statusCode !== 200)
        return reply.code(page.statusCode).type('text/html; charset=utf-8').send(page.body);
      const pdf = await printer.print(await selfContained(app, page.body));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${slug}.pdf"`)
        .send(pdf);
    },
  );
}
