/**
 * The window.postMessage leg between the isolated content script and the MAIN-world script.
 * It carries the same named requests as ../protocol.ts, tagged with a correlation id.
 */
export const MAIN_REQUEST = '__ferryRequest';
export const MAIN_REPLY = '__ferryReply';

export interface MainRequest {
  [MAIN_REQUEST]: string;
  name: string;
  request: unknown;
}

export type MainReply = { [MAIN_REPLY]: string } & ({ ok: true; value: unknown } | { ok: false; error: string; retryable?: true });
