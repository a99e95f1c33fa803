/**
 * A proxy that asks for a login (HTTP 407). Electron reports the challenge through its `login`
 * events; this broker turns each one into a prompt in the main window (event
 * `proxyLoginRequested`, answered with `proxyLoginAnswer`) and hands the answer back to Chromium.
 *
 * The password is handed straight to Chromium and not kept here at all: never in a file, never in
 * a log; after a restart the user is asked again. Chromium keeps credentials that worked in its
 * own in-memory auth cache and asks again only when they were refused, so a second challenge for
 * a proxy we already answered means the password was wrong: the prompt says so. Challenges that arrive while a prompt is open share
 * it; a cancelled prompt is not shown again for a while, so sync retries do not nag.
 */
import type { ProxyLoginAnswer, ProxyLoginPrompt } from '@shared/proxy-login';
import { log as rootLog } from '../logging/log';

const log = rootLog.scope('network');

/** What Electron's `login` events carry about the challenge (AuthInfo). */
export interface AuthChallenge {
  isProxy: boolean;
  scheme: string;
  host: string;
  port: number;
  realm: string;
}

/** Electron's login callback: no arguments cancels the login. */
export type LoginCallback = (username?: string, password?: string) => void;

export interface ProxyLoginBrokerOptions {
  /** Shows the prompt (the shell: `proxyLoginRequested` to the windows). */
  ask(prompt: ProxyLoginPrompt): void;
  /** An unanswered prompt cancels its challenges after this long (no window open, user away). */
  answerTimeoutMs?: number;
  /** After the user cancels, challenges for that proxy are cancelled quietly for this long. */
  declinedQuietMs?: number;
  now?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

interface OpenPrompt {
  prompt: ProxyLoginPrompt;
  waiting: LoginCallback[];
  timer: unknown;
}

export interface ProxyLoginBroker {
  /** Electron's `login` handler body. Server (non-proxy) logins are cancelled: the app never asks for those. */
  challenge(challenge: AuthChallenge, callback: LoginCallback): void;
  /** The user's answer to a prompt; false when the prompt is no longer open (answered, timed out). */
  answer(answer: ProxyLoginAnswer): boolean;
  /** Forget which proxies were answered or cancelled (account disconnect). */
  forget(): void;
}

const keyOf = (challenge: Pick<AuthChallenge, 'host' | 'port'>): string => `${challenge.host}:${challenge.port}`;

export function createProxyLoginBroker(options: ProxyLoginBrokerOptions): ProxyLoginBroker {
  const answerTimeoutMs = options.answerTimeoutMs ?? 120_000;
  const declinedQuietMs = options.declinedQuietMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const startTimer = options.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  const stopTimer = options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  /** Proxies the user answered (not the answer itself). */
  const answered = new Set<string>();
  const declinedUntil = new Map<string, number>();
  const open = new Map<string, OpenPrompt>();
  let nextId = 1;

  const close = (key: string, credentials: { username: string; password: string } | null): void => {
    const entry = open.get(key);
    if (!entry) return;
    open.delete(key);
    stopTimer(entry.timer);
    for (const callback of entry.waiting) {
      if (credentials) callback(credentials.username, credentials.password);
      else callback();
    }
  };

  return {
    challenge(challenge, callback) {
      if (!challenge.isProxy) {
        callback();
        return;
      }
      const key = keyOf(challenge);
      const pending = open.get(key);
      if (pending) {
        pending.waiting.push(callback);
        return;
      }
      if ((declinedUntil.get(key) ?? 0) > now()) {
        callback();
        return;
      }
      // Chromium asks again for a proxy it already has credentials for only when they were refused.
      const retry = answered.has(key);
      answered.delete(key);
      const prompt: ProxyLoginPrompt = {
        id: `proxy-login-${nextId++}`,
        host: challenge.host,
        port: challenge.port,
        realm: challenge.realm,
        scheme: challenge.scheme,
        retry,
      };
      const timer = startTimer(() => close(key, null), answerTimeoutMs);
      open.set(key, { prompt, waiting: [callback], timer });
      log.info(`proxy ${key} asks for a login (${challenge.scheme}${retry ? ', the last one was refused' : ''}): prompt ${prompt.id}`);
      options.ask(prompt);
    },
    answer({ id, credentials }) {
      const entry = [...open.entries()].find(([, candidate]) => candidate.prompt.id === id);
      if (!entry) return false;
      const [key] = entry;
      if (credentials) {
        answered.add(key);
        declinedUntil.delete(key);
      } else {
        declinedUntil.set(key, now() + declinedQuietMs);
      }
      close(key, credentials);
      return true;
    },
    forget() {
      answered.clear();
      declinedUntil.clear();
    },
  };
}
