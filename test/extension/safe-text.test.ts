import { describe, expect, it } from 'vitest';
import { revealBidiControls } from '../../extension/ui/safe-text.js';

describe('names cannot reorder themselves', () => {
  it('shows a right-to-left override in a file name as a visible code point', () => {
    expect(revealBidiControls('evil\u202Egpj.exe')).toBe('evil[U+202E]gpj.exe');
  });
  it('reveals every embedding, override and isolate, and leaves Korean, Arabic and emoji alone', () => {
    expect(revealBidiControls('\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069')).toBe('[U+202A][U+202B][U+202C][U+202D][U+2066][U+2067][U+2068][U+2069]');
    expect(revealBidiControls('김서연 مرحبا 👍')).toBe('김서연 مرحبا 👍');
  });
});
