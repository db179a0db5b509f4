/**
 * Where the CLI gets a passphrase: FERRY_PASSPHRASE for scripts, otherwise a prompt on the
 * terminal with echo off. Never from an argument: arguments end up in shell history and `ps`.
 */
import { openSync, closeSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';

export class PassphraseError extends Error {
  override name = 'PassphraseError';
}

/**
 * `confirm`: on a terminal, ask twice (for encryption: a typo would lock the archive for good).
 * `secret`: another secret asked the same way, e.g. an account's password from FERRY_XMPP_PASSWORD.
 */
export async function getPassphrase(
  purpose: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { confirm?: boolean; secret?: { envName: string; label: string } } = {},
): Promise<string> {
  const { envName, label } = options.secret ?? { envName: 'FERRY_PASSPHRASE', label: 'Passphrase' };
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    throw new PassphraseError(`A ${label.toLowerCase()} is needed to ${purpose}, and there is no terminal to ask on. Set ${envName}.`);
  }
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  try {
    const first = await promptHidden(input, output, `${label} to ${purpose}: `);
    if (first === '') throw new PassphraseError(`The ${label.toLowerCase()} must not be empty.`);
    if (options.confirm && (await promptHidden(input, output, `Confirm ${label.toLowerCase()}: `)) !== first) throw new PassphraseError(`The two ${label.toLowerCase()}s differ.`);
    return first;
  } finally {
    input.destroy();
    output.destroy();
    try {
      closeSync(fd);
    } catch {
      // already closed by the streams
    }
  }
}

function promptHidden(input: ReadStream, output: WriteStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // Echo off before the prompt shows: a fast typist (or a script) answering the prompt at once
    // would otherwise see the passphrase echoed by the still-cooked terminal.
    input.setRawMode(true);
    output.write(prompt);
    let typed = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.off('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new PassphraseError('Cancelled.'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}
