/** The AgeError a promise rejects with; fails the test if it resolves or rejects with anything else. */
import { expect } from 'vitest';
import { AgeError } from '../../src/crypto/index.js';

export async function ageErrorOf(promise: Promise<unknown>): Promise<AgeError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgeError);
  return error as AgeError;
}
