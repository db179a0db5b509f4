/**
 * The one reply shape of Ferry's Workers (convert, seal, kdf), and both ends of it: a page asks
 * with `askWorker`, a worker answers with `serveRequests`. Each request carries an id; the worker
 * may send progress notes for it, then exactly one outcome, `{ok: true, value}` or
 * `{ok: false, error, detail?}` (Errors do not survive postMessage, so they cross as text, with
 * typed details where a page must react, such as a reader's ConvertError).
 */
export interface WorkerCall {
  id: number;
}

export type WorkerReply<T, P = never, F = never> =
  | { id: number; progress: P }
  | { id: number; ok: true; value: T }
  | { id: number; ok: false; error: string; detail?: F };

/** What the worker's work returns: the value, and the buffers to hand over instead of copying. */
export interface WorkDone<T> {
  value: T;
  transfer?: Transferable[];
}

/** Worker side: runs `work` for every request and posts its progress and outcome. */
export function serveRequests<Q extends WorkerCall, T, P = never, F = never>(
  work: (request: Q, progress: (note: P) => void) => Promise<WorkDone<T>>,
  detailOf?: (error: unknown) => F | undefined,
): void {
  const scope = self as unknown as Worker;
  const post = (reply: WorkerReply<T, P, F>, transfer: Transferable[] = []) => scope.postMessage(reply, transfer);
  self.onmessage = async (event: MessageEvent<Q>) => {
    const { id } = event.data;
    try {
      const { value, transfer } = await work(event.data, (progress) => post({ id, progress }));
      post({ id, ok: true, value }, transfer);
    } catch (error) {
      const detail = detailOf?.(error);
      post({ id, ok: false, error: error instanceof Error ? error.message : String(error), ...(detail !== undefined ? { detail } : {}) });
    }
  };
}

/** A worker's failure on the page side, with the worker's typed detail when it sent one. */
export class WorkerFailure<F = never> extends Error {
  constructor(
    message: string,
    readonly detail?: F,
  ) {
    super(message);
    this.name = 'WorkerFailure';
  }
}

let nextId = 1;

/**
 * Page side: sends one request to `worker` and settles with its outcome; `what` names the worker
 * in the error when the worker itself dies ("The worker writing the archive").
 */
export function askWorker<Q extends WorkerCall, T, P = never, F = never>(worker: Worker, request: Omit<Q, 'id'>, what: string, onProgress?: (note: P) => void): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
    };
    function onMessage(event: MessageEvent<WorkerReply<T, P, F>>) {
      const reply = event.data;
      if (reply.id !== id) return;
      if ('progress' in reply) {
        onProgress?.(reply.progress);
        return;
      }
      done();
      if (reply.ok) resolve(reply.value);
      else reject(new WorkerFailure<F>(reply.error, reply.detail));
    }
    function onError(event: ErrorEvent) {
      done();
      reject(new WorkerFailure<F>(`${what} failed: ${event.message || 'no reason given'}`));
    }
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    worker.postMessage({ ...request, id });
  });
}
