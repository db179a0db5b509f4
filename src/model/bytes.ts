/** Byte helpers shared by the archive, the converter and the writers. Browser-safe. */

/** One array holding `parts` end to end (what Buffer.concat does, for code that also runs in browsers). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
