// The load generator: thousands of raw SSE clients in one process, separate from the servers. Each
// client scans its stream for `"publishedAt":<ms>` and records publish→receive latency of every
// delivery (1 ms histogram), and folds the ids it sees into a hash so runs across processes can
// check that every client saw the same ids in the same order.
import { connect } from "node:net";

const MAX_MS = 60_000;
let hist = new Uint32Array(MAX_MS + 2);
let sockets = [];

const ID = Buffer.from("\nid: ");
const AT = Buffer.from('"publishedAt":');
const HEAD_END = Buffer.from("\r\n\r\n");
const FRAME_END = Buffer.from("\n\n");

function fnv(hash, buf, from, to) {
  let h = hash;
  for (let i = from; i < to; i++) {
    h ^= buf[i];
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

// Scans raw bytes (no string conversion): the loadgen shares the CPU with the server it measures.
function scan(state, buf, now) {
  let at = buf.indexOf(AT);
  let idAt = buf.indexOf(ID);
  while (at !== -1) {
    let value = 0;
    for (let i = at + AT.length; i < buf.length; i++) {
      const c = buf[i] - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
    }
    hist[Math.min(Math.max(0, now - value), MAX_MS + 1)] += 1;
    state.count += 1;
    if (idAt !== -1 && idAt < at) {
      const stop = buf.indexOf(10, idAt + ID.length);
      state.hash = fnv(state.hash, buf, idAt + ID.length, stop);
      idAt = buf.indexOf(ID, stop);
    }
    at = buf.indexOf(AT, at + AT.length);
  }
}

function open(port) {
  return new Promise((resolve) => {
    const state = { socket: null, carry: null, headers: false, hash: 2166136261, count: 0 };
    const socket = connect({ port, host: "127.0.0.1", noDelay: true }, () => {
      socket.write(
        "GET /?topics=metric.update HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
      );
    });
    state.socket = socket;
    socket.on("error", () => resolve(null));
    socket.on("data", (chunk) => {
      const now = Date.now();
      const buf = state.carry === null ? chunk : Buffer.concat([state.carry, chunk]);
      state.carry = null;
      if (!state.headers) {
        if (buf.indexOf(HEAD_END) === -1) {
          state.carry = buf;
          return;
        }
        state.headers = true;
        resolve(state);
      }
      // Only complete frames are scanned; a frame split across reads waits for its end. Both
      // servers answer HTTP/1.1 with chunked framing, so every "id:" line follows a "\n".
      const end = buf.lastIndexOf(FRAME_END);
      if (end === -1) {
        state.carry = buf;
        return;
      }
      if (end + 2 < buf.length) state.carry = buf.subarray(end + 2);
      scan(state, end + 2 < buf.length ? buf.subarray(0, end + 2) : buf, now);
    });
  });
}

function quantile(q) {
  let total = 0;
  for (const n of hist) total += n;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i];
    if (seen >= rank) return i;
  }
  return MAX_MS + 1;
}

process.on("message", async (message) => {
  if (message.cmd === "connect") {
    const started = Date.now();
    const opened = [];
    // Waves keep the servers' accept queues from overflowing.
    for (let i = 0; i < message.n; i += 500) {
      const wave = [];
      for (let j = i; j < Math.min(message.n, i + 500); j++)
        wave.push(open(message.ports[j % message.ports.length]));
      opened.push(...(await Promise.all(wave)));
    }
    sockets = opened.filter(Boolean);
    process.send({
      type: "connected",
      clients: sockets.length,
      failed: message.n - sockets.length,
      ms: Date.now() - started,
    });
  } else if (message.cmd === "reset") {
    hist = new Uint32Array(MAX_MS + 2);
    for (const s of sockets) {
      s.hash = 2166136261;
      s.count = 0;
    }
    process.send({ type: "reset" });
  } else if (message.cmd === "report") {
    let total = 0;
    let max = 0;
    for (let i = 0; i < hist.length; i++) {
      total += hist[i];
      if (hist[i] > 0) max = i;
    }
    const sequences = new Map();
    let complete = 0;
    for (const s of sockets) {
      if (s.count === message.expectedPerClient) complete += 1;
      sequences.set(s.hash, (sequences.get(s.hash) ?? 0) + 1);
    }
    const buckets = [];
    for (let i = 0; i < hist.length; i++) if (hist[i] > 0) buckets.push([i, hist[i]]);
    process.send({
      type: "report",
      buckets,
      deliveries: total,
      p50: quantile(0.5),
      p99: quantile(0.99),
      max,
      complete,
      distinctSequences: sequences.size,
      alive: sockets.filter((s) => !s.socket.destroyed).length,
    });
  } else if (message.cmd === "close") {
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise((resolve) => {
            s.socket.once("close", resolve);
            s.socket.destroy();
          }),
      ),
    );
    sockets = [];
    process.send({ type: "closed" });
  } else if (message.cmd === "exit") process.exit(0);
});
process.send({ type: "ready" });
