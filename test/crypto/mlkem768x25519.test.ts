/**
 * Post-quantum age keys (mlkem768x25519: age1pq1... recipients, AGE-SECRET-KEY-PQ-1... identities):
 * their text forms, the spec's example key pair, HPKE against RFC 9180's published vector, the
 * rule that a file never mixes post-quantum and classic recipients, the messages a person gets,
 * and files exchanged both ways with the npm `age-encryption` package (the age author's JS
 * implementation). Debian's `age` 1.1.1 cannot read these files (age 1.3 added them), so the
 * real-CLI interop here is with age-encryption; the CCTV hybrid vectors are in cctv.test.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Decrypter, Encrypter, armor, generateHybridIdentity, identityToRecipient } from 'age-encryption';
import { MLKEM768X25519 } from '@noble/post-quantum/hybrid.js';
import { describe, expect, it } from 'vitest';
import {
  AgeError,
  HybridIdentity,
  HybridRecipient,
  KeyFormatError,
  ScryptRecipient,
  X25519Identity,
  checkRecipientsCompatible,
  collect,
  decryptStream,
  decryptWithIdentities,
  decryptWithPassphrase,
  encryptStream,
  encryptToRecipients,
  formatIdentityFile,
  generateIdentity,
  loadSodium,
  parseIdentity,
  parseIdentityFile,
  parseRecipient,
  parseRecipientsFile,
  type Recipient,
} from '../../src/crypto/index.js';
import { hpkeOpenBase, hpkeSealBase } from '../../src/crypto/hpke.js';
import { postQuantumSelfTest } from '../../src/crypto/mlkem768x25519.js';

const bytes = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** spec §MLKEM768-X25519: its example identity, and the SHA-256 of the example recipient's text (1960 characters). */
const SPEC_IDENTITY = 'AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR';
const SPEC_RECIPIENT_START = 'age1pq1x34nzsvr0rxjsgdn8zgyhfe8j7ceq5r9rdelkjuh3y235jzxshfg87pzf5zrqtzdxz95paef6caq5aapdmwjjqpjfdyxnzr2zampc3uxy0dg4z2n2gm9su72p0pc3u0jvev55l694v78snxg3yzvcl7yda0eyytqj6a0ec477lnhcy5hzpz4zq3pxanve4cn62gqj3pjy5lqj9c6kyj4v2z8alktn8zh99970x79gjkv7522hv9kfz35zsnxhsx8wwtmu9cy3ftzjgwcp4sshn3llnylnpdsyz5jm72vefv4x5vfwytrefxg4wq3mv42wcrvkj742479zrxzpvp2p3e9fed9f0739vcu80r7ma28qfhnvlv4gfzel9q654dj3zmuvvz893azhxdvs9fxd0r7jzchzcfcs5mkyyjxhw0n2z6dvp9yn9qfdp29h0azxqyjw6v7fhyuzj7zel0uq6j9rd7wgrpz7mf5dnj43jwsgvrc8qcnhy7tu6dkdujuxzkp9xj43xe8h92ktre2a3u3s8mm5mrp9nr9pwkgtz4mdlq9hgn4fps4k57ff6wddn2fy23t47sm20r8km8sd2pcyyafnet8f0dajsrlyjeah4n3mssr6aseevuuskdvq5lzguyvpgwpta742c6698vgutzqgny8usfg0w2he7kq5vyxjd0f9hqg8xk26y9e4th0gezq92q4cpp5p2y9hf5f2cje5l0c3sa3a2qxmm38pxxvhxh99yzmfz0zk7r2s64nnwjhkfgfr3gf8xnmppcgmaykvh5sh6g7vk9790rf8ws0axmr2t7z8aae5fq2029uvcn2ghgt4fu4wgwdc0k0cz52qkvwmuzj8p8k5jgf3xzk5zmrkavjekjrpeq408xz3zxazwkc6tyfmhayrkfpjhwtz5mp8j8guqe43k2q6m2kte03vrw27y3wmqyu5etmt9dnkwcnnpmu9gz9dekfhdevf42ucshphnrk38ra6hx8w5f8q5ru0xdhrjxmwqf6cused7zc5xvq43r0zscjglpwlptpwydhqw64xz7ptjdyeyzpq2zkxtmzg29gzjpvzva4d3l0cenn9xs297wf4y4ukwrunf57xj6pm7nvrkwvtrt8hwcmgv8x7ajw7258ugf9wvkmk4052ekg87tw5vnx8nq2swyzv77v8yqlwsenvamr0zssknwts8rrhfuwj7ykysnq9jxy0uv3kuyt22djszjdtvpz6d0s0kwh8ryynddzud92emeyvvyqktd0jtj7rvvg5gch25v8smlvny3kvn5gagyz475ze2y6q466xqmz2n3hs77lddeqyta2nch5k2u5yacuk9ywnwfdzvyejnucz724hj77hrrmakm7pr3kxsrxq22ejexlud9fy2kdqmkg5yncz7jm5wv2qjk5w5kvcpqsry2yqffh2la52dxfjkjq5rzhjzeyn6dupn0qwtyv7s4lwg3xdarsdlwe2y3tujy480y7z39q259fzx6jhd2j0f5hagqpcpees7hzc2yrk5cy788uk3s7qvp5cpepx24gvws3m2g433exgwppnkjscec8qu4y9z9r7vccexjcjaen42245lmgmxmuavg9alej92322gvvyy2t6267v09ch64y0m53jff0vjj96s0ypk60hr3jw4myd6m5hpn3xjstx7tl2szhpr5qe8jj08ydjc4wy2rch2fhuy3pdfjax5awe9j99ly5hkntzz9fe5zatgjvzdd0kgtxs25njnajyf6ssekp7gelxquusn4pt25czh3scj68kq79wdn5tgm6yvm9nzavrg043x3msnygf8dweknw5jmqd0uvny6ttsn09508k0c55zfnegrm9efhxpfqdkmhh6gjtqmwze9pyyzk3tlhl53k2ykx3qheyty7saeq0d3fzv49zc0k';

async function failure(promise: Promise<unknown>): Promise<AgeError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgeError);
  return error as AgeError;
}

describe('post-quantum age keys', () => {
  it('the spec example identity gives exactly the spec example recipient', async () => {
    const recipient = String(await HybridIdentity.parse(SPEC_IDENTITY).recipient());
    expect(recipient).toBe(SPEC_RECIPIENT_START);
    expect(createHash('sha256').update(recipient).digest('hex')).toBe('a091dd7e0ee9d62b75173dcc98441a0424baa941e66a8776e570a4ae60ff61ea');
  });

  it('a new identity prints as AGE-SECRET-KEY-PQ-1 and its recipient as age1pq1, and both parse back, in either case', async () => {
    const identity = await generateIdentity('pq');
    expect(identity).toBeInstanceOf(HybridIdentity);
    const recipient = await identity.recipient();
    expect(String(identity)).toMatch(/^AGE-SECRET-KEY-PQ-1[0-9A-Z]{58}$/);
    expect(String(recipient)).toMatch(/^age1pq1[0-9a-z]{1952}$/);
    expect(String(parseIdentity(String(identity).toLowerCase()))).toBe(String(identity));
    expect(String(parseRecipient(` ${recipient}\n`))).toBe(String(recipient));
    expect(String(parseRecipient(String(recipient).toUpperCase()))).toBe(String(recipient));
  });

  it('Ferry and age-encryption derive the same recipient from the same identity, either way round', async () => {
    const theirs = await generateHybridIdentity();
    expect(String(await HybridIdentity.parse(theirs).recipient())).toBe(await identityToRecipient(theirs));
    const ours = String(await HybridIdentity.generate());
    expect(await identityToRecipient(ours)).toBe(String(await HybridIdentity.parse(ours).recipient()));
  });

  it('a cut-off, mistyped or misplaced key is refused with a message saying what it is', () => {
    const good = SPEC_RECIPIENT_START;
    expect(() => parseRecipient(good.slice(0, 1000))).toThrow(KeyFormatError);
    expect(() => parseRecipient(good.slice(0, -1) + (good.endsWith('k') ? 'q' : 'k'))).toThrow(/not a valid post-quantum age recipient/);
    expect(() => parseRecipient(SPEC_IDENTITY)).toThrow(/secret key .*not a recipient/);
    expect(() => parseIdentity(good)).toThrow(/recipient .*not an identity/);
    expect(() => parseRecipient('ssh-ed25519 AAAA')).toThrow(/starts with "age1pq1" \(post-quantum\) or "age1"/);
    expect(() => HybridIdentity.parse('AGE-SECRET-KEY-1QQQ')).toThrow(/starts with "AGE-SECRET-KEY-PQ-1"/);
  });

  it('identity files of both kinds are read as age-keygen (-pq) writes them, and recipients files may list several', async () => {
    const pq = await HybridIdentity.generate();
    const text = await formatIdentityFile(pq, new Date('2026-01-02T03:04:05.678Z'));
    expect(text).toBe(`# created: 2026-01-02T03:04:05Z\n# public key: ${await pq.recipient()}\n${pq}\n`);
    const classic = await X25519Identity.generate();
    const both = parseIdentityFile(`${text}\n${await formatIdentityFile(classic)}`);
    expect(both.map(String)).toEqual([String(pq), String(classic)]);
    const other = await (await HybridIdentity.generate()).recipient();
    expect(parseRecipientsFile(`# two\n${await pq.recipient()}\n\n${other}\n`).map(String)).toEqual([String(await pq.recipient()), String(other)]);
    expect(() => parseIdentityFile('AGE-SECRET-KEY-PQ-1QQ\n', 'key.txt')).toThrow(/key\.txt, line 1/);
  });
});

describe('post-quantum archives', () => {
  it('an archive encrypted to several post-quantum recipients opens with each identity, streamed in any piece size', async () => {
    const [a, b, c] = await Promise.all([HybridIdentity.generate(), HybridIdentity.generate(), HybridIdentity.generate()]);
    const plaintext = bytes(200_000);
    const file = await encryptToRecipients(plaintext, [await a.recipient(), await b.recipient()]);
    const header = latin1(file.subarray(0, 3200));
    // spec: "-> mlkem768x25519 <enc>", enc = 1120 bytes (1494 base64 characters), body 32 bytes.
    expect(header).toMatch(/^age-encryption\.org\/v1\n-> mlkem768x25519 [A-Za-z0-9+/]{1494}\n[A-Za-z0-9+/]{43}\n-> mlkem768x25519 [A-Za-z0-9+/]{1494}\n[A-Za-z0-9+/]{43}\n--- /);
    expect(same(await decryptWithIdentities(file, [a]), plaintext)).toBe(true);
    expect(same(await decryptWithIdentities(file, [c, b]), plaintext)).toBe(true);
    async function* pieces(size: number) {
      for (let i = 0; i < file.length; i += size) yield file.subarray(i, i + size);
    }
    expect(same(await collect(decryptStream(pieces(777), [b])), plaintext)).toBe(true);
  });

  it('a person with the wrong key, a classic key or a passphrase is told which key the archive needs', async () => {
    const [pq, otherPq] = await Promise.all([HybridIdentity.generate(), HybridIdentity.generate()]);
    const classic = await X25519Identity.generate();
    const file = await encryptToRecipients(bytes(10), [await pq.recipient()]);
    const wrong = await failure(decryptWithIdentities(file, [otherPq]));
    expect([wrong.code, wrong.message]).toEqual(['wrong-identity', expect.stringMatching(/None of the given keys can open this archive: it was encrypted to a post-quantum age key \(age1pq1\.\.\.\)/)]);
    const classicTried = await failure(decryptWithIdentities(file, [classic]));
    expect([classicTried.code, classicTried.message]).toEqual(['wrong-identity', expect.stringMatching(/post-quantum .*given keys are classic ones .*AGE-SECRET-KEY-PQ-1/)]);
    const passphrase = await failure(decryptWithPassphrase(file, 'a passphrase'));
    expect([passphrase.code, passphrase.message]).toEqual(['unsupported-recipient', expect.stringMatching(/not protected by a passphrase: it was encrypted to a post-quantum age key/)]);
    const classicFile = await encryptToRecipients(bytes(10), [await classic.recipient()]);
    const pqTried = await failure(decryptWithIdentities(classicFile, [pq]));
    expect(pqTried.message).toMatch(/classic age key \(age1\.\.\.\), and the given keys are post-quantum ones/);
  });

  it('post-quantum and classic recipients are never mixed in one file, and nothing is wrapped before that is refused', async () => {
    const pq = await (await HybridIdentity.generate()).recipient();
    const classic = await (await X25519Identity.generate()).recipient();
    let wrapped = 0;
    const counting = (r: Recipient): Recipient => ({ labels: r.labels, wrap: (k) => (wrapped++, r.wrap(k)) });
    for (const order of [
      [pq, classic],
      [classic, pq],
    ]) {
      await expect(encryptToRecipients(bytes(1), order.map(counting))).rejects.toThrow(/Post-quantum recipients \(age1pq1\.\.\.\) and classic ones \(age1\.\.\.\) cannot be mixed in one file/);
      await expect(collect(encryptStream((async function* () {})(), order))).rejects.toThrow(/cannot be mixed/);
    }
    expect(wrapped).toBe(0);
    expect(() => checkRecipientsCompatible([pq, pq])).not.toThrow();
    expect(() => checkRecipientsCompatible([classic, classic])).not.toThrow();
    // A passphrase stays alone, whatever it is put with (and says so, not "classic").
    await expect(encryptToRecipients(bytes(1), [new ScryptRecipient('p', 10), pq])).rejects.toThrow(/passphrase recipient cannot be combined/);
  });

  it('a file that does carry both kinds of stanza (written elsewhere) still opens with either identity, as the spec allows', async () => {
    // Built by hand: Ferry will not write one. The CCTV vector hybrid_and_x25519 is such a file too.
    const pq = await HybridIdentity.generate();
    const classic = await X25519Identity.generate();
    const unlabelled = (r: Recipient): Recipient => ({ wrap: (k) => r.wrap(k) });
    const plaintext = bytes(1000);
    const file = await encryptToRecipients(plaintext, [unlabelled(await pq.recipient()), unlabelled(await classic.recipient())]);
    expect(same(await decryptWithIdentities(file, [pq]), plaintext)).toBe(true);
    expect(same(await decryptWithIdentities(file, [classic]), plaintext)).toBe(true);
  });
});

describe('HPKE and the post-quantum self-test', () => {
  it('HPKE base mode gives RFC 9180 A.2.1 ciphertexts and opens them, and refuses a changed one', async () => {
    const s = await loadSodium();
    const secret = hex('0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7');
    const info = hex('4f6465206f6e2061204772656369616e2055726e');
    const pt = hex('4265617574792069732074727574682c20747275746820626561757479');
    const ct = hpkeSealBase(s, 0x0020, secret, info, pt, utf8('Count-0'));
    expect(Buffer.from(ct).toString('hex')).toBe('1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28');
    expect(same(hpkeOpenBase(s, 0x0020, secret, info, ct, utf8('Count-0'))!, pt)).toBe(true);
    expect(hpkeOpenBase(s, 0x0021, secret, info, ct, utf8('Count-0'))).toBeNull(); // another suite
  });

  it('the self-test passes on the real library and refuses one whose key generation or decapsulation is off', async () => {
    const s = await loadSodium();
    expect(() => postQuantumSelfTest(s)).not.toThrow();
    const wrongKeys = { ...MLKEM768X25519, getPublicKey: (seed: Uint8Array) => MLKEM768X25519.getPublicKey(seed.map((b) => b ^ 1)) };
    expect(() => postQuantumSelfTest(s, wrongKeys)).toThrow(/Post-quantum encryption is disabled.*not the spec example recipient/);
    const wrongSecret = { ...MLKEM768X25519, decapsulate: () => new Uint8Array(32) };
    expect(() => postQuantumSelfTest(s, wrongSecret)).toThrow(/decapsulation disagrees/);
  });
});

describe('interoperability with the npm age-encryption package, post-quantum', () => {
  it('age-encryption decrypts with its identity what Ferry encrypted to its age1pq1 recipient, binary and armored', async () => {
    const identity = await generateHybridIdentity();
    const other = await (await HybridIdentity.generate()).recipient();
    for (const armored of [false, true]) {
      const plaintext = bytes(150_000);
      const file = await encryptToRecipients(plaintext, [parseRecipient(await identityToRecipient(identity)), other], { armor: armored });
      const d = new Decrypter();
      d.addIdentity(identity);
      const binary = armored ? armor.decode(new TextDecoder().decode(file)) : file;
      expect([armored, same(await d.decrypt(binary, 'uint8array'), plaintext)]).toEqual([armored, true]);
    }
  });

  it('Ferry decrypts what age-encryption encrypted to a Ferry post-quantum recipient, binary and armored', async () => {
    const identity = await HybridIdentity.generate();
    for (const armored of [false, true]) {
      const plaintext = bytes(150_000);
      const e = new Encrypter();
      e.addRecipient(String(await identity.recipient()));
      e.addRecipient(await identityToRecipient(await generateHybridIdentity()));
      const binary = await e.encrypt(plaintext);
      const file = armored ? utf8(armor.encode(binary)) : binary;
      expect([armored, same(await decryptWithIdentities(file, [identity]), plaintext)]).toEqual([armored, true]);
    }
  });
});
