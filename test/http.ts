// A small cookie-keeping client over Fastify's inject, so tests can walk the pages as a browser would:
// fetch a form, take its CSRF token, post it, follow where it leads.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export class Agent {
  private cookies = new Map<string, string>();

  constructor(private readonly app: FastifyInstance) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as Array<{
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }>) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }),
    );
  }

  /** Posts a form as a browser would: urlencoded, with the token from the page at formUrl (or given). */
  async post(
    url: string,
    fields: Record<string, string>,
    options: { formUrl?: string; csrf?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    let token = options.csrf;
    if (token === undefined) token = await this.csrfFrom(options.formUrl ?? url);
    const body = new URLSearchParams({ ...(token === null ? {} : { _csrf: token }), ...fields }).toString();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      }),
    );
  }

  /** Sends JSON to the API, with the CSRF token in the header as a script in the page would. */
  async json(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body: unknown,
  ): Promise<LightMyRequestResponse> {
    const token = await this.csrfFrom('/account');
    return this.keep(
      await this.app.inject({
        method,
        url,
        headers: {
          cookie: this.cookieHeader(),
          'content-type': 'application/json',
          'x-csrf-token': token ?? '',
        },
        payload: JSON.stringify(body),
      }),
    );
  }

  async csrfFrom(url: string): Promise<string | null> {
    const page = await this.get(url);
    return csrfIn(page.body);
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    return this.post('/sign-in', { email, password }, { formUrl: '/sign-in' });
  }
}

export function csrfIn(html: string): string | null {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;
}

/** The text of the page's main content, tags removed and whitespace folded, for assertions. */
export function mainText(html: string): string {
  const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
