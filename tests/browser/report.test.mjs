// The delegates' page in a real browser: Debian's chromium, headless,
// driven by playwright-core. Run with `bash tests/browser/run.sh` (which
// writes the page and the JSON it is checked against first).
//
// What it asserts, from the DOM of the page opened from a file:// URL:
// - the comparison table shows the same seats as `compare --format json`;
// - the house-size slider at 16 seats gives every region at least one seat
//   under D'Hondt, and at 15 one region none (the Labour file's facts);
// - no console error, no page error, and no network request at all;
// - screenshots at 1280×800 and 390×844 go to target/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const target = join(root, 'target');
const page_file = join(target, 'browser', 'nec.html');
const expected = JSON.parse(readFileSync(join(target, 'browser', 'nec.json'), 'utf8'));
const url = pathToFileURL(page_file).href;

async function open(viewport) {
  // A fresh profile every time (Playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'seatshare-chromium-')),
    {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
        '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run',
      ],
    },
  );
  const browser = { close: () => context.close() };
  const page = context.pages()[0] ?? await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  return { browser, page, problems, requests };
}

/** Seats per column and region, read from the comparison table's cells. */
async function table_seats(page) {
  return page.$$eval('#comparison tbody tr[data-region]', (rows) =>
    rows.map((row) => ({
      region: row.dataset.region,
      cells: Array.from(row.querySelectorAll('td[data-column]')).map((td) => ({
        column: td.dataset.column,
        seats: td.dataset.seats,
        text: td.textContent.trim(),
      })),
    })));
}

async function slide_to(page, seats) {
  await page.$eval('#house-slider', (input, value) => {
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, seats);
  assert.equal(await page.$eval('#slider-table', (t) => t.dataset.house), String(seats));
  return page.$$eval('#slider-table tr[data-region] td[data-method="dhondt"]', (cells) =>
    cells.map((td) => td.dataset.seats));
}

test('the page shows compare\'s seats, the slider moves, and nothing is fetched', async () => {
  const { browser, page, problems, requests } = await open({ width: 1280, height: 800 });
  try {
    const rows = await table_seats(page);
    const names = expected.regions.map((r) => r.name);
    assert.deepEqual(rows.map((r) => r.region), names, 'one row per region, in file order');
    for (const column of expected.columns) {
      for (const row of rows) {
        const cell = row.cells.find((c) => c.column === column.id);
        assert.ok(cell, `${column.id} has a cell for ${row.region}`);
        assert.equal(Number(cell.seats), column.allocation[row.region], `${column.id}, ${row.region}`);
        assert.ok(cell.text.startsWith(String(column.allocation[row.region])), `${column.id}, ${row.region}: "${cell.text}"`);
      }
    }
    const at16 = await slide_to(page, 16);
    assert.equal(at16.length, names.length);
    assert.ok(at16.every((s) => Number(s) >= 1), `at 16 every region has a seat: ${at16}`);
    const at15 = await slide_to(page, 15);
    assert.ok(at15.some((s) => s === '0'), `at 15 one region has none: ${at15}`);
    assert.equal(at15.reduce((a, s) => a + Number(s), 0), 15);
    await slide_to(page, 9);
    await page.screenshot({ path: join(target, 'browser', 'nec-1280x800.png'), fullPage: false });
    assert.deepEqual(problems, [], 'no console or page errors');
    assert.deepEqual(requests, [], 'no network request of any kind');
  } finally {
    await browser.close();
  }
});

test('on a phone the region column stays in view and nothing is fetched', async () => {
  const { browser, page, problems, requests } = await open({ width: 390, height: 844 });
  try {
    // Scroll the comparison sideways: the region cell keeps its place.
    const before = await page.$eval('#comparison tbody tr[data-region] th', (th) => th.getBoundingClientRect().left);
    await page.$eval('#comparison', (table) => {
      let box = table.parentElement;
      while (box && getComputedStyle(box).overflowX !== 'auto' && getComputedStyle(box).overflowX !== 'scroll') box = box.parentElement;
      if (box) box.scrollLeft = 400;
    });
    const after = await page.$eval('#comparison tbody tr[data-region] th', (th) => th.getBoundingClientRect().left);
    assert.ok(Math.abs(after - before) < 1, `the region column stays visible (${before} → ${after})`);
    await page.$eval('#comparison', (table) => {
      let box = table.parentElement;
      while (box && getComputedStyle(box).overflowX !== 'auto' && getComputedStyle(box).overflowX !== 'scroll') box = box.parentElement;
      if (box) box.scrollLeft = 0;
    });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390 + 1, `the page itself does not scroll sideways (${width} px)`);
    await page.screenshot({ path: join(target, 'browser', 'nec-390x844.png'), fullPage: false });
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);
  } finally {
    await browser.close();
  }
});
