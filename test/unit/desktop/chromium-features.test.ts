import { describe, expect, it } from 'vitest';
import { disableFeaturesSwitch, mergeFeatureList } from '../../../src/main/core/desktop/chromium-features';

describe('the Chromium features the app turns off', () => {
  it('adds its features to an empty list', () => {
    expect(mergeFeatureList(undefined, ['A', 'B'])).toBe('A,B');
    expect(mergeFeatureList('', ['A'])).toBe('A');
  });

  it("keeps the features already on the command line, once each, and tolerates stray commas and spaces", () => {
    expect(mergeFeatureList('Mine, A,,', ['A', 'B'])).toBe('Mine,A,B');
  });

  it('gives tests and benchmarks the same switch', () => {
    expect(disableFeaturesSwitch(['A', 'B'])).toBe('--disable-features=A,B');
    expect(disableFeaturesSwitch()).toContain('DeferRendererTasksAfterInput');
  });
});
