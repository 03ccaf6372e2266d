/** Starts an HTTP server on 127.0.0.1, failing with a clear message when the port is taken. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The port asked for is in use; the message names it and the flag that changes it. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    what: string,
    flag: string,
  ) {
    super(`port ${port} (${what}) is already in use on 127.0.0.1; stop what uses it, or pass ${flag} <port>`);
    this.name = 'PortInUseError';
  }
}

/** Listens on 127.0.0.1:`port` (0 picks a free port) and resolves with the port listened on. */
export function listen(server: Server, port: number, what: string, flag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, what, flag) : error);
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting connections, drops the open ones (long polls included) and resolves once closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
