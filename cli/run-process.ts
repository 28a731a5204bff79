// Runs `netproof` as a user does (a real child process), for the CLI's own tests.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..');
export const BIN = path.join(ROOT, 'bin', 'netproof.js');

export interface Run { code: number | null; out: string; err: string }

/** `netproof ARGS` from the project root with ENV added; `onOut` sees all stdout so far on each chunk. */
export function netproof(args: string[], env: NodeJS.ProcessEnv, onOut?: (all: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      onOut?.(out, c);
    });
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('exit', (code) => resolve({ code, out, err }));
  });
}
