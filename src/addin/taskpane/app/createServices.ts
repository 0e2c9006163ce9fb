import { createApiClient } from '#browser/api/client';
import { createTokenProvider } from '#addin/auth/index';
import { loadConfig } from '#addin/config';
import { createOfficeAdapter } from '#addin/office/adapter';
import type { OfficeNamespace } from '#addin/office/namespace';
import { createTrackingService } from '#addin/tracking/service';
import type { PaneServices } from './services';

/**
 * The composition root shared by the task pane and the ribbon command: configuration, the Office
 * adapter over the `Office` namespace, sign-in, the API client and the tracking workflow.
 * Throws `ConfigError` when the page's configuration is missing or invalid.
 */
export function createServices(officeNamespace: OfficeNamespace): PaneServices {
  const config = loadConfig();
  const office = createOfficeAdapter(officeNamespace);
  const tokens = createTokenProvider(config, office);
  const api = createApiClient({ baseUrl: config.apiBaseUrl, tokens });
  const tracking = createTrackingService({ office, api });
  return { office, api, tracking };
}
