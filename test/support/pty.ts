/**
 * Runs a program inside a pseudo-terminal and answers its prompts, for tools that only read
 * secrets from a terminal (the `age` CLI opens /dev/tty for passphrases and ignores stdin).
 *
 * Node has no pty API and the native node-pty package needs an install script, so this drives
 * Python's standard `pty` module (pty.fork gives the child a controlling terminal, which is
 * what opening /dev/tty needs). Prompt-driven, like `expect`: each answer is written only after
 * its prompt has appeared, because input typed before the program switches the terminal to
 * no-echo mode would be echoed, or lost if the program flushes pending input.
 *
 * Test-only code: Node APIs are fine here.
 */
import { spawn } from 'node:child_process';

export interface PtyStep {
  /** Text to wait for in the program's terminal output (after the previous step's match). */
  expect: string;
  /** Text to type once it appears; end lines with "\r", as the Enter key does. */
  send: string;
}

export interface PtyOptions {
  /** Whole-run limit; the program is killed after it. Default 30 s. */
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface PtyResult {
  /** Exit status, or null if the program was killed by a signal (e.g. on timeout). */
  exitCode: number | null;
  signal: number | null;
  /** Everything the program wrote to the terminal (prompts, errors), decoded as UTF-8. */
  transcript: string;
  timedOut: boolean;
  /** How many steps were answered; less than steps.length means a prompt never appeared. */
  stepsDone: number;
}

// The Python side. Config arrives as JSON in argv[1]; the result leaves as one JSON line on
// stdout. All the program's own output goes to the pty, never to this process's stdout.
const DRIVER = String.raw`
import json, os, pty, select, signal, sys, time
cfg = json.loads(sys.argv[1])
steps = cfg["steps"]
pid, fd = pty.fork()
if pid == 0:
    try:
        if cfg.get("cwd"):
            os.chdir(cfg["cwd"])
        os.execvpe(cfg["argv"][0], cfg["argv"], cfg["env"])
    except BaseException as e:
        os.write(2, ("pty driver: cannot run %r: %s\r\n" % (cfg["argv"][0], e)).encode())
    os._exit(127)
transcript = bytearray()
searched_from = 0
done = 0
timed_out = False
deadline = time.monotonic() + cfg["timeout"]
while True:
    left = deadline - time.monotonic()
    if left <= 0:
        timed_out = True
        # pty.fork made the child a session (and process group) leader: kill the whole group,
        # so that its own children do not linger holding the terminal open.
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            os.kill(pid, signal.SIGKILL)
        break
    ready, _, _ = select.select([fd], [], [], min(left, 0.25))
    if not ready:
        continue
    try:
        data = os.read(fd, 65536)
    except OSError:  # EIO: the terminal's other side closed, i.e. the program exited
        data = b""
    if not data:
        break
    transcript += data
    while done < len(steps):
        want = steps[done]["expect"].encode()
        at = transcript.find(want, searched_from)
        if at < 0:
            break
        searched_from = at + len(want)
        os.write(fd, steps[done]["send"].encode())
        done += 1
_, status = os.waitpid(pid, 0)
os.close(fd)
print(json.dumps({
    "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    "transcript": transcript.decode("utf-8", "replace"),
    "timedOut": timed_out,
    "stepsDone": done,
}))
`;

/** Runs argv in a pseudo-terminal, answering `steps` in order. Rejects only if the driver itself fails. */
export function runInPty(argv: readonly string[], steps: readonly PtyStep[], options: PtyOptions = {}): Promise<PtyResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const config = JSON.stringify({
    argv,
    steps,
    cwd: options.cwd ?? null,
    env: { ...(options.env ?? process.env), TERM: 'dumb' },
    timeout: timeoutMs / 1000,
  });
  return new Promise((resolve, reject) => {
    const driver = spawn('python3', ['-c', DRIVER, config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    driver.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    driver.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Backstop in case the driver itself hangs: its own timeout plus a margin.
    const backstop = setTimeout(() => driver.kill('SIGKILL'), timeoutMs + 10_000);
    driver.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(backstop);
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'python3 is needed to drive programs through a pseudo-terminal, and it is not installed (apt-get install -y python3).'
            : `Could not start the pseudo-terminal driver: ${error.message}`,
          { cause: error },
        ),
      );
    });
    driver.on('close', (code, signal) => {
      clearTimeout(backstop);
      try {
        resolve(JSON.parse(stdout) as PtyResult);
      } catch {
        reject(new Error(`The pseudo-terminal driver failed (exit ${code ?? signal}) running ${argv.join(' ')}.\nstderr: ${stderr}\nstdout: ${stdout}`));
      }
    });
  });
}

/**
 * Like runInPty, but throws a readable Error unless the program answered every prompt and
 * exited with status 0. The message says which prompt never came and shows the transcript.
 */
export async function runInPtyOrThrow(argv: readonly string[], steps: readonly PtyStep[], options: PtyOptions = {}): Promise<PtyResult> {
  const result = await runInPty(argv, steps, options);
  const problems: string[] = [];
  if (result.timedOut) problems.push(`it did not finish within ${options.timeoutMs ?? 30_000} ms and was killed`);
  const missing = steps[result.stepsDone];
  if (missing) problems.push(`it never printed the prompt ${JSON.stringify(missing.expect)}`);
  if (result.exitCode !== 0 && !result.timedOut) problems.push(result.exitCode === null ? `it was killed by signal ${result.signal}` : `it exited with status ${result.exitCode}`);
  if (problems.length > 0) {
    throw new Error(`\`${argv.join(' ')}\` in a pseudo-terminal failed: ${problems.join('; ')}.\nWhat it printed:\n${result.transcript}`);
  }
  return result;
}
