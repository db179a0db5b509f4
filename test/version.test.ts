import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { FERRY_VERSION } from '../src/version.js';

it('reports the version package.json declares', () => {
  expect(FERRY_VERSION).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
});
