/** Starting and stopping the dev server: ports, secrets, and the process environment it sets and restores. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RECEIVER_ENV } from '#functions/shared/contract';
import { startDevServer } from '#local/dev-server';
import { PortInUseError } from '#local/listen';
import { simulate } from '#local/simulate';

const SECRET = 'dev-server-lifecycle-secret-8c2e';

describe('startDevServer', () => {
  it('fails with the flag to change when the port is taken, and leaves nothing running', async () => {
    // Arrange
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      // Act
      const start = startDevServer({ port, sqsPort: 0, secret: SECRET });
      // Assert
      await expect(start).rejects.toThrow(PortInUseError);
      await expect(startDevServer({ port, sqsPort: 0, secret: SECRET })).rejects.toThrow(
        `pass --port <port>`,
      );
      expect(process.env[RECEIVER_ENV.ROUTES]).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('puts the environment back when it closes', async () => {
    // Arrange
    const before = process.env.AWS_ENDPOINT_URL_SQS;
    const dev = await startDevServer({ port: 0, sqsPort: 0, secret: SECRET });
    expect(process.env.AWS_ENDPOINT_URL_SQS).toBe(dev.sqsEndpoint);
    // Act
    await dev.close();
    // Assert
    expect(process.env.AWS_ENDPOINT_URL_SQS).toBe(before);
  });

  it('generates a secret of 64 letters and digits when none is given, and accepts deliveries signed with it', async () => {
    // Arrange
    const dev = await startDevServer({ port: 0, sqsPort: 0 });
    try {
      // Act
      const [result] = await simulate({
        url: dev.webhookUrl,
        secret: dev.secret,
        events: ['accounts.added'],
      });
      // Assert
      expect(dev.secret).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(result?.status).toBe(200);
      expect(dev.queues.map((queue) => queue.name)).toEqual([
        'all-events_dlq',
        'all-events',
        'catch-all_dlq',
        'catch-all',
      ]);
    } finally {
      await dev.close();
    }
  });
});
