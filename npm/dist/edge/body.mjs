// Request bodies read with a byte limit (issue 11, finding 2). A chunked body has no
// content-length to check first, and `request.text()` would read all of it before the size
// could be known: the stream is read chunk by chunk instead, counting bytes, and cancelled as
// soon as the count passes the limit.

/**
 * The body as UTF-8 text: `{ text }`, or `{ tooLarge: true }` when it is (or says it is) larger
 * than `maxBytes`, in which case at most one chunk past the limit has been read, or
 * `{ incomplete: true }` when the host could not read it to its end (the client closed the
 * connection early, a broken chunked encoding: issue 29, e05). The client's doing, so never a 500.
 */
export async function readTextLimited(request, maxBytes) {
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= maxBytes)) return { tooLarge: true };
  if (!request.body) return { text: "" };
  let reader;
  try {
    reader = request.body.getReader();
  } catch {
    return { incomplete: true }; // read already (locked or disturbed)
  }
  const chunks = [];
  let total = 0;
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch {
      await reader.cancel("body incomplete").catch(() => {});
      return { incomplete: true };
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading: the rest is never pulled from the client.
      await reader.cancel("body too large").catch(() => {});
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return { text: new TextDecoder().decode(bytes) };
}
