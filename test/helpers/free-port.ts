import net from 'node:net';

/**
 * A free loopback port: bound on port 0, then closed. For a server that cannot take port 0
 * itself (redis-server) or must come back where it was (a restarted sandbox).
 */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
