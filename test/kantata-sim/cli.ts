/**
 * `npm run sim -- --port 4010 --token demo-token [--seed demo|empty] [--host 127.0.0.1]`
 * Starts the Kantata OX simulator, prints its base URL and token, stops on SIGINT/SIGTERM.
 * A value starting with a dash takes `=`: `--timestamp-offset=-07:00`.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      seed: { type: 'string', default: 'demo' },
      'rate-limit': { type: 'string' },
      'retry-after': { type: 'string' },
      'clock-offset-ms': { type: 'string' },
      'locked-status': { type: 'string' },
      'bulk-partial-success': { type: 'boolean' },
      'timestamp-precision': { type: 'string', default: 'second' },
      'timestamp-offset': { type: 'string' },
      'foreign-amount-value-as': { type: 'string', default: 'number' },
    },
  });
  if (values.seed !== 'demo' && values.seed !== 'empty') throw new Error('--seed must be demo or empty');
  const precision = values['timestamp-precision'];
  if (precision !== 'second' && precision !== 'millisecond') throw new Error('--timestamp-precision must be second or millisecond');
  const fxAs = values['foreign-amount-value-as'];
  if (fxAs !== 'number' && fxAs !== 'string') throw new Error('--foreign-amount-value-as must be number or string');
  const sim = await startSimulator({
    port: Number(values.port),
    host: values.host,
    token: values.token,
    seed: values.seed,
    rateLimitPerMinute: values['rate-limit'] ? Number(values['rate-limit']) : null,
    retryAfterSeconds: values['retry-after'] ? Number(values['retry-after']) : null,
    clockOffsetMs: values['clock-offset-ms'] ? Number(values['clock-offset-ms']) : 0,
    lockedStatus: values['locked-status'] === '403' ? 403 : 422,
    bulkPartialSuccess: values['bulk-partial-success'] ?? false,
    timestampPrecision: precision,
    foreignAmountValueAs: fxAs,
    // An invalid offset is refused by startSimulator with a message naming it.
    ...(values['timestamp-offset'] !== undefined && { timestampOffset: values['timestamp-offset'] }),
  });
  console.log(`Kantata OX simulator ready`);
  console.log(`Base URL: ${sim.baseUrl}`);
  console.log(`Token: ${sim.token}`);
  console.log(`Admin: ${sim.adminUrl}`);
  console.log(`Try: curl -H "Authorization: Bearer ${sim.token}" "${sim.baseUrl}/expenses?include=workspace"`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(() => {
      console.log(`Simulator stopped (${signal})`);
      process.exit(0);
    }, () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
