import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STRENGTH_LABELS, passphraseStrength } from '../../extension/ui/passphrase-strength.js';

describe('passphrase strength meter', () => {
  it('rates a common password very weak and says why in a sentence', () => {
    for (const weak of ['password', '1234', 'qwerty123']) {
      const strength = passphraseStrength(weak);
      expect(strength.score, weak).toBe(0);
      expect(strength.label).toBe('very weak');
    }
    const strength = passphraseStrength('password');
    // Sentences, not zxcvbn's translation keys ("topTen", "anotherWord").
    expect(strength.warning).toMatch(/ /);
    expect(strength.suggestions.length).toBeGreaterThan(0);
    for (const suggestion of strength.suggestions) expect(suggestion).toMatch(/ /);
  });

  it('rates a long random passphrase very strong, with nothing to suggest', () => {
    const strength = passphraseStrength(randomBytes(24).toString('base64'));
    expect(strength.score).toBe(4);
    expect(strength.label).toBe('very strong');
    expect(strength.warning).toBeNull();
    expect(strength.suggestions).toEqual([]);
  });

  it('rates Korean passphrases: a short word weak, a long sentence strong', () => {
    for (const short of ['비밀번호', '안녕하세요', 'ㅁㄴㅇㄹ']) expect(passphraseStrength(short).score, short).toBeLessThanOrEqual(1);
    const sentence = passphraseStrength('우리 집 고양이는 매일 아침 일곱 시에 창문 밖을 본다');
    expect(sentence.score).toBeGreaterThanOrEqual(3);
    expect(STRENGTH_LABELS).toContain(sentence.label);
  });

  it('rates more words higher, never lower', () => {
    const scores = ['correct', 'correct horse', 'correct horse battery staple'].map((p) => passphraseStrength(p).score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(scores.at(-1)).toBe(4);
  });

  it('only weighs the first 256 characters, so a pasted novel does not freeze the page', () => {
    const long = randomBytes(4096).toString('base64');
    const began = performance.now();
    expect(passphraseStrength(long).score).toBe(4);
    expect(performance.now() - began).toBeLessThan(2000);
  });
});
