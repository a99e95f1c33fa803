import { describe, expect, it } from 'vitest';
import { INVOKE_NAMES } from '@shared/contract';
import { createAppCore } from '../../../src/main/core/app-core';

describe('createAppCore', () => {
  it('has a handler for every contract call', () => {
    const core = createAppCore({ appInfo: { name: 'Expense Courier', version: '1.2.3', platform: 'darwin' } });
    for (const name of INVOKE_NAMES) expect(typeof core[name]).toBe('function');
  });

  it('answers appInfo from its dependencies', async () => {
    const appInfo = { name: 'Expense Courier', version: '1.2.3', platform: 'darwin' };
    const core = createAppCore({ appInfo });
    await expect(core.appInfo(undefined, { senderUrl: 'courier://app/index.html' })).resolves.toEqual(appInfo);
  });
});
