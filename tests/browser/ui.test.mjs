// The browser test: Debian's chromium, driven by playwright-core, uses the faultline UI as an
// analyst would on the sample corpus. Run by crates/server/tests/browser.rs, which starts the
// server and passes BASE_URL (and XSS_DOC, the id of a document whose text holds markup).
// Prints "N passed, M failed" and exits non-zero on any failure.

import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE_URL = process.env.BASE_URL;
const XSS_DOC = process.env.XSS_DOC || '';
const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = process.env.ARTIFACTS || join(here, '..', 'artifacts');
if (!BASE_URL) {
  console.error('BASE_URL is not set: run this through `cargo test -p faultline-server --test browser`');
  process.exit(2);
}
mkdirSync(ARTIFACTS, { recursive: true });

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL - ${name}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function firstKidal(p) {
  return p.evaluate(async () => {
    const r = await fetch('/api/v1/events?limit=5000&compact=true').then((x) => x.json());
    const e = r.events.find((x) => x.location && x.location.name === 'Kidal');
    return e ? e.id : '';
  });
}

const profile = mkdtempSync(join(tmpdir(), 'faultline-chromium-'));
// A fresh profile directory each run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1440, height: 900 },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const page = browser.pages()[0] || await browser.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
page.on('request', (r) => {
  if (!r.url().startsWith(BASE_URL)) problems.push(`request left the server: ${r.url()}`);
});

try {
  await check('the page loads in under a second and draws the map', async () => {
    const t0 = Date.now();
    await page.goto(BASE_URL);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    const ms = Date.now() - t0;
    console.log(`  loaded in ${ms} ms`);
    assert(ms < 1000 || !process.env.STRICT_TIMING, `took ${ms} ms`);
    const countries = await page.$$eval('path.country title', (t) => t.map((x) => x.textContent));
    assert(countries.includes('Mali') && countries.length >= 5, `country shapes missing: ${countries}`);
    assert(await page.locator('.mark').count() > 0, 'no event on the map');
  });

  await check('moving the date to 2024-05-20 updates the graph', async () => {
    await page.fill('#date-input', '2024-05-20');
    await page.dispatchEvent('#date-input', 'change');
    await page.waitForFunction(() => document.querySelector('#graph-date')?.textContent === '2024-05-20');
    assert(new URL(page.url()).hash.includes('at=2024-05-20'), `date not in the URL: ${page.url()}`);
  });

  await check('CSP–JNIM negotiating / non-aggression edge marked intended', async () => {
    const edges = await page.$$eval('#edge-list button', (bs) => bs.map((b) => ({ ...b.dataset, text: b.textContent })));
    const pair = (e, a, b) => (e.source === a && e.target === b) || (e.source === b && e.target === a);
    const intended = edges.filter((e) => pair(e, 'csp', 'jnim') && ['non_aggression_pact', 'negotiating_with'].includes(e.predicate) && e.status === 'intended');
    assert(intended.length > 0, `no intended CSP–JNIM pact/negotiation among ${JSON.stringify(edges.filter((e) => pair(e, 'csp', 'jnim')))}`);
    assert(intended[0].text.includes('intended'), `the list does not say intended: ${intended[0].text}`);
  });

  await check('CSP–FAMa hostile edge', async () => {
    const edges = await page.$$eval('#edge-list button', (bs) => bs.map((b) => ({ ...b.dataset })));
    assert(edges.some((e) => [e.source, e.target].sort().join() === 'csp,fama' && e.predicate === 'hostile_to' && e.status === 'established'),
      'no established CSP–FAMa hostile edge');
  });

  await check('clicking the Kidal event shows evidence from seeds 000, 003 and 004', async () => {
    const marks = page.locator('.mark[data-place="Kidal"][data-sub-event-type="Government regains territory"]');
    const n = await marks.count();
    assert(n > 0, 'no Kidal takeover on the map');
    let best = [];
    for (let i = 0; i < n; i++) {
      await marks.nth(i).click();
      await page.waitForSelector('#event-facts');
      const paths = await page.$$eval('.evidence-item', (items) => items.map((li) => li.dataset.sourcePath));
      if (paths.length > best.length) best = paths;
      if (['000_', '003_', '004_'].every((s) => paths.some((p) => p.includes(s)))) break;
    }
    for (const seed of ['000_', '003_', '004_']) {
      assert(best.some((p) => p.includes(seed)), `evidence from ${seed} missing; sources shown: ${best.join(', ')}`);
    }
    const sentences = await page.$$eval('.evidence-item blockquote', (b) => b.map((x) => x.textContent));
    assert(sentences.some((s) => /Kidal/.test(s)), 'no evidence sentence names Kidal');
    await page.screenshot({ path: join(ARTIFACTS, 'ui-2024-05-20-kidal.png') });
  });

  await check('the evidence sentence is highlighted in its document', async () => {
    const sentence = await page.locator('.evidence-item blockquote').first().textContent();
    await page.locator('.evidence-item button', { hasText: 'Show in the document' }).first().click();
    await page.waitForSelector('#evidence-sentence');
    const highlighted = await page.locator('#evidence-sentence').textContent();
    assert(highlighted === sentence, `highlighted ${JSON.stringify(highlighted)} is not ${JSON.stringify(sentence)}`);
    await page.screenshot({ path: join(ARTIFACTS, 'ui-document.png') });
  });

  await check('an edge click shows its evidence with modality', async () => {
    await page.locator('#edge-list button[data-status="intended"]').first().click();
    await page.waitForSelector('.evidence-item');
    const tags = await page.$$eval('.evidence-item .tag', (t) => t.map((x) => x.textContent));
    assert(tags.some((t) => t.includes('intended')), `no intended modality shown: ${tags}`);
  });

  await check('an actor link opens the actor page with names, members and timeline', async () => {
    await page.locator('.evidence-item').first().waitFor();
    await page.locator('#edge-list button[data-source="csp"], #edge-list button[data-target="csp"]').first().click();
    await page.locator('#panel button.actor', { hasText: 'CSP' }).first().click();
    await page.waitForSelector('.timeline-list li');
    const headings = await page.$$eval('#panel h3', (h) => h.map((x) => x.textContent));
    assert(headings.includes('Timeline'), `headings: ${headings}`);
    assert(headings.some((h) => h.startsWith('Members')), `no members section: ${headings}`);
    assert(new URL(page.url()).hash.includes('sel=actor%3Acsp'), `actor not in the URL: ${page.url()}`);
    await page.screenshot({ path: join(ARTIFACTS, 'ui-actor.png') });
    await page.locator('#edge-list button[data-status="intended"]').first().click();
  });

  await check('a permalink restores the date and the selection', async () => {
    const url = page.url();
    const fresh = await browser.newPage();
    await fresh.goto(url);
    await fresh.waitForSelector('body[data-ready="true"]');
    assert(await fresh.locator('#graph-date').textContent() === '2024-05-20', 'date lost');
    assert(await fresh.locator('#date-input').inputValue() === '2024-05-20', 'date input lost');
    assert(await fresh.locator('.evidence-item').count() > 0, 'selection lost');
    await fresh.close();
  });

  await check('search finds sentences and opens one in its document', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await page.keyboard.type('non-aggression pact');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.hits li');
    assert(await page.locator('.hits mark').count() > 0, 'matched words not marked');
    await page.locator('.hits button').first().click();
    await page.waitForSelector('#evidence-sentence');
  });

  await check('the map is usable from the keyboard', async () => {
    await page.locator('.mark').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#event-facts');
  });

  if (XSS_DOC) {
    await check('article text with markup renders as text and runs nothing', async () => {
      await page.goto(`${BASE_URL}#sel=doc:${XSS_DOC}::`);
      await page.waitForSelector('#doc-text');
      const text = await page.locator('#doc-text').textContent();
      assert(text.includes('<script>'), 'the <script> characters are not shown');
      assert(text.includes('<img'), 'the <img> characters are not shown');
      assert(await page.locator('#doc-text script, #doc-text img').count() === 0, 'markup became elements');
      assert(await page.evaluate(() => window.__xss) === undefined, 'article script ran');
      await page.screenshot({ path: join(ARTIFACTS, 'ui-escaped-markup.png') });
    });
  }

  await check('a small laptop screen (1280×720) still shows map, graph, timeline and panel', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${BASE_URL}#at=2024-05-20&sel=event%3A${await firstKidal(page)}`);
    await page.waitForSelector('#event-facts');
    for (const id of ['#map', '#graph', '#timeline', '#panel']) {
      const box = await page.locator(id).boundingBox();
      assert(box && box.width > 200 && box.height > 80, `${id} too small: ${JSON.stringify(box)}`);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'ui-1280x720.png') });
  });

  await check('no errors in the page and no request left the server', async () => {
    assert(problems.length === 0, problems.join('\n'));
  });
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
