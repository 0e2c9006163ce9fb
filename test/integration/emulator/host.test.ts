import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestEmulator, type TestEmulator } from './harness';

/**
 * The host page and the pane as the browser loads them: the add-in's build at /pane/ with the
 * emulator's shim in place of office.js and the emulator's config.js, pages revalidated and
 * content-hashed bundles cached for good.
 */
const HOST_BUNDLE = 'host.0123abcd.js';
const PANE_BUNDLE = 'taskpane.89abcdef.js';

function builtDirs(root: string) {
  const emulator = path.join(root, 'emulator');
  const addin = path.join(root, 'addin');
  mkdirSync(emulator, { recursive: true });
  mkdirSync(path.join(addin, 'office'), { recursive: true });
  writeFileSync(path.join(emulator, 'index.html'), '<title>host page</title>');
  writeFileSync(path.join(emulator, HOST_BUNDLE), 'console.log("host");');
  writeFileSync(path.join(emulator, 'office-shim.js'), 'window.Office = "shim";');
  writeFileSync(path.join(addin, 'taskpane.html'), '<title>task pane</title>');
  writeFileSync(path.join(addin, PANE_BUNDLE), 'console.log("pane");');
  writeFileSync(path.join(addin, 'office', 'office.js'), 'window.Office = "microsoft";');
  return { emulatorDistDir: emulator, addinDistDir: addin };
}

let root: string;
let emu: TestEmulator;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'regarding-emulator-host-'));
  emu = await startTestEmulator({ ...builtDirs(root), crmUrl: 'https://crm.example' });
});

afterAll(async () => {
  await emu?.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (p: string) => fetch(`${emu.url}${p}`, { redirect: 'manual' });

describe('host page', () => {
  it('serves the page revalidated and its hashed bundles for good, framed by no one', async () => {
    for (const p of ['/', '/index.html']) {
      const page = await get(p);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe('<title>host page</title>');
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const bundle = await get(`/${HOST_BUNDLE}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect(bundle.headers.get('cache-control')).toContain('immutable');
  });

  it('answers 404 for files it does not have, and for the shim outside the pane', async () => {
    expect((await get('/nothing.js')).status).toBe(404);
    expect((await get('/office-shim.js')).status).toBe(404);
  });
});

describe('task pane', () => {
  it('serves the add-in build at /pane/, revalidated, framed only by the host page', async () => {
    const redirect = await get('/pane');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/pane/taskpane.html');
    for (const p of ['/pane/', '/pane/taskpane.html']) {
      const page = await get(p);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe('<title>task pane</title>');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    }
    const bundle = await get(`/pane/${PANE_BUNDLE}`);
    expect(await bundle.text()).toBe('console.log("pane");');
    expect(bundle.headers.get('cache-control')).toContain('immutable');
    expect((await get('/pane/missing.js')).status).toBe(404);
  });

  it("puts the emulator's shim in place of office.js, and nothing else under office/", async () => {
    const office = await get('/pane/office/office.js');
    expect(office.status).toBe(200);
    expect(await office.text()).toBe('window.Office = "shim";');
    expect(office.headers.get('cache-control')).toBe('no-cache');
    expect(office.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect((await get('/pane/office/office.debug.js')).status).toBe(404);
  });

  it("points the pane's API at the emulator's CRM proxy, uncached", async () => {
    const res = await get('/pane/config.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const script = await res.text();
    expect(script).toContain(`"apiBaseUrl":"${emu.url}/crm"`);
    expect(script).toContain('"crmWebUrl":"https://crm.example"');
  });

  it('serves nothing outside the build', async () => {
    for (const p of [
      '/pane/..%2f..%2fpackage.json',
      '/pane/office/..%2f..%2fpackage.json',
      '/..%2fpackage.json',
    ]) {
      const res = await get(p);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('"name": "regarding"');
    }
  });
});

describe('without a build', () => {
  it('says how to build instead of serving nothing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'regarding-emulator-empty-'));
    const bare = await startTestEmulator({ emulatorDistDir: empty, addinDistDir: empty });
    try {
      for (const p of ['/', '/pane/office/office.js']) {
        const res = await fetch(`${bare.url}${p}`);
        expect(res.status).toBe(503);
        expect(await res.text()).toMatch(/npm run build:dev/);
      }
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
