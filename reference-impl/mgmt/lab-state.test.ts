// The lab state folder under concurrent starts: several processes loading one new lab at once
// all end with the same, whole host key and password (no half-written file, no EEXIST crash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function load(script: string, stateDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', script, stateDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (b: Buffer) => (out += b.toString()));
    c.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const t = setTimeout(() => c.kill('SIGKILL'), 60_000);
    c.on('close', (code) => {
      clearTimeout(t);
      if (code === 0) resolve(out);
      else reject(new Error(`exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

void test('six processes starting one new lab at once share one whole host key and one password', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-labstate-'));
  const script = path.join(dir, 'load.ts');
  fs.writeFileSync(script, `import { loadLabState } from ${JSON.stringify(path.join(__dirname, 'lab-state'))};
const s = loadLabState('race', { stateDir: process.argv[2] });
process.stdout.write(JSON.stringify({ fp: s.fingerprint, pw: s.auth.password }));
`);
  try {
    const outs = await Promise.all(Array.from({ length: 6 }, () => load(script, dir)));
    const got = outs.map((o) => JSON.parse(o) as { fp: string; pw: string });
    assert.equal(new Set(got.map((g) => g.fp)).size, 1, `fingerprints: ${got.map((g) => g.fp).join(' ')}`);
    assert.equal(new Set(got.map((g) => g.pw)).size, 1, 'one password');
    const files = fs.readdirSync(path.join(dir, 'labs', 'race')).sort();
    assert.deepEqual(files, ['credentials', 'ssh_host_ed25519_key'], 'no temporary file left');
    assert.equal(fs.statSync(path.join(dir, 'labs', 'race', 'ssh_host_ed25519_key')).mode & 0o777, 0o600);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
