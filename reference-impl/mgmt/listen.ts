/**
 * The TCP side every management server (telnet, SSH) shares: its client sockets (dropped at once
 * by Lab.dropSessions), its line sessions (held by Lab.freezeNode), and listening on loopback.
 */
import * as net from 'node:net';
import type { LineSession } from './line';
import type { MgmtServer } from './terminal';

export class MgmtClients {
  /** New sessions start frozen while the node is frozen. */
  frozen = false;
  private readonly sockets = new Set<net.Socket>();
  private readonly lines = new Set<LineSession>();

  /** Track a client's TCP socket until it closes. */
  addSocket(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.setNoDelay(true);
  }

  /** Track a line session until `onClose` reports its connection gone. */
  addLine(line: LineSession, onClose: (cb: () => void) => void): void {
    this.lines.add(line);
    onClose(() => this.lines.delete(line));
  }

  /** Listen on `host:port` (0 picks a port); resolves with the server's control surface. */
  listen(server: net.Server, host: string, port: number, log: (message: string) => void, what: string): Promise<MgmtServer> {
    return new Promise<MgmtServer>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', (err) => log(`${what} server: ${err.message}`));
        const address = server.address() as net.AddressInfo;
        resolve({
          host: address.address,
          port: address.port,
          connections: () => this.sockets.size,
          dropConnections: () => this.dropAll(),
          setFrozen: (f: boolean) => {
            this.frozen = f;
            for (const l of this.lines) l.setFrozen(f);
          },
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              this.dropAll();
            }),
        });
      });
    });
  }

  private dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }
}
