import path from 'node:path';
import { HOST_PAGE_CSP, PANE_CSP, paneConfigScript, resolveInside } from '#emulator/host/routes';

describe('host routes helpers', () => {
  const root = path.resolve('/srv/dist/addin');

  it('resolves files inside the build and nothing outside it', () => {
    expect(resolveInside(root, 'taskpane.html')).toBe(path.join(root, 'taskpane.html'));
    expect(resolveInside(root, 'assets/icon-16.png')).toBe(path.join(root, 'assets/icon-16.png'));
    expect(resolveInside(root, '../emulator/index.html')).toBeNull();
    expect(resolveInside(root, '..%2f..%2fpackage.json')).toBeNull();
    expect(resolveInside(root, '/etc/passwd')).toBe(path.join(root, 'etc/passwd'));
    expect(resolveInside(root, 'a%00b')).toBeNull();
    expect(resolveInside(root, '%E0%A4%A')).toBeNull();
    expect(resolveInside(root, '')).toBeNull();
  });

  it('points the pane at the emulator CRM proxy with dev sign-in, safely embedded', () => {
    const script = paneConfigScript('https://localhost:3100', 'https://localhost:3000</script>');
    expect(script).not.toContain('</script>');
    const config: unknown = new Function(
      `const window = {}; ${script}; return window.__REGARDING_CONFIG__;`,
    )();
    expect(config).toEqual({
      apiBaseUrl: 'https://localhost:3100/crm',
      auth: { mode: 'dev' },
      crmWebUrl: 'https://localhost:3000</script>',
    });
  });

  it('lets only the host page frame the pane', () => {
    expect(PANE_CSP).toContain("frame-ancestors 'self'");
    expect(HOST_PAGE_CSP).toContain("frame-ancestors 'none'");
    expect(HOST_PAGE_CSP).toContain("frame-src 'self'");
  });
});
