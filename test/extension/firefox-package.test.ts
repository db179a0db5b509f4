import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { firefoxManifest, GECKO_ID } from '../../scripts/build-firefox.js';
import { packageExtension } from '../../scripts/package.js';

const root = resolve(import.meta.dirname, '../..');
const chromeManifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Record<string, unknown>;

describe('Ferry for Firefox and the stores', () => {
  it('the Firefox manifest runs the same worker as a background script and carries an add-on id', () => {
    const firefox = firefoxManifest(chromeManifest) as { background: unknown; browser_specific_settings: { gecko: { id: string } } };
    expect(firefox.background).toEqual({ scripts: ['background/service-worker.js'], type: 'module' });
    expect(firefox.browser_specific_settings.gecko.id).toBe(GECKO_ID);
  });

  it('Ferry asks for no website at install, only for sites the user picks later', () => {
    expect(chromeManifest).not.toHaveProperty('host_permissions');
    expect(chromeManifest).not.toHaveProperty('content_scripts');
    expect(JSON.stringify(chromeManifest)).not.toContain('<all_urls>');
    expect(chromeManifest.permissions).toEqual(['storage', 'scripting']);
    expect((chromeManifest.content_security_policy as { extension_pages: string }).extension_pages).toBe("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  });

  it('the built Firefox extension passes web-ext lint with no errors', () => {
    const dir = join(root, 'dist/firefox');
    expect(existsSync(join(dir, 'manifest.json')), 'dist/firefox is not built: run `npm run build` first').toBe(true);
    const run = spawnSync(process.execPath, [join(root, 'node_modules/web-ext/bin/web-ext.js'), 'lint', '--source-dir', dir, '--output', 'json', '--no-input'], { encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { summary: { errors: number }; errors: { code: string; message: string; file?: string }[] };
    expect(report.errors.map((e) => `${e.file ?? ''}: ${e.code} ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  }, 120_000);

  it('a packaged zip holds the extension with manifest.json at its root and no source maps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-package-'));
    try {
      mkdirSync(join(dir, 'ext/pages'), { recursive: true });
      writeFileSync(join(dir, 'ext/manifest.json'), '{"manifest_version":3}');
      writeFileSync(join(dir, 'ext/pages/popup.html'), '<p>페리</p>');
      writeFileSync(join(dir, 'ext/pages/popup.js.map'), '{}');
      const out = join(dir, 'out.zip');
      expect(packageExtension(join(dir, 'ext'), out)).toEqual(['manifest.json', 'pages/popup.html']);
      const entries = unzipSync(readFileSync(out));
      expect(Object.keys(entries).sort()).toEqual(['manifest.json', 'pages/popup.html']);
      expect(new TextDecoder().decode(entries['pages/popup.html'])).toBe('<p>페리</p>');
      // The standard unzip tool agrees.
      expect(execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' }).trim().split('\n').sort()).toEqual(['manifest.json', 'pages/popup.html']);
      expect(() => packageExtension(join(dir, 'nothing'), join(dir, 'x.zip'))).toThrow(/npm run build/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
