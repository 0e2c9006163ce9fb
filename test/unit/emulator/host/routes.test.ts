import { HOST_PAGE_CSP, PANE_CSP, paneConfigScript } from '#emulator/host/routes';

describe('host routes helpers', () => {
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
