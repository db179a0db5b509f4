/**
 * The few helpers Ajv's standalone validators call at run time (generated/validators.js imports
 * them). Ajv's own helpers are CommonJS and reach them with `require`, which neither an ES module
 * in Node nor an extension page can do, so the generator points its imports here instead.
 */

/** Length in Unicode code points, as JSON Schema's minLength/maxLength count (not UTF-16 units). */
export function ucs2length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    length++;
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return length;
}

// RFC 3339 section 5.6, with the offset required (the spec's rule: every timestamp says its offset).
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?([Zz]|[+-](\d\d):(\d\d))$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS[month]!)) return false;
  // 60 allows a leap second; offsets up to 23:59 as RFC 3339 allows.
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

/** The shape Ajv expects for a format: { validate }. */
export const formats = {
  'date-time': { validate: isDateTime },
};
