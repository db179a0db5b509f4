import { describe, expect, it } from 'vitest';
import { allowSite, CONTENT_SCRIPTS, revokeSites, sitePatternOf, syncContentScripts, type RegisteredScript, type SiteAccessApi } from '../../extension/background/site-access.js';

/** A browser with the permissions and scripting APIs, in memory. */
function fakeBrowser(options: { grant?: boolean; tabs?: { id: number; url: string }[] } = {}) {
  const origins = new Set<string>();
  const scripts = new Map<string, RegisteredScript>();
  const reloaded: number[] = [];
  const api: SiteAccessApi = {
    permissions: {
      getAll: async () => ({ origins: [...origins] }),
      request: async ({ origins: asked }) => {
        if (options.grant === false) return false;
        asked.forEach((o) => origins.add(o));
        return true;
      },
      remove: async ({ origins: gone }) => (gone.forEach((o) => origins.delete(o)), true),
    },
    scripting: {
      getRegisteredContentScripts: async (filter) => [...scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)),
      registerContentScripts: async (list) => {
        for (const s of list) {
          if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          scripts.set(s.id, s);
        }
      },
      unregisterContentScripts: async (filter) => void (filter?.ids ?? [...scripts.keys()]).forEach((id) => scripts.delete(id)),
    },
    tabs: {
      query: async ({ url }) => (options.tabs ?? []).filter((t) => url.some((pattern) => t.url.startsWith(pattern.slice(0, -1).replace('/*', '')))),
      reload: async (id) => void reloaded.push(id),
    },
  };
  return { api, origins, scripts, reloaded };
}

describe('choosing the messenger site Ferry may reach', () => {
  it('I can type my messenger address in any usual form and Ferry asks for that host only', () => {
    expect(sitePatternOf('https://chat.example.org/converse/#/login')).toBe('https://chat.example.org/*');
    expect(sitePatternOf('  chat.example.org ')).toBe('https://chat.example.org/*');
    expect(sitePatternOf('http://127.0.0.1:5280/?jid=a@b')).toBe('http://127.0.0.1/*');
    expect(sitePatternOf('http://localhost:8080')).toBe('http://localhost/*');
    expect(sitePatternOf('https://메신저.한국/')).toBe('https://xn--h32bi0nqme.xn--3e0b707e/*');
  });

  it('an address Ferry cannot use is refused with what to type instead', () => {
    expect(() => sitePatternOf('not a url at all')).toThrow(/not a web address.*https:\/\/chat\.example\.org/);
    expect(() => sitePatternOf('ftp://files.example.org/')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => sitePatternOf('http://chat.example.org/')).toThrow(/https:\/\/.*localhost/);
    // The pages show these in the user's language from the problem code and its detail.
    expect(() => sitePatternOf('http://chat.example.org/')).toThrow(expect.objectContaining({ problem: 'not-https', detail: 'chat.example.org' }));
    expect(() => sitePatternOf('ftp://files.example.org/')).toThrow(expect.objectContaining({ problem: 'not-http', detail: 'ftp:' }));
  });

  it('allowing a site registers both content scripts for it at document_start, and reloads its open tabs', async () => {
    const b = fakeBrowser({ tabs: [{ id: 7, url: 'https://chat.example.org/app' }, { id: 8, url: 'https://other.example.org/' }] });
    expect(await allowSite(b.api, 'https://chat.example.org/app')).toEqual({ pattern: 'https://chat.example.org/*', reloadedTabs: 1 });
    expect(b.reloaded).toEqual([7]);
    expect([...b.scripts.values()]).toEqual(
      CONTENT_SCRIPTS.map((s) => expect.objectContaining({ id: s.id, world: s.world, js: s.js, matches: ['https://chat.example.org/*'], runAt: 'document_start' })),
    );
  });

  it('when the browser says no, nothing is registered and the user is told what to click', async () => {
    const b = fakeBrowser({ grant: false });
    await expect(allowSite(b.api, 'https://chat.example.org/')).rejects.toThrow(/was not granted.*Allow/);
    await expect(allowSite(b.api, 'https://chat.example.org/')).rejects.toMatchObject({ problem: 'denied', detail: 'https://chat.example.org' });
    expect(b.scripts.size).toBe(0);
  });

  it('a second site widens the same scripts, syncing twice changes nothing, and revoking all removes them', async () => {
    const b = fakeBrowser();
    await allowSite(b.api, 'https://a.example.org/');
    await allowSite(b.api, 'https://b.example.org/');
    expect(b.scripts.get('ferry-converse-main')?.matches).toEqual(['https://a.example.org/*', 'https://b.example.org/*']);
    expect(await syncContentScripts(b.api)).toEqual(['https://a.example.org/*', 'https://b.example.org/*']);
    await revokeSites(b.api, ['https://a.example.org/*']);
    expect(b.scripts.get('ferry-converse-bridge')?.matches).toEqual(['https://b.example.org/*']);
    await revokeSites(b.api);
    expect(b.origins.size).toBe(0);
    expect(b.scripts.size).toBe(0);
  });
});
