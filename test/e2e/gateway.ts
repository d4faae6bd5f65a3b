// A gateway listening on a free 127.0.0.1 port whose PUBLIC_URL is that address, so the link
// URLs it returns open in the browser.
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { freePort } from '../support/ports.ts';

export async function listeningGateway(): Promise<{ gw: TestGateway; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const gw = await startGateway({ PUBLIC_URL: base });
  await gw.app.listen({ port, host: '127.0.0.1' });
  return { gw, base };
}
