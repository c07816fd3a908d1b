// Pure helpers shared by the Node side and the edge reader: no Node built-ins, no @dai/core runtime.

/**
 * cyrb53: a fast 53-bit string hash. Content hashes for ETags need to be stable and spread well,
 * not cryptographic; 53 bits keep the value exact in a JS number.
 *
 * @example contentHash('{"score":71.2}') // "1x0s4w3bq6j"
 */
export function contentHash(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** A strong ETag for a body: `"<hash>"`. @example etagOf("{}") // "\"…\"" */
export function etagOf(body: string): string {
  return `"${contentHash(body)}"`;
}

/** UTF-8 byte length of a string without TextEncoder allocations (the cache's byte budget). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
