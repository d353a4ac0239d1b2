import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The text a person reads in <main>: tags out, spaces collapsed. */
export function mainText(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The CSRF token a page's form carries. */
/** The words of a page, without its markup, charts and form choices: what a reader reads. */
export function readerWords(html: string): string {
  return html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<select[\s\S]*?<\/select>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

export const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The cookies an answer sets, by name, each as its whole Set-Cookie line. */
export function setCookies(response: LightMyRequestResponse): Map<string, string> {
  const header = response.headers['set-cookie'] ?? [];
  const lines = Array.isArray(header) ? header : [header];
  return new Map(lines.map((line) => [line.split('=')[0] ?? '', line]));
}

/**
 * A browser for in-process HTTP tests: keeps its cookies between requests, as a person's would,
 * and comes from one client address (throttling counts by it).
 */
export class HttpBrowser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: FastifyInstance,
    readonly address = '127.0.0.1',
  ) {}

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.address,
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    for (const [name, line] of setCookies(response)) {
      const value = line.split(';')[0]?.split('=')[1] ?? '';
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Fills in the form the page at `from` shows (with its CSRF token) and posts it to `url`. */
  async submit(from: string, form: Record<string, string>, url = from) {
    const page = await this.request('GET', from);
    return this.request('POST', url, { csrf: csrfIn(page.body), ...form });
  }

  signIn(email: string, password: string) {
    return this.submit('/sign-in', { email, password });
  }
}
