// Test support: a device played by a function, over MemoryTransport. Each line the driver sends is
// echoed (unless the handler says not to: passwords) and answered by `handle`, and every reply is
// delivered one character per event-loop turn, so the tests also prove the reading is
// fragment-proof.
import { MemoryTransport } from './memory-transport';

export interface Reply {
  /** Text to send back (the next prompt included). */
  text: string;
  /** Do not echo the line (a password). */
  noEcho?: boolean;
}

export interface ScriptedDevice {
  transport: MemoryTransport;
  /** Every line received, passwords included (tests check what was sent). */
  lines: string[];
}

export function scriptedDevice(name: string, greeting: string, handle: (line: string) => string | Reply): ScriptedDevice {
  const transport = new MemoryTransport(name);
  const lines: string[] = [];
  let pending = '';
  let queue = '';
  let pumping = false;
  const pump = (): void => {
    if (pumping) return;
    pumping = true;
    const next = (): void => {
      if (queue.length === 0 || transport.isClosed) { pumping = false; return; }
      const c = queue[0] as string;
      queue = queue.slice(1);
      transport.feed(c);
      setImmediate(next);
    };
    setImmediate(next);
  };
  const say = (text: string): void => { queue += text; pump(); };
  transport.onWrite = (data) => {
    pending += data;
    for (let i = pending.search(/\r?\n/); i >= 0; i = pending.search(/\r?\n/)) {
      const line = pending.slice(0, i);
      pending = pending.slice(i + (pending[i] === '\r' ? 2 : 1));
      lines.push(line);
      const r = handle(line);
      const reply = typeof r === 'string' ? { text: r } : r;
      say((reply.noEcho ? '' : line) + '\r\n' + reply.text);
    }
  };
  say(greeting);
  return { transport, lines };
}
