/**
 * The window.postMessage leg between the isolated content script and the MAIN-world script.
 * It carries the same envelopes as ../protocol.ts (a name from its table, that name's request
 * type), tagged with a correlation id, and the same wrapped replies; the MAIN world answers them
 * with the protocol's own `dispatch`, so this leg is as typed as the others.
 */
import type { Envelope, Wrapped } from '../protocol.js';

export const MAIN_REQUEST = '__ferryRequest';
export const MAIN_REPLY = '__ferryReply';

export type MainRequest = { [MAIN_REQUEST]: string } & Envelope;

export type MainReply = { [MAIN_REPLY]: string } & Wrapped<unknown>;
