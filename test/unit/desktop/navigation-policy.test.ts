import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '@shared/app-origin';
import { decideNavigation, decideWindowOpen, externalLinkTarget } from '../../../src/main/core/desktop/navigation-policy';

const trusted = [APP_ORIGIN];

describe('navigation policy', () => {
  it('lets a window navigate within the app origin only', () => {
    expect(decideNavigation(`${APP_ORIGIN}/index.html#/expenses`, trusted)).toEqual({ allow: true });
    expect(decideNavigation('COURIER://APP/index.html', trusted)).toEqual({ allow: true });
  });

  it.each(['https://evil.example/', 'file:///etc/passwd', 'courier://other/', 'http://localhost:5173/', 'javascript:alert(1)', 'data:text/html,<b>x</b>'])(
    'blocks navigating to %s',
    (url) => {
      expect(decideNavigation(url, trusted).allow).toBe(false);
    },
  );

  it('hands only https links to the OS browser', () => {
    expect(decideNavigation('https://docs.kantata.com/page', trusted)).toEqual({
      allow: false,
      openExternally: 'https://docs.kantata.com/page',
    });
    expect(decideNavigation('http://example.com/', trusted)).toEqual({ allow: false, openExternally: undefined });
  });

  it('denies every window.open, opening https ones externally', () => {
    expect(decideWindowOpen('https://example.com/receipt')).toEqual({
      action: 'deny',
      openExternally: 'https://example.com/receipt',
    });
    expect(decideWindowOpen(`${APP_ORIGIN}/index.html`)).toEqual({ action: 'deny', openExternally: undefined });
    expect(decideWindowOpen('smb://share/file')).toEqual({ action: 'deny', openExternally: undefined });
  });

  it('refuses to open links with credentials or that do not parse', () => {
    expect(externalLinkTarget('https://user:pw@example.com/')).toBeUndefined();
    expect(externalLinkTarget('not a url')).toBeUndefined();
    expect(externalLinkTarget('https://example.com/a b')).toBe('https://example.com/a%20b');
  });
});
