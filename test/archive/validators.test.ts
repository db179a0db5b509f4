import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateValidatorSource, generateValidatorTypes } from '../../scripts/validators-source.js';

const generated = (name: string) => readFileSync(new URL(`../../src/archive/generated/${name}`, import.meta.url), 'utf8');

describe('build-time validators', () => {
  it('the committed validators are compiled from the current schemas (run npm run build:validators when this fails)', () => {
    expect(generated('validators.js')).toBe(generateValidatorSource());
    expect(generated('validators.d.ts')).toBe(generateValidatorTypes());
  });

  it('the compiled validators never build code at run time, so an MV3 page may load them', () => {
    const source = generated('validators.js');
    expect(source).not.toMatch(/new Function|\beval\(|require\(/);
  });
});
