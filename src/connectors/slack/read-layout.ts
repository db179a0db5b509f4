/**
 * Where things lie in a Slack export: the folder holding users.json and the conversation lists
 * (the top, or one folder down in some zips), the day files `<conversation>/<YYYY-MM-DD>.json`,
 * and one entry read as JSON.
 */
import { parseJsonFile, type JsonRepairs } from '../kit/json-input.js';
import type { InputFile } from '../contract.js';

export const DAY_FILE = /^(.*\/)?([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;
export const LISTS = ['channels.json', 'groups.json', 'mpims.json', 'dms.json'] as const;

/** The folder inside the container that holds users.json / channels.json ("" at the top). */
export function rootOf(entries: ReadonlyMap<string, Uint8Array>): string | undefined {
  let best: string | undefined;
  for (const key of entries.keys()) {
    const m = /^(.*\/)?(users|channels)\.json$/.exec(key);
    if (m && (best === undefined || (m[1] ?? '').length < best.length)) best = m[1] ?? '';
  }
  return best;
}

/** `repairs` counts what every file of the export needed (NULs removed). */
export function readJson(container: InputFile, path: string, repairs?: JsonRepairs): unknown {
  const bytes = container.siblings!.get(path);
  if (!bytes) return undefined;
  return parseJsonFile({ kind: 'file', name: `${container.name}/${path}`, bytes }, 'part of a Slack export', undefined, repairs);
}
