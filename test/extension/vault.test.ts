import { describe, expect, it } from 'vitest';
import { SESSION_SECRET_KEY, sessionVault, vaultFromSecret, type SessionArea } from '../../extension/storage/vault.js';

function fakeSession(): SessionArea & { items: Record<string, unknown> } {
  const items: Record<string, unknown> = {};
  return { items, get: async (key) => (key in items ? { [key]: items[key] } : {}), set: async (more) => void Object.assign(items, more) };
}

const message = { archiveId: 'A1', from: 'minjun@old.localhost', body: '안녕하세요 👩‍👩‍👧 see you\nat 7' };

describe('staged data is private at rest', () => {
  it('what Ferry stages comes back exactly, Korean and emoji included, and the stored bytes show none of it', async () => {
    const vault = await vaultFromSecret(crypto.getRandomValues(new Uint8Array(32)));
    const sealed = await vault.seal(message, 'exportPages');
    expect(await vault.open(sealed, 'exportPages')).toEqual(message);
    const stored = new TextDecoder('latin1').decode(sealed.data) + new TextDecoder().decode(sealed.data);
    for (const secret of ['minjun', 'old.localhost', '안녕', 'see you']) expect(stored).not.toContain(secret);
  });

  it('a sealed row moved to another table or read with another session key does not open', async () => {
    const vault = await vaultFromSecret(new Uint8Array(32).fill(1));
    const sealed = await vault.seal(message, 'exportPages\u0000alice');
    await expect(vault.open(sealed, 'exportPages\u0000bob')).rejects.toThrow();
    await expect((await vaultFromSecret(new Uint8Array(32).fill(2))).open(sealed, 'exportPages\u0000alice')).rejects.toThrow();
  });

  it('rows are found by a blinded key: the same account gives the same key, another account or session another', async () => {
    const a = await vaultFromSecret(new Uint8Array(32).fill(3));
    const b = await vaultFromSecret(new Uint8Array(32).fill(4));
    const key = await a.blind('minjun@old.localhost');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await a.blind('minjun@old.localhost')).toBe(key);
    expect(await a.blind('seoyeon@old.localhost')).not.toBe(key);
    expect(await b.blind('minjun@old.localhost')).not.toBe(key);
  });

  it('the session secret is made once per browser session, and data staged under a lost one is dropped first', async () => {
    const session = fakeSession();
    let dropped = 0;
    const first = await sessionVault(session, async () => void dropped++);
    const again = await sessionVault(session, async () => void dropped++);
    expect(dropped).toBe(1);
    expect(typeof session.items[SESSION_SECRET_KEY]).toBe('string');
    expect(await again.open(await first.seal(message, 't'), 't')).toEqual(message);
    // The browser closed: storage.session is empty again, so a new secret and a new purge.
    const restarted = fakeSession();
    await sessionVault(restarted, async () => void dropped++);
    expect(dropped).toBe(2);
    expect(restarted.items[SESSION_SECRET_KEY]).not.toBe(session.items[SESSION_SECRET_KEY]);
  });

  it('a session secret of the wrong size is refused', async () => {
    await expect(vaultFromSecret(new Uint8Array(16))).rejects.toThrow(/32 bytes/);
  });
});
