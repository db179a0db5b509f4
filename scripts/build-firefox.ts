/**
 * dist/firefox/: the same extension as dist/chrome/, with the manifest Firefox's MV3 wants
 * (platform.md): a background *script* instead of a service worker, and an add-on id.
 * Called at the end of the extension build (vite.config.ts), so `npm run build` writes both.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Ferry's add-on id on addons.mozilla.org and in Firefox's profile. */
export const GECKO_ID = 'ferry@ferry-archive.org';

export function firefoxManifest(chrome: Record<string, unknown>): Record<string, unknown> {
  const { background, ...rest } = chrome as { background?: { service_worker?: string; type?: string } } & Record<string, unknown>;
  if (!background?.service_worker) throw new Error('The Chrome manifest has no background.service_worker to turn into a Firefox background script.');
  return {
    ...rest,
    background: { scripts: [background.service_worker], ...(background.type ? { type: background.type } : {}) },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        // 142: optional_host_permissions and MAIN-world registered content scripts (128) and the
        // data_collection_permissions key on desktop (140) and Android (142).
        strict_min_version: '142.0',
        // Ferry sends nothing anywhere: the archive stays on the user's machine.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

export function buildFirefox(chromeDir: string, firefoxDir: string): void {
  rmSync(firefoxDir, { recursive: true, force: true });
  // Source maps stay out of the Firefox copy: AMO reviews the code it ships, and maps only add size.
  cpSync(chromeDir, firefoxDir, { recursive: true, filter: (src) => !src.endsWith('.map') });
  const manifest = JSON.parse(readFileSync(join(chromeDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(firefoxDir, 'manifest.json'), JSON.stringify(firefoxManifest(manifest), null, 2) + '\n');
}
