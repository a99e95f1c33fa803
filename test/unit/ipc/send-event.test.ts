import { describe, expect, it } from 'vitest';
import { eventChannelOf, type EventPayload } from '@shared/contract';
import { sendEvent, type WebContentsLike } from '../../../src/main/core/ipc/send-event';

function recorder(destroyed = false) {
  const sent: { channel: string; args: unknown[] }[] = [];
  const target: WebContentsLike = {
    send: (channel, ...args) => sent.push({ channel, args }),
    isDestroyed: () => destroyed,
  };
  return { sent, target };
}

describe('sendEvent', () => {
  it('sends a valid payload on the derived event channel', () => {
    const { sent, target } = recorder();
    expect(sendEvent(target, 'connectivityChanged', { online: false })).toBe(true);
    expect(sent).toEqual([{ channel: eventChannelOf('connectivityChanged'), args: [{ online: false }] }]);
  });

  it('throws on a payload outside the contract and sends nothing', () => {
    const { sent, target } = recorder();
    const bad = { online: 'yes' } as unknown as EventPayload<'connectivityChanged'>;
    expect(() => sendEvent(target, 'connectivityChanged', bad)).toThrow(/connectivityChanged.*outside the contract/s);
    expect(sent).toEqual([]);
  });

  it('skips a renderer that is already gone', () => {
    const { sent, target } = recorder(true);
    expect(sendEvent(target, 'syncRequested', { reason: 'online', reconcile: false, refreshReference: false })).toBe(false);
    expect(sent).toEqual([]);
  });
});
