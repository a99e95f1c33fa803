/**
 * The proxy login prompt in Chromium, wired to main's real broker (plain TypeScript) through a
 * stand-in `window.courier` (the IPC boundary): the user's answer reaches the login callback
 * Electron would hold, a refused password is said so, and "Not now" cancels.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { ProxyLoginPrompt } from '@shared/proxy-login';
import ProxyLoginDialog from '@renderer/network/ProxyLoginDialog.vue';
import { t } from '@renderer/i18n';
import { createProxyLoginBroker } from '../../../src/main/core/network/proxy-login';
import { mountWithDb, until, type Mounted } from '../../support/browser/mount';

const challenge = { isProxy: true, scheme: 'basic', host: 'proxy.client.example', port: 3128, realm: 'Client proxy' };

function wireToBroker() {
  let listener: ((prompt: ProxyLoginPrompt) => void) | null = null;
  const broker = createProxyLoginBroker({ ask: (prompt) => listener?.(prompt) });
  window.courier = {
    proxyLoginAnswer: async (answer: Parameters<typeof broker.answer>[0]) => ({ accepted: broker.answer(answer) }),
    on: (event: string, fn: (prompt: ProxyLoginPrompt) => void) => {
      if (event === 'proxyLoginRequested') listener = fn;
      return () => (listener = null);
    },
  } as unknown as NonNullable<Window['courier']>;
  return broker;
}

let m: Mounted | null = null;
afterEach(async () => {
  await m?.cleanup();
  m = null;
  delete window.courier;
});

const dialog = () => m!.host.querySelector<HTMLDialogElement>('[data-testid="proxy-login"]');

describe('proxy login prompt', () => {
  it('asks for the proxy login, hands it to the waiting request, and forgets the password', async () => {
    const broker = wireToBroker();
    m = await mountWithDb(ProxyLoginDialog);
    const answers: unknown[][] = [];
    broker.challenge(challenge, (...args) => answers.push(args));
    const shown = await until(() => dialog()?.open && dialog(), 'prompt open');
    expect(shown.textContent).toContain(t('proxyLogin.intro', { host: 'proxy.client.example', port: 3128 }));
    expect(shown.textContent).toContain(t('proxyLogin.kept'));
    expect(document.activeElement).toBe(shown.querySelector('input[name="username"]'));

    await userEvent.keyboard('jdoe');
    await userEvent.click(shown.querySelector<HTMLInputElement>('input[name="password"]')!);
    await userEvent.keyboard('s3cret{Enter}');
    await until(() => answers.length === 1, 'answer delivered');
    expect(answers).toEqual([['jdoe', 's3cret']]);
    await until(() => !dialog(), 'prompt closed');

    // Chromium asks again only when the proxy refused those credentials.
    broker.challenge(challenge, (...args) => answers.push(args));
    const again = await until(() => dialog()?.open && dialog(), 'prompt open again');
    expect(again.textContent).toContain(t('proxyLogin.retry'));
    expect(again.querySelector<HTMLInputElement>('input[name="password"]')!.value).toBe('');
  });

  it('"Not now" cancels the login; an empty user name is refused with a message', async () => {
    const broker = wireToBroker();
    m = await mountWithDb(ProxyLoginDialog);
    const answers: unknown[][] = [];
    broker.challenge(challenge, (...args) => answers.push(args));
    const shown = await until(() => dialog()?.open && dialog(), 'prompt open');
    await userEvent.click(shown.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await until(() => shown.textContent?.includes(t('proxyLogin.usernameRequired')), 'problem shown');
    expect(answers).toEqual([]);
    await userEvent.click([...shown.querySelectorAll('button')].find((b) => b.textContent?.trim() === t('proxyLogin.cancel'))!);
    await until(() => answers.length === 1, 'cancel delivered');
    expect(answers).toEqual([[]]);
    await until(() => !dialog(), 'prompt closed');
  });
});
