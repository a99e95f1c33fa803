import { describe, expect, it } from 'vitest';
import { channelOf, eventChannelOf, INVOKE_NAMES, EVENT_NAMES } from '@shared/contract';

describe('contract channel names', () => {
  it('derives one distinct channel per call and event', () => {
    const channels = [...INVOKE_NAMES.map(channelOf), ...EVENT_NAMES.map(eventChannelOf)];
    expect(new Set(channels).size).toBe(channels.length);
    expect(channelOf('appInfo')).toBe('courier:invoke:appInfo');
  });
});
