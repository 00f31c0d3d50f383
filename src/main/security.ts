/**
 * Hardening for every web contents and the default session:
 * - navigation anywhere but our renderer page is cancelled (will-navigate, will-redirect,
 *   will-frame-navigate), window.open and target=_blank are denied, <webview> cannot attach;
 * - every response gets our Content-Security-Policy header (the page also carries it in a meta
 *   tag, which is what applies to file:// loads);
 * - permission requests and checks are refused, except writing text to the clipboard from our
 *   own page (the grid's Copy uses navigator.clipboard.writeText).
 * The app never calls shell.openExternal: there is no link it needs to open.
 */
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from './csp.js';
import { isRendererUrl } from './trust.js';

export interface SecurityOptions {
  readonly rendererUrl: string;
  /** Running against the Vite dev server (relaxed CSP for its inline preamble and styles). */
  readonly dev: boolean;
}

const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, rendererUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isRendererUrl(requestingUrl, rendererUrl);
}

export function hardenSession(session: Session, options: SecurityOptions): void {
  const policy = options.dev ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, options.rendererUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, options.rendererUrl);
  });
}

export function hardenWebContents(contents: WebContents, rendererUrl: string): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (!isRendererUrl(url, rendererUrl)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-redirect', (event, url) => guard(event, url));
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
