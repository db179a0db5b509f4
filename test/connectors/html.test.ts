import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, toHtml } from '../../src/connectors/html/write.js';
import { PHOTO } from '../archive/fixtures.js';
import { SCRIPT_TEXT, richContent } from './writers-fixture.js';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-html-'));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a written file from disk, as a user would, recording dialogs, page errors and CSP reports. */
async function open(files: { name: string; bytes: Uint8Array }[], name: string): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`file://${join(dir, name)}`);
  return { page, dialogs, errors };
}

const visibleArticles = (page: Page) => page.locator('article:visible').count();

describe('standalone HTML archive', () => {
  it('a message containing <script> and an onerror image shows as text in Chromium, and nothing runs', async () => {
    const { page, dialogs, errors } = await open(toHtml(richContent(), { timeZone: 'UTC' }).files, 'archive.html');
    // The message itself, and the reply below it that quotes it.
    await expect(page.locator('#m3-1 .text').textContent()).resolves.toBe(SCRIPT_TEXT);
    await expect(page.locator('#m3-2 .reply').textContent()).resolves.toBe(`↪ me: ${SCRIPT_TEXT}`);
    // Only the two real photos are images; the markup in the message made none.
    expect(await page.locator('img').count()).toBe(2);
    expect(await page.locator('article script').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the page\'s Content-Security-Policy stops a script even if one slipped past escaping', async () => {
    const html = new TextDecoder().decode(toHtml(richContent(), { timeZone: 'UTC' }).files[0]!.bytes);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'sha256-[^']+'; script-src 'sha256-[^']+';/);
    const tampered = html.replace('</main>', '<script>alert(3)</script><img src="https://example.invalid/x.png"></main>');
    const { page, dialogs, errors } = await open([{ name: 'tampered.html', bytes: new TextEncoder().encode(tampered) }], 'tampered.html');
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors.filter((e) => /Content Security Policy/.test(e)).length).toBe(2);
    await page.close();
  });

  it('I can search: typing filters the messages and conversations, clearing shows them all again', async () => {
    const { page, errors } = await open(toHtml(richContent(), { timeZone: 'UTC' }).files, 'archive.html');
    const all = await visibleArticles(page);
    expect(all).toBe(14);
    // The message, and the answer that quotes it.
    await page.fill('#search', '국수');
    expect(await visibleArticles(page)).toBe(2);
    expect(await page.locator('#status').textContent()).toBe('2 found');
    expect(await page.locator('section:visible h2').allTextContents()).toEqual(['점심 모임 / lunch']);
    await page.fill('#search', 'ONERROR=ALERT');
    expect(await visibleArticles(page)).toBe(2);
    await page.fill('#search', '서울시청');
    expect(await visibleArticles(page)).toBe(1);
    await page.fill('#search', '');
    expect(await visibleArticles(page)).toBe(all);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the conversation list, senders, times in the chat\'s own zone, reactions and photo bytes are on the page', async () => {
    const { page } = await open(toHtml(richContent(), { timeZone: 'America/New_York' }).files, 'archive.html');
    expect(await page.locator('nav a').allTextContents()).toEqual(['김민지 (6)', '친구들 👯 (3)', '(untitled) (0)', '점심 모임 / lunch (5)']);
    const first = page.locator('article', { hasText: '오늘 점심 어디서?' });
    expect(await first.locator('.meta').first().textContent()).toBe('민지: 회사 2024-05-31 23:59:30 +09:00');
    expect(await first.locator('.reactions').textContent()).toBe('👍 me · ❤️ me · 🦄 민지: 회사');
    const hi = page.locator('#m1-1');
    expect(await hi.locator('time').textContent()).toBe('2024-05-01 05:00:01 -04:00');
    const src = await page.locator('img[alt="사진.png"]').getAttribute('src');
    expect(src!.startsWith('data:image/png;base64,')).toBe(true);
    expect(new Uint8Array(Buffer.from(src!.split(',')[1]!, 'base64'))).toEqual(PHOTO);
    expect(await page.locator('article', { hasText: 'clip.mp4' }).locator('.missing').textContent()).toBe('📎 video clip.mp4, not in the export (it was too large to export)');
    await page.close();
  });

  it('a large archive is split into an index and one page per conversation, and search still works in each', async () => {
    const result = toHtml(richContent(), { timeZone: 'UTC', splitAboveBytes: 1000 });
    expect(result.files.map((f) => f.name)).toEqual(['index.html', 'conversation-0001.html', 'conversation-0002.html', 'conversation-0003.html', 'conversation-0004.html']);
    const { page, errors } = await open(result.files, 'index.html');
    await page.click('nav a:has-text("점심 모임")');
    await page.waitForURL(/conversation-0004\.html$/);
    await page.fill('#search', '사진');
    expect(await visibleArticles(page)).toBe(1);
    await page.click('nav a:has-text("all conversations")');
    await page.waitForURL(/index\.html$/);
    expect(await page.locator('nav a').count()).toBe(4);
    expect(errors).toEqual([]);
    await page.close();
    expect(Object.fromEntries(result.fidelity.map((n) => [n.item, n.count]))).toEqual({ 'message.text.nul': 1, 'message.attachments.notIncluded': 1, 'archive.search': 1 });
  });

  it('the fidelity report says exactly what the page could not show', () => {
    const result = toHtml(richContent(), { timeZone: 'UTC', account: 'html:archive.html' });
    expect(result.fidelity).toEqual([
      { stage: 'import', account: 'html:archive.html', item: 'message.text.nul', count: 1, reason: 'NUL characters are shown as ␀ (U+2400): HTML cannot hold NUL' },
      { stage: 'import', account: 'html:archive.html', item: 'message.attachments.notIncluded', count: 1, reason: 'files the archive has no bytes for are shown as a line saying what is missing' },
    ]);
    expect(result.kept).toEqual({ conversations: 4, messages: 14, images: 2, files: 0, reactions: 5, edits: 1 });
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('on a phone (390 px wide) the page is one column: the list above, the messages full width below', async () => {
    const { page, errors } = await open(toHtml(richContent(), { timeZone: 'UTC' }).files, 'archive.html');
    await page.setViewportSize({ width: 390, height: 844 });
    const nav = (await page.locator('nav').boundingBox())!;
    const main = (await page.locator('main').boundingBox())!;
    expect(main.y).toBeGreaterThanOrEqual(nav.y + nav.height - 1);
    expect(main.width).toBeGreaterThan(370);
    expect(nav.width).toBeGreaterThan(370);
    // Nothing wider than the screen: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1000, height: 800 });
    expect((await page.locator('main').boundingBox())!.x).toBeGreaterThan(100);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('printing puts every message on paper, even those a search had hidden, and no scroll box cuts it to one page', async () => {
    const content = richContent();
    const conv = content.conversations[0]!;
    content.messages.set(conv.id, Array.from({ length: 120 }, (_, i) => ({ id: `p${i}`, conversationId: conv.id, sender: 'xmpp:kim@old.localhost', timestamp: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(), kind: 'text' as const, text: `message number ${i}` })));
    const { page } = await open(toHtml(content, { timeZone: 'UTC' }).files, 'archive.html');
    await page.getByRole('searchbox').fill('number 7');
    expect(await visibleArticles(page)).toBeLessThan(20);
    await page.emulateMedia({ media: 'print' });
    const total = await page.locator('article').count();
    expect(await visibleArticles(page)).toBe(total);
    expect(await page.locator('nav').isVisible()).toBe(false);
    // The printed document is as long as its messages: main is not a fixed-height scroll box.
    const { main, doc } = await page.evaluate(() => ({ main: document.querySelector('main')!.scrollHeight, doc: document.documentElement.scrollHeight }));
    expect(doc).toBeGreaterThanOrEqual(main);
    const pdf = await page.pdf({ format: 'A4' });
    // A PDF with many pages: one /Type /Page object per page.
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThan(3);
    await page.close();
  });

  it('the example in the connector folder is exactly what the writer makes of the test archive', () => {
    const fixture = readFileSync(new URL('../../src/connectors/html/fixtures/sample-archive.html', import.meta.url), 'utf8');
    expect(new TextDecoder().decode(toHtml(richContent(), { timeZone: 'UTC' }).files[0]!.bytes)).toBe(fixture);
  });

  it('any text, markup or not, shows in Chromium exactly as written (200 random messages)', async () => {
    const fc = (await import('fast-check')).default;
    const texts = fc.sample(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('<b>x</b>', '&amp;', '</article><script>alert(5)</script>', '"><img src=x onerror=alert(6)>', "'; alert(7); '", '<!--', ']]>', '<svg onload=alert(8)>')), { numRuns: 200, seed: 7 });
    const content = richContent();
    const conv = content.conversations[0]!;
    content.messages.set(conv.id, texts.map((text, i) => ({ id: `r${i}`, conversationId: conv.id, sender: 'xmpp:kim@old.localhost', timestamp: '2024-05-01T00:00:00Z', kind: 'text' as const, text })));
    const { page, dialogs, errors } = await open(toHtml(content, { timeZone: 'UTC' }).files, 'archive.html');
    const shown = await page.locator('#c0 article .text').allTextContents();
    // The HTML parser itself turns CR and CRLF into LF; NUL, which HTML cannot hold, is shown as ␀. Nothing else may change.
    expect(shown).toEqual(texts.map((t) => t.replace(/\r\n?/g, '\n').replace(/\u0000/g, '\u2400')));
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('senders without a contact appear under the name in their handle, not as a URI, and names cannot hide or reorder characters', async () => {
    const content = richContent();
    const conv = content.conversations[0]!;
    content.messages.set(conv.id, [
      { id: 'w1', conversationId: conv.id, sender: 'whatsapp:name:Dmitry%20S', timestamp: '2024-05-01T00:00:00Z', kind: 'text', text: 'привет' },
      {
        id: 'w2',
        conversationId: conv.id,
        sender: 'whatsapp:name:pay%E2%80%8Bpal',
        timestamp: '2024-05-01T00:01:00Z',
        kind: 'text',
        text: 'see the \u202Eattached\u202C file',
        attachments: [{ fileName: 'invoice_\u202Egnp.exe', mediaType: 'application/octet-stream', notIncluded: { reason: 'unavailable' } }],
      },
    ]);
    content.manifest.counts.messages = [...content.messages.values()].reduce((n, l) => n + l.length, 0);
    const html = new TextDecoder().decode(toHtml(content, { timeZone: 'UTC' }).files[0]!.bytes);
    expect(html).not.toContain('name:Dmitry');
    const { page } = await open([{ name: 'names.html', bytes: new TextEncoder().encode(html) }], 'names.html');
    expect(await page.locator('#c0 article .who').allTextContents()).toEqual(['Dmitry S', 'pay[U+200B]pal']);
    expect(await page.locator('#c0 .missing bdi').textContent()).toBe('invoice_[U+202E]gnp.exe');
    // The message text keeps its override, in a paragraph of its own direction.
    expect(await page.locator('#c0 article .text').nth(1).getAttribute('dir')).toBe('auto');
    const leaking = await page.evaluate(() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/.test(node.textContent ?? '') && !node.parentElement!.closest('bdi, [dir="auto"]')) out.push(node.textContent!);
      }
      return out;
    });
    expect(leaking).toEqual([]);
    await page.close();
  });
});
