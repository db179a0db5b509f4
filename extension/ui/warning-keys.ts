/** Where a reader's notice (src/connectors/kit/warnings.ts) finds its sentence in _locales. */
import type { WarningCode } from '../../src/connectors/kit/warnings.js';

/** `not_utf8` -> `convertWarningNotUtf8`; test/extension/warning-keys.test.ts checks both locales have each. */
export function warningKey(code: WarningCode): string {
  return `convertWarning${code.replace(/(^|_)([a-z0-9])/g, (_match: string, _start: string, c: string) => c.toUpperCase())}`;
}
