// The schedule page at `/` in headless Chromium: every talk shown, live updates, accessibility.
/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, requireChromium } from '../../../test/support/chromium.ts';
import type { ConferenceEvent, Room, Talk } from '../src/model.js';
import { freshStorage, type NodeStorage } from './support/backends.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';
import { basic, callOverHttp } from './support/raw-client.js';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[];
}

describe('the schedule page', () => {
  let storage: NodeStorage;
  let node: NodeProcess;
  let browser: Browser;
  let event: ConferenceEvent;
  let talks: Talk[];

  const call = <T>(api: string | number, method: string, args: unknown[]) =>
    callOverHttp<T>(node.url, api, method, args, basic('organizer', node.password ?? ''));

  async function open(width: number, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      javaScriptEnabled,
    });
    const page = await context.newPage();
    await page.goto(`${node.url}/`);
    return page;
  }

  beforeAll(async () => {
    requireChromium();
    storage = await freshStorage('pglite');
    node = await startNodeProcess(storage);
    [event] = (await call<ConferenceEvent[]>(0, 'get_events', [])) as [ConferenceEvent];
    talks = await call<Talk[]>(0, 'get_talks', [event.id]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_FLAGS],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
    await storage?.cleanup();
  });

  it('shows every talk of the demo event, each linkable, without JavaScript', async () => {
    const page = await open(1280, false);
    try {
      expect(await page.locator('h2', { hasText: event.name }).count()).toBe(1);
      const shown = await page.locator('li.talk').evaluateAll((items) => items.map((i) => i.id));
      expect(shown.sort()).toEqual(talks.map((t) => `talk-${t.id}`).sort());
      const [first] = talks as [Talk];
      const item = page.locator(`#talk-${first.id}`);
      expect(await item.locator('.title').textContent()).toBe(first.title);
      expect(await item.locator('.when a').getAttribute('href')).toBe(`#talk-${first.id}`);
      const host = new URL(node.url).host;
      expect(
        await page.locator(`a[href="webcal://${host}/events/${event.id}/calendar.ics"]`).count(),
      ).toBe(1);
      expect(await page.locator('aside pre').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining(`http://${host}/rpc`)]),
      );
    } finally {
      await page.context().close();
    }
  });

  it('shows a talk in the event time zone, with rooms side by side on a wide screen', async () => {
    const page = await open(1280);
    try {
      const [first] = talks as [Talk];
      const expected = new Intl.DateTimeFormat('en-GB', {
        timeZone: event.time_zone,
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(first.starts_at));
      expect(await page.locator(`#talk-${first.id} .when time`).first().textContent()).toBe(
        expected,
      );
      const tops = await page
        .locator('.day')
        .first()
        .locator('.room-column')
        .evaluateAll((columns) => columns.map((c) => Math.round(c.getBoundingClientRect().top)));
      expect(tops.length).toBeGreaterThan(1);
      expect(new Set(tops).size).toBe(1);
      await page.screenshot({ path: `${ARTIFACTS}schedule-desktop.png` });
    } finally {
      await page.context().close();
    }
  });

  it('stacks rooms on a phone without horizontal scrolling', async () => {
    const page = await open(390);
    try {
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const lefts = await page
        .locator('.day')
        .first()
        .locator('.room-column')
        .evaluateAll((columns) => columns.map((c) => Math.round(c.getBoundingClientRect().left)));
      expect(new Set(lefts).size).toBe(1);
      await page.screenshot({ path: `${ARTIFACTS}schedule-phone.png`, fullPage: false });
    } finally {
      await page.context().close();
    }
  });

  it('moves a talk that the organizer moves within a second, without reload', async () => {
    const page = await open(1280);
    try {
      await page.waitForFunction(() =>
        document.getElementById('live-status')?.textContent?.startsWith('Live'),
      );
      await page.evaluate(() => {
        (window as unknown as { marker: boolean }).marker = true;
      });
      const talk = talks[3] as Talk;
      const starts = new Date(Date.parse(talk.starts_at) + 17 * 60_000).toISOString();
      const ends = new Date(Date.parse(talk.ends_at) + 17 * 60_000).toISOString();
      const expected = new Intl.DateTimeFormat('en-GB', {
        timeZone: event.time_zone,
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(starts));
      const rooms = await call<Room[]>(0, 'get_rooms', [event.id]);
      const room = rooms.find((r) => r.id !== talk.room_id) as Room;
      await call('organizer', 'update_talk', [
        talk.id,
        { starts_at: starts, ends_at: ends, room_id: room.id },
      ]);
      await page.waitForFunction(
        ([id, time, roomName]) =>
          document.querySelector(`#talk-${id} .when time`)?.textContent === time &&
          document.querySelector(`#talk-${id}`)?.closest('.room-column')?.querySelector('h4')
            ?.textContent === roomName &&
          document.getElementById(`talk-${id}`)?.classList.contains('changed'),
        [talk.id, expected, room.name] as const,
        { timeout: 1000 },
      );
      expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(
        true,
      );
      expect(await page.locator('#live-announcer').textContent()).toContain(talk.title);
    } finally {
      await page.context().close();
    }
  });

  it('runs no inline script and loads nothing from another origin (strict CSP)', async () => {
    const response = await fetch(`${node.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it.each([
    ['desktop', 1280],
    ['phone', 390],
  ])('has no serious or critical axe-core violation at %s width', async (_, width) => {
    const page = await open(width);
    try {
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run(),
      );
      const grave = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
      expect(grave).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('can be used with the keyboard: the first Tab reaches the skip link to the schedule', async () => {
    const page = await open(1280);
    try {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        'Skip to the schedule',
      );
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    } finally {
      await page.context().close();
    }
  });
});
