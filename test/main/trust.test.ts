import { describe, expect, it } from 'vitest';
import { builtRendererUrl, devServerUrl, isRendererUrl } from '../../src/main/trust.js';

const FILE = 'file:///app/out/renderer/index.html';

describe('isRendererUrl', () => {
  it.each([
    [FILE, true],
    [`${FILE}#/tab/2`, true],
    [`${FILE}?session=s1`, true],
    ['file:///app/out/renderer/../renderer/index.html', true],
    ['file:///app/out/renderer/other.html', false],
    ['file:///etc/passwd', false],
    ['file://remote-host/app/out/renderer/index.html', false],
    ['https://app/out/renderer/index.html', false],
    ['about:blank', false],
    ['not a url', false],
    ['', false],
  ])('file renderer: %s → %s', (candidate, expected) => {
    expect(isRendererUrl(candidate, FILE)).toBe(expected);
  });

  it.each([
    ['http://localhost:5173/', true],
    ['http://localhost:5173/index.html?x=1', true],
    ['http://localhost:5174/', false],
    ['http://127.0.0.1:5173/', false],
    ['https://localhost:5173/', false],
    [FILE, false],
  ])('dev server renderer: %s → %s', (candidate, expected) => {
    expect(isRendererUrl(candidate, 'http://localhost:5173/')).toBe(expected);
  });
});

describe('devServerUrl', () => {
  it('uses ELECTRON_RENDERER_URL only unpackaged and only on loopback http', () => {
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe('http://localhost:5173/');
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }, false)).toBe('http://127.0.0.1:5173/');
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toBeNull();
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'https://evil.example' }, false)).toBeNull();
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'http://192.168.1.5:5173' }, false)).toBeNull();
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'file:///tmp/x.html' }, false)).toBeNull();
    expect(devServerUrl({ ELECTRON_RENDERER_URL: '::' }, false)).toBeNull();
    expect(devServerUrl({}, false)).toBeNull();
  });
});

describe('builtRendererUrl', () => {
  it('points at out/renderer/index.html next to out/main', () => {
    expect(builtRendererUrl('/app/out/main')).toBe(FILE);
    expect(isRendererUrl(builtRendererUrl('/app/out/main'), FILE)).toBe(true);
  });
});
