/**
 * The browser tests' toolkit: a Gerbang of its own per test file, Debian's Chromium, and the steps every
 * journey repeats (sign in, look up a NIK, take a screenshot). Everything a journey needs is here.
 *
 * How to add a journey (e.g. `portal/e2e/officer.e2e.ts`):
 *
 *   const g = useGerbang(async (db, world) => ({ pending: await addSomething(db, world) }));  // optional seed
 *   const b = useBrowser('officer');          // a fresh context and page per test; screenshots named officer-*
 *   it('approves an application', async () => {
 *     await b.signIn(g, 'pusat.admin');       // seedWorld's accounts; the password is fixtures' PASSWORD
 *     await b.page.getByRole('link', { name: 'Permohonan masuk' }).click();
 *     ...drive the page by roles and labels, assert the Indonesian words of the dictionaries...
 *     await b.shot('inbox');                  // test-artifacts/screenshots/officer-inbox.png
 *   });
 *
 * A console error or an uncaught page error fails the test; a request the journey expects to be refused
 * (a 4xx the browser logs) is declared with `b.allowHttpError('/v1/path', status)`. A failing test leaves
 * `<journey>-failure-<test>.png`. The server's clock is `g.clock` (advance it to age sessions or days).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDb } from '../../src/test/db.ts';
import { PASSWORD, seedWorld, type World } from '../../src/test/fixtures.ts';

export { PASSWORD };

const ROOT = new URL('../..', import.meta.url).pathname;
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium (CHROMIUM_PATH, default /usr/bin/chromium); Playwright gives it a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/** A server clock the test moves: real time plus an offset. */
export interface TestClock {
  (): Date;
  advance(ms: number): void;
}
export function testClock(): TestClock {
  let offset = 0;
  return Object.assign(() => new Date(Date.now() + offset), {
    advance(ms: number) {
      offset += ms;
    },
  });
}

export interface Gerbang<X = unknown> {
  /** The portal's origin, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  db: Db;
  app: FastifyInstance;
  world: World;
  clock: TestClock;
  /** What the file's seed function returned. */
  seeded: X;
}

/**
 * Gerbang on a fresh database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set) with seedWorld and the
 * file's own seed, listening on a free port of 127.0.0.1, serving the built portal (dist/portal), for the
 * tests of one file. Read its fields inside tests.
 */
export function useGerbang<X = undefined>(
  seed?: (db: Db, world: World) => Promise<X>,
  env: Record<string, string> = {},
): Gerbang<X> {
  const g = {} as Gerbang<X>;
  beforeAll(async () => {
    g.db = await createTestDb();
    g.world = await seedWorld(g.db);
    g.seeded = (seed ? await seed(g.db, g.world) : undefined) as X;
    g.clock = testClock();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
    g.app = await buildApp({ config, db: g.db, logger: false, clock: g.clock });
    await g.app.listen({ port: 0, host: '127.0.0.1' });
    g.url = `http://127.0.0.1:${(g.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await g.app?.close();
    await g.db?.close();
  });
  return g;
}

interface ConsoleProblem {
  text: string;
  url: string;
}

/** One journey's browser: a Chromium per file, a fresh context and page per test, and the journey's steps. */
export class Journey {
  browser!: Browser;
  context!: BrowserContext;
  page!: Page;
  problems: ConsoleProblem[] = [];
  private allowed: { path: string; status: number }[] = [];
  private inflight = 0;

  constructor(readonly name: string) {}

  /** A new context (no cookies, no storage) and page at laptop size, with console errors collected. */
  async open(): Promise<Page> {
    this.context = await this.browser.newContext({ viewport: LAPTOP, locale: 'id-ID' });
    this.page = await this.context.newPage();
    this.problems = [];
    this.inflight = 0;
    // Before sign-in the portal asks who is signed in, and the answer is 401.
    this.allowed = [{ path: '/v1/me', status: 401 }];
    this.watch(this.page);
    return this.page;
  }

  /** A second person's browser (a context of its own, so its own cookies), watched like the journey's page. */
  async secondPage(): Promise<Page> {
    const context = await this.browser.newContext({ viewport: LAPTOP, locale: 'id-ID' });
    const page = await context.newPage();
    this.watch(page);
    return page;
  }

  /** Runs steps with the journey's helpers (signIn, lookUp…) on another page, then gives back its own page. */
  async onPage<T>(page: Page, steps: () => Promise<T>): Promise<T> {
    const own = this.page;
    this.page = page;
    try {
      return await steps();
    } finally {
      this.page = own;
    }
  }

  /** The page's one heading (every screen has one). */
  heading(page: Page = this.page): Locator {
    return page.getByRole('heading', { level: 1 });
  }

  /** Collects the page's console errors (CSP violations among them) and uncaught errors. */
  watch(page: Page): void {
    page.on('request', () => (this.inflight += 1));
    const done = () => (this.inflight = Math.max(0, this.inflight - 1));
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.problems.push({ text: msg.text(), url: msg.location().url });
    });
    page.on('pageerror', (err) => this.problems.push({ text: `pageerror: ${err.message}`, url: '' }));
  }

  /** Declares a refusal the journey expects: the browser logs it as an error, and that is not a fault. */
  allowHttpError(path: string, status: number): void {
    this.allowed.push({ path, status });
  }

  /** The console errors nobody expected. */
  unexpectedProblems(): ConsoleProblem[] {
    return this.problems.filter((p) => {
      const m = /^Failed to load resource: the server responded with a status of (\d{3})/.exec(p.text);
      if (!m || !p.url) return true;
      const path = new URL(p.url).pathname;
      return !this.allowed.some((a) => a.path === path && a.status === Number(m[1]));
    });
  }

  /**
   * Saves `<journey>-<step>.png` (the whole page); `phone: true` also `<journey>-<step>-phone.png` at 375×812,
   * and fails if the page is wider than the phone.
   */
  async shot(step: string, opts: { phone?: boolean; page?: Page } = {}): Promise<void> {
    const page = opts.page ?? this.page;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${this.name}-${step}.png`), fullPage: true });
    if (opts.phone) {
      const before = page.viewportSize() ?? LAPTOP;
      await page.setViewportSize(PHONE);
      try {
        await page.screenshot({ path: join(SCREENSHOTS, `${this.name}-${step}-phone.png`), fullPage: true });
        // Readable on a phone: nothing makes the page scroll sideways (wide tables scroll in .table-wrap).
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${this.name}-${step} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
      } finally {
        await page.setViewportSize(before);
      }
    }
  }

  /** Opens the portal and signs in; resolves when the signed-in shell shows. */
  async signIn(g: Pick<Gerbang, 'url'>, username: string, password = PASSWORD): Promise<void> {
    const page = this.page;
    if (!page.url().startsWith(g.url)) await page.goto(`${g.url}/`);
    await this.fillSignIn(username, password);
    await expect.poll(() => page.getByTestId('who').isVisible(), { timeout: 15_000 }).toBe(true);
    await this.settle();
  }

  /**
   * Waits until the page has made its requests (no request for 500 ms): before a test changes the server
   * under the page (its clock, its sessions), so a late request of the screen does not see the change first.
   */
  async settle(quietMs = 500): Promise<void> {
    let quietSince = Date.now();
    await expect
      .poll(
        () => {
          if (this.inflight > 0) quietSince = Date.now();
          return Date.now() - quietSince >= quietMs;
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);
  }

  /** Fills and sends the sign-in form, whatever comes of it. */
  async fillSignIn(username: string, password: string): Promise<void> {
    const page = this.page;
    await page.getByLabel('User ID').fill(username);
    await page.getByLabel(/^(Kata sandi|Password)$/).fill(password);
    await page.getByRole('button', { name: /^(Masuk|Sign in)$/ }).click();
  }

  /** Signs out with the header's button. */
  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Keluar|Sign out)$/ }).click();
  }

  /** Goes to a menu entry by its visible name. */
  async menu(name: string | RegExp): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name }).click();
  }

  /** Looks up a NIK on the operator's look-up screen; returns the outcome banner once the answer is in. */
  async lookUp(nik: string): Promise<Locator> {
    const page = this.page;
    const answered = page.waitForResponse((r) => r.url().endsWith('/v1/lookups'));
    await page.getByRole('textbox', { name: 'NIK' }).fill(nik);
    await page.getByRole('search').getByRole('button').click();
    await answered;
    const banner = page.locator('[role=status][data-outcome]');
    await banner.waitFor();
    return banner;
  }

  /** The operator's quota badge text (e.g. "Sisa 1 dari 2"), once it settles. */
  quota(): Locator {
    return this.page.getByTestId('quota').locator('strong');
  }
}

/**
 * A Journey for the tests of one file: Chromium launched before them; each test in a fresh context and page;
 * after each test, a screenshot if it failed and a check that the console stayed clean.
 */
export function useBrowser(name: string): Journey {
  const j = new Journey(name);
  beforeAll(async () => {
    j.browser = await launchChromium();
  });
  afterAll(async () => {
    await j.browser?.close();
  });
  beforeEach(async () => {
    await j.open();
  });
  afterEach(async (ctx) => {
    try {
      const failed = ctx.task.result?.state === 'fail';
      const problems = j.unexpectedProblems();
      if (failed || problems.length > 0) {
        const slug = ctx.task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
        await j.shot(`failure-${slug}`).catch(() => undefined);
      }
      expect(problems, 'console errors or page errors').toEqual([]);
    } finally {
      await j.context?.close();
    }
  });
  return j;
}

/** A page on another origin (http://localhost:<port>, a different site from 127.0.0.1), for CSRF checks. */
export async function otherOrigin(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
