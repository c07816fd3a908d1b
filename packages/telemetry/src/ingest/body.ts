import { DaiError } from "@dai/core";

/**
 * Reads a request body's bytes, refusing (413) as soon as it passes `limit` bytes, whether or not the
 * client declared a Content-Length.
 */
export async function readBodyLimited(request: Request, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new DaiError("payload_too_large", `request body exceeds the limit of ${limit} bytes`, { status: 413 });
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  if (Number.isFinite(declared)) {
    // The HTTP parser holds a declared length to its word: read in one go.
    const bytes = await request.arrayBuffer();
    if (bytes.byteLength > limit) throw tooLarge();
    return Buffer.from(bytes);
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
