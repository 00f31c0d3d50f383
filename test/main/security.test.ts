import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from '../../src/main/csp.js';
import { hardenSession, hardenWebContents, isPermissionAllowed } from '../../src/main/security.js';
import { FakeWebContents } from './electron-mock.js';
import { RENDERER_URL } from './fixtures.js';

function navigationEvent(url?: string) {
  return { url, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
}

describe('web contents hardening', () => {
  const contents = new FakeWebContents();
  hardenWebContents(contents as never, RENDERER_URL);

  it.each(['will-navigate', 'will-redirect'])('%s away from the renderer is cancelled', (eventName) => {
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'file:///data/dropped.npy', 'javascript:alert(1)']) {
      const event = navigationEvent();
      contents.emit(eventName, event, url);
      expect(event.defaultPrevented, url).toBe(true);
    }
    const own = navigationEvent();
    contents.emit(eventName, own, `${RENDERER_URL}#reloaded`);
    expect(own.defaultPrevented).toBe(false);
  });

  it('will-frame-navigate away from the renderer is cancelled', () => {
    const away = navigationEvent('https://example.com/');
    contents.emit('will-frame-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    const own = navigationEvent(RENDERER_URL);
    contents.emit('will-frame-navigate', own);
    expect(own.defaultPrevented).toBe(false);
  });

  it('denies every window.open', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: RENDERER_URL })).toEqual({ action: 'deny' });
  });

  it('refuses to attach <webview>', () => {
    const event = navigationEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

function fakeSession() {
  const captured: {
    headers?: (details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void;
    request?: (wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl?: string }) => void;
    check?: (wc: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean;
  } = {};
  const session = {
    webRequest: { onHeadersReceived: (fn: typeof captured.headers) => void (captured.headers = fn) },
    setPermissionRequestHandler: (fn: typeof captured.request) => void (captured.request = fn),
    setPermissionCheckHandler: (fn: typeof captured.check) => void (captured.check = fn),
  };
  return { session, captured };
}

describe('session hardening', () => {
  it('sets our CSP on every response, replacing any other', () => {
    const { session, captured } = fakeSession();
    hardenSession(session as never, { rendererUrl: RENDERER_URL, dev: false });
    let answer: { responseHeaders: Record<string, string[]> } | undefined;
    captured.headers!({ responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r) => (answer = r as never));
    expect(answer?.responseHeaders).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('uses the dev policy only in dev', () => {
    const { session, captured } = fakeSession();
    hardenSession(session as never, { rendererUrl: 'http://localhost:5173/', dev: true });
    let answer: { responseHeaders: Record<string, string[]> } | undefined;
    captured.headers!({}, (r) => (answer = r as never));
    expect(answer?.responseHeaders['Content-Security-Policy']).toEqual([DEV_CONTENT_SECURITY_POLICY]);
  });

  it('refuses permission requests and checks, except clipboard writes from our page', () => {
    const { session, captured } = fakeSession();
    hardenSession(session as never, { rendererUrl: RENDERER_URL, dev: false });
    const decide = (permission: string, url?: string) => {
      let granted: boolean | undefined;
      captured.request!({}, permission, (g) => (granted = g), url === undefined ? {} : { requestingUrl: url });
      return granted;
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'clipboard-read']) {
      expect(decide(permission, RENDERER_URL), permission).toBe(false);
    }
    expect(decide('clipboard-sanitized-write', RENDERER_URL)).toBe(true);
    expect(decide('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(decide('clipboard-sanitized-write')).toBe(false);
    expect(captured.check!({}, 'media', 'file:///', { requestingUrl: RENDERER_URL })).toBe(false);
    expect(captured.check!({}, 'clipboard-sanitized-write', 'file:///', { requestingUrl: RENDERER_URL })).toBe(true);
  });

  it('isPermissionAllowed needs both the permission and our page', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', RENDERER_URL, RENDERER_URL)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, RENDERER_URL)).toBe(false);
    expect(isPermissionAllowed('camera', RENDERER_URL, RENDERER_URL)).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  it('index.html carries exactly the policy main sends as a header', () => {
    const html = readFileSync(new URL('../../src/renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('forbids inline script, eval, plugins and foreign origins in production', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => { const [name, ...values] = d.trim().split(/\s+/); return [name, values]; }));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('the dev policy differs only by unsafe-inline scripts and styles', () => {
    expect(DEV_CONTENT_SECURITY_POLICY.replaceAll(" 'unsafe-inline'", '')).toBe(CONTENT_SECURITY_POLICY);
    expect(DEV_CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'unsafe-inline'");
    expect(DEV_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
