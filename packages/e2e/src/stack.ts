import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectRoot } from "@dai/core";
import { seedDemoData } from "@dai/demo-data";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const root = findProjectRoot(import.meta.dirname) as string;

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitFor(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: process exited with ${child.exitCode}\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms\n${output()}`);
}

function start(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log = (log + d).slice(-8000)));
  child.stderr?.on("data", (d) => (log = (log + d).slice(-8000)));
  return { child, output: () => log };
}

export interface Stack {
  apiUrl: string;
  webUrl: string;
  dataDir: string;
  /** Stops the API alone, to see how the dashboard copes. */
  stopApi(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the built API and the built dashboard on free loopback ports, on a fresh data dir. */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  for (const built of [
    join(root, "apps/api/dist/node.js"),
    join(root, "apps/web", process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"),
  ]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: build first (pnpm turbo run build)`);
  }
  const dataDir = await mkdtemp(join(tmpdir(), "dai-e2e-"));
  // A small demo data set: enough dealers for two scopes, quick to load.
  await seedDemoData({ dataDir, dealers: 30, days: 60, endDate: "2026-06-30" });
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const api = start(process.execPath, [join(root, "apps/api/dist/node.js")], root, {
    API_PORT: String(apiPort),
    DAI_DATA_DIR: dataDir,
    CORS_ORIGINS: webUrl,
    LOG_LEVEL: "warn",
    DAI_DEMO_MODE: "true",
    AUTH_URL: `${webUrl}/api/auth`,
    ...env,
  });
  const nextBin = join(root, "apps/web/node_modules/next/dist/bin/next");
  const web = start(
    process.execPath,
    [nextBin, "start", "-H", "127.0.0.1", "-p", String(webPort)],
    join(root, "apps/web"),
    {
      API_URL: apiUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
  );
  const kill = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  const stopApi = () => kill(api.child);
  const stop = async () => {
    await Promise.all([kill(web.child), kill(api.child)]);
  };
  try {
    await waitFor(`${apiUrl}/healthz`, api.child, api.output);
    await waitFor(webUrl, web.child, web.output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl, webUrl, dataDir, stopApi, stop };
}

/** Debian's Chromium, headless, in a fresh empty profile (Playwright makes one per launch); fails loudly where it is missing. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH?.trim() || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface UseStackOptions {
  /** Extra environment for the API and the dashboard, as `startStack` takes it. */
  env?: Record<string, string>;
}

/** What `useStack` started; its getters throw until the suite's `beforeAll` has run. */
export interface StackFixture {
  readonly stack: Stack;
  readonly browser: Browser;
}

/**
 * Starts the stack and Chromium in the calling suite's `beforeAll` and stops both in its `afterAll`
 * (the config's hook timeout applies). Call it inside `describe`; read its properties only in hooks and tests.
 *
 * @example
 * const e2e = useStack({ env: { GITHUB_REPOSITORY: "acme/dealership" } });
 * it("…", async () => {
 *   const page = await e2e.browser.newPage();
 *   await openPage(page, e2e.stack.webUrl);
 * });
 */
export function useStack({ env }: UseStackOptions = {}): StackFixture {
  // The promises are kept, not only their results: afterAll must stop what did start even when the
  // other half failed or beforeAll timed out while a start was still under way.
  let starting: Promise<Stack> | undefined;
  let launching: Promise<Browser> | undefined;
  let stack: Stack | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    starting = startStack(env);
    stack = await starting;
    launching = launchChromium();
    browser = await launching;
  });

  afterAll(async () => {
    const ignore = () => undefined;
    try {
      await launching?.then((started) => started.close(), ignore);
    } finally {
      await starting?.then((started) => started.stop(), ignore);
    }
  });

  const missing = (what: "stack" | "browser"): never => {
    // Reading too early is the likely mistake: at collection time, or by destructuring the fixture.
    throw new Error(
      `useStack(): no ${what} before the suite's beforeAll has run; read it in hooks and tests`,
    );
  };
  return {
    get stack() {
      return stack ?? missing("stack");
    },
    get browser() {
      return browser ?? missing("browser");
    },
  };
}

/**
 * Opens a page and waits until React has revealed every streamed boundary. Until then a boundary's
 * content can stand twice in the DOM (once in its hidden `S:n` holder), which strict locators reject.
 */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // A page that ends in notFound() leaves an empty holder behind: only holders with content count.
  await page.waitForFunction(
    () =>
      !document.querySelector('[aria-busy="true"]') &&
      [...document.querySelectorAll('div[hidden][id^="S:"]')].every((holder) => !holder.textContent?.trim()),
  );
}

/** Signs a demo account in through the sign-in page, as a person would. */
export async function signInAs(page: Page, webUrl: string, email: string, password: string): Promise<void> {
  await openPage(page, `${webUrl}/sign-in`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  const submit = page.getByRole("button", { name: "Sign in" });
  await submit.waitFor();
  await page.waitForFunction(
    () => !(document.querySelector('button[type="submit"]') as HTMLButtonElement | null)?.disabled,
  );
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), submit.click()]);
}
