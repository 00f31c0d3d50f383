/**
 * The renderer's Content-Security-Policy, in a module without Electron imports so the build
 * config (and `arrayscope serve`, if the lead wants to share it) can use the same string.
 * `src/renderer/index.html` carries the same policy in a meta tag; a test keeps them equal.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Only for `electron-vite dev`: Vite's dev server injects the React Refresh preamble as an inline
 * module script and serves CSS as inline <style> elements, which the production policy blocks.
 * Never used for a built renderer.
 */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
