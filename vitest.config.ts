import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchArgs, chromiumPath } from './test/support/node/chromium';
import { syncCommands } from './test/support/node/sync-commands';
import { receiptCommands } from './test/support/node/receipt-commands';
import { cspCommands } from './test/support/node/csp-commands';

const alias = {
  '@shared': resolve(__dirname, 'src/shared'),
  '@renderer': resolve(__dirname, 'src/renderer/src'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/kantata-sim/**/*.test.ts'],
          // Transformed like app code, so test/unit/desktop/durable-write.test.ts can wrap the node:fs they call.
          server: { deps: { inline: ['atomically', 'stubborn-fs', 'stubborn-utils'] } },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'sync',
          environment: 'node',
          include: ['test/sync/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        plugins: [vue()],
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['test/dom/**/*.test.ts'],
        },
      },
      {
        resolve: { alias },
        plugins: [vue()],
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath(), args: chromiumLaunchArgs },
            }),
            instances: [{ browser: 'chromium' }],
            // The real simulator and sync engine, in Node, for test/browser/sync.
            commands: { ...syncCommands, ...receiptCommands, ...cspCommands },
          },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time on a 2-core CI machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
