/** Wrong arguments: exit code 2 and the usage text, as the Unix convention goes. */
export class UsageError extends Error {
  override name = 'UsageError';
}
