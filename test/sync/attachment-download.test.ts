/**
 * Main's download of a Kantata attachment (KantataClient.download, used by AttachmentDigests) over
 * real HTTP: the token goes to the API's own origin only, never to the CDN host a URL names.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KantataClient } from '../../src/main/core/kantata/client';
import { AttachmentDigests } from '../../src/main/core/receipts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A file server that records the headers of every request. */
async function fileServer(body: Buffer): Promise<{ origin: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) });
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('attachment downloads', () => {
  it('send the token to the API origin only, and hash what arrived', async () => {
    const body = Buffer.from('receipt bytes');
    const api = await fileServer(body);
    const cdn = await fileServer(body);
    const client = new KantataClient({ baseUrl: `${api.origin}/api/v1`, token: 'secret-token', timeoutMs: 2_000 });
    expect(Buffer.from(await client.download(`${cdn.origin}/file.jpg?signature=x`))).toEqual(body);
    expect(cdn.seen[0]?.authorization).toBeUndefined();
    await client.download(`${api.origin}/attachments/1/file.jpg`);
    expect(api.seen[0]?.authorization).toBe('Bearer secret-token');

    const digests = new AttachmentDigests({ client: () => client });
    const answer = await digests.digest({ attachmentId: '1', url: `${cdn.origin}/f.jpg`, filesize: body.length, expenseRemoteId: null });
    expect(answer).toMatchObject({ status: 'ok', size: body.length, attachment: null });
    expect(answer.status === 'ok' && answer.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Kantata said another size: what came is not the file.
    expect(await digests.digest({ attachmentId: '1', url: `${cdn.origin}/f.jpg`, filesize: body.length + 1, expenseRemoteId: null })).toMatchObject({
      status: 'unavailable',
      reason: 'failed',
    });
    expect(await new AttachmentDigests({ client: () => null }).digest({ attachmentId: '1', url: 'x', filesize: 1, expenseRemoteId: null })).toMatchObject({
      status: 'unavailable',
      reason: 'not-connected',
    });
  });
});
