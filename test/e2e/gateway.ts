// A gateway listening on a free 127.0.0.1 port whose PUBLIC_URL is that address, so the link
// URLs it returns open in the browser.
import { createServer } from 'node:net';
import { startGateway, type TestGateway } from '../support/gateway.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function listeningGateway(): Promise<{ gw: TestGateway; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const gw = await startGateway({ PUBLIC_URL: base });
  await gw.app.listen({ port, host: '127.0.0.1' });
  return { gw, base };
}
