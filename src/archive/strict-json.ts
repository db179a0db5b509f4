/**
 * JSON as I-JSON (RFC 7493) reads it: no object with the same key twice, and (Ferry's own bound)
 * no nesting deeper than a limit. JSON.parse silently keeps the last of two equal keys, while
 * other parsers keep the first, so `{"schemaVersion":"99.0",...,"schemaVersion":"1.1"}` would
 * mean one thing to Ferry and another to the next tool; and a value nested 100,000 deep parses,
 * then overflows the stack of whatever walks it (a validator, JSON.stringify).
 *
 * The text is parsed by the native JSON.parse (fast, and its errors say where the syntax is
 * wrong); a single linear scan of the same text beside it finds repeated keys and the depth,
 * without building anything but the keys of the object it is in. Browser-safe.
 */

export class StrictJsonError extends Error {
  override name = 'StrictJsonError';
  constructor(
    readonly kind: 'duplicate-key' | 'depth',
    message: string,
    /** JSON Pointer (RFC 6901) to the repeated key, or to the value nested too deep. */
    readonly pointer: string,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

interface Frame {
  object: boolean;
  /** Keys seen so far (objects); a few keys are found faster in an array than in a Set. */
  keys: string[] | Set<string> | undefined;
  /** The member being read: its key (objects) or its index (arrays). */
  at: string | number;
  /** In an object: the next string is a key. */
  expectKey: boolean;
}

const escapeToken = (token: string | number) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

function pointerOf(stack: readonly Frame[], upTo = stack.length): string {
  let out = '';
  for (let i = 0; i < upTo; i++) out += `/${escapeToken(stack[i]!.at)}`;
  return out;
}

/** JSON.parse(text), refusing repeated keys and nesting past `maxDepth`. Throws SyntaxError for text that is not JSON. */
export function parseStrictJson(text: string, maxDepth: number): unknown {
  const value: unknown = JSON.parse(text);
  // Scalars cannot nest too deep; only objects can repeat a key. The scan runs only when the
  // cheap proof below fails, and it alone decides (and words the error).
  if (typeof value === 'object' && value !== null && !provablyStrict(text, value, maxDepth)) checkStructure(text, maxDepth);
  return value;
}

/**
 * True only when `text` (which JSON.parse turned into `value`) has no repeated key and no
 * nesting past `maxDepth`; false means "not proven", and the scan decides. Costs about a sixth
 * of the scan on archive lines (0.2-0.4 µs against 1.3 µs per message).
 *
 * Every key in the text is a string followed by optional whitespace and a colon, so the
 * colons right after a quote are at least as many as the keys (more when a string holds `":`).
 * Parsing keeps one member per distinct key, so `value` has at most that many members, fewer
 * exactly when a key repeats. Equal counts therefore rule a repeated key out; the depth of the
 * parsed value is the depth of the text.
 */
function provablyStrict(text: string, value: object, maxDepth: number): boolean {
  const members = membersUpTo(value, 1, maxDepth);
  return members >= 0 && members === colonsAfterQuote(text);
}

/** Own keys of every object in `value`, or -1 past `maxDepth` (recursion stops there). */
function membersUpTo(value: object, depth: number, maxDepth: number): number {
  if (depth > maxDepth) return -1;
  let count = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) {
        const inner = membersUpTo(item, depth + 1, maxDepth);
        if (inner < 0) return -1;
        count += inner;
      }
    }
    return count;
  }
  const keys = Object.keys(value);
  count = keys.length;
  for (let i = 0; i < keys.length; i++) {
    const item: unknown = (value as Record<string, unknown>)[keys[i]!];
    if (typeof item === 'object' && item !== null) {
      const inner = membersUpTo(item, depth + 1, maxDepth);
      if (inner < 0) return -1;
      count += inner;
    }
  }
  return count;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

function colonsAfterQuote(text: string): number {
  let count = 0;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) {
    let before = at - 1;
    let c = text.charCodeAt(before);
    while (c === SPACE || c === TAB || c === CR || c === LF) c = text.charCodeAt(--before);
    if (c === QUOTE) count++;
  }
  return count;
}

/** The scan: valid JSON only (JSON.parse has accepted it), so it need not check the grammar. */
function checkStructure(text: string, maxDepth: number): void {
  const stack: Frame[] = [];
  let top: Frame | undefined;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // The string's end: the next quote not escaped, found natively.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
      }
      if (top?.expectKey) {
        const raw = text.slice(i + 1, end);
        // "a" and "\u0061" are the same key: compare what they mean.
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        addKey(top, key, stack);
        top.at = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (stack.length >= maxDepth) {
        throw new StrictJsonError('depth', `nested more than ${maxDepth} levels deep`, pointerOf(stack));
      }
      top = { object: c === OPEN_OBJECT, keys: undefined, at: 0, expectKey: c === OPEN_OBJECT };
      stack.push(top);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      top = stack[stack.length - 1];
    } else if (c === COMMA && top) {
      if (top.object) top.expectKey = true;
      else top.at = (top.at as number) + 1;
    }
  }
}

function addKey(frame: Frame, key: string, stack: readonly Frame[]): void {
  const keys = frame.keys;
  if (keys === undefined) {
    frame.keys = [key];
    return;
  }
  const seen = Array.isArray(keys) ? keys.includes(key) : keys.has(key);
  if (seen) {
    frame.at = key;
    throw new StrictJsonError('duplicate-key', `the key ${JSON.stringify(key)} appears twice in one object (I-JSON, RFC 7493, forbids it: tools disagree on which one counts)`, pointerOf(stack));
  }
  if (Array.isArray(keys)) {
    keys.push(key);
    if (keys.length > 16) frame.keys = new Set(keys);
  } else keys.add(key);
}
