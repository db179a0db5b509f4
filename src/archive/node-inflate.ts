/**
 * Native zlib inflating a file's entries on a worker thread (Node only), for ByteSource.inflateRaw:
 * the reader parses one step's messages while the other core inflates the next ones. fflate's
 * inflate on the reading thread was a quarter of reading a 1M-message archive, after decoding
 * was fixed (bench/archive-child.ts read, --cpu-prof: inflt, slc and cbuf).
 *
 * The reader stays synchronous: it takes the worker's output with receiveMessageOnPort and,
 * when none is there yet, sleeps on a shared counter the worker bumps after every message
 * (Atomics.wait is allowed on Node's main thread). The worker runs at most CREDIT steps ahead,
 * so memory stays bounded whatever the entry's size. It only inflates: every check (declared
 * size, CRC-32, what the bytes decode to) stays in zip-reader.ts and stream.ts, on the output.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Inflated bytes per message from the worker, and how many messages it may run ahead of the reader. */
const STEP = 64 * 1024;
const CREDIT = 16;
/** A worker silent this long is gone (killed, out of memory): fail instead of waiting forever. */
const SILENCE_MS = 60_000;

// Plain JavaScript evaluated as the worker's script: nothing to bundle or resolve, so it runs the
// same under tsx, esbuild bundles and the CLI's vite build.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { createInflateRaw } = require('node:zlib');
const { readSync } = require('node:fs');
const port = workerData.port;
const signal = new Int32Array(workerData.signal);
const STEP = ${STEP};
const READ = 256 * 1024;
let job;
function post(message, transfer) {
  port.postMessage(message, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}
port.on('message', (m) => {
  if (m.type === 'start') start(m);
  else if (job && job.id === m.id) {
    if (m.type === 'credit') {
      job.credit += m.n;
      if (job.credit > 0) job.z.resume();
    } else if (m.type === 'stop') stop();
  }
});
function stop() {
  if (!job) return;
  job.z.destroy();
  job = undefined;
}
function start(m) {
  stop();
  const z = createInflateRaw({ chunkSize: STEP });
  const mine = (job = { id: m.id, z, credit: ${CREDIT}, at: 0, produced: 0 });
  z.on('data', (data) => {
    if (job !== mine) return;
    // zlib's outputs share one buffer: copy before handing it over.
    const chunk = new Uint8Array(data);
    mine.produced += chunk.length;
    post({ id: mine.id, chunk }, [chunk.buffer]);
    // Past the declared size the reader refuses the entry: inflating further would be wasted.
    if (mine.produced > m.limit) {
      post({ id: mine.id, end: true });
      stop();
      return;
    }
    if (--mine.credit <= 0) z.pause();
  });
  z.on('end', () => {
    if (job === mine) post({ id: mine.id, end: true });
  });
  z.on('error', (error) => {
    if (job !== mine) return;
    post({ id: mine.id, error: error.message });
    job = undefined;
  });
  const feed = () => {
    while (job === mine && mine.at < m.length) {
      const buffer = Buffer.allocUnsafe(Math.min(READ, m.length - mine.at));
      let done = 0;
      while (done < buffer.length) {
        const n = readSync(m.fd, buffer, done, buffer.length - done, m.offset + mine.at + done);
        if (n === 0) break;
        done += n;
      }
      mine.at += buffer.length;
      if (done < buffer.length) {
        post({ id: mine.id, error: 'the file is shorter than its zip directory says' });
        job = undefined;
        return;
      }
      if (!z.write(buffer)) {
        z.once('drain', feed);
        return;
      }
    }
    if (job === mine) z.end();
  };
  try {
    feed();
  } catch (error) {
    post({ id: mine.id, error: error instanceof Error ? error.message : String(error) });
    job = undefined;
  }
}
`;

interface FromWorker {
  id: number;
  chunk?: Uint8Array;
  end?: true;
  error?: string;
}

/** Inflating for one open file: the worker starts on first use and ends with close(). */
export function threadedInflater(fd: number): {
  inflateRaw: (offset: number, length: number, limit: number) => Generator<Uint8Array>;
  close: () => void;
} {
  let worker: Worker | undefined;
  let port: MessagePort | undefined;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  let jobs = 0;

  const open = (): MessagePort => {
    if (port) return port;
    const channel = new MessageChannel();
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: channel.port2, signal: signal.buffer }, transferList: [channel.port2] });
    // Neither keeps the process alive: a reader dropped without close() must not hang it.
    worker.unref();
    channel.port1.unref();
    return (port = channel.port1);
  };

  const receive = (from: MessagePort): FromWorker => {
    for (;;) {
      // Loaded before looking, so a message posted in between wakes the wait at once.
      const posted = Atomics.load(signal, 0);
      const got = receiveMessageOnPort(from);
      if (got) return got.message as FromWorker;
      if (Atomics.wait(signal, 0, posted, SILENCE_MS) === 'timed-out') throw new Error(`the inflating thread gave nothing for ${SILENCE_MS / 1000} s`);
    }
  };

  function* inflateRaw(offset: number, length: number, limit: number): Generator<Uint8Array> {
    const to = open();
    const id = ++jobs;
    to.postMessage({ type: 'start', id, fd, offset, length, limit });
    let over = false;
    try {
      for (;;) {
        const message = receive(to);
        // Left over from an entry the reader stopped reading.
        if (message.id !== id) continue;
        if (message.error !== undefined) {
          over = true;
          throw new Error(message.error);
        }
        if (message.end) {
          over = true;
          return;
        }
        to.postMessage({ type: 'credit', id, n: 1 });
        yield message.chunk!;
      }
    } finally {
      if (!over) to.postMessage({ type: 'stop', id });
    }
  }

  return {
    inflateRaw,
    close: () => {
      void worker?.terminate();
      port?.close();
      worker = undefined;
      port = undefined;
    },
  };
}
