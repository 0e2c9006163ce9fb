import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '#browser/api/types';
import type { OfficeAdapter } from '#addin/office/types';
import type { TrackingService } from '#addin/tracking/types';

/** What the pane works with: the Office adapter, the API client and the tracking workflow. */
export type PaneServices = {
  office: OfficeAdapter;
  api: ApiClient;
  tracking: TrackingService;
};

const ServicesContext = createContext<PaneServices | null>(null);

export type ServicesProviderProps = { services: PaneServices; children: ReactNode };

export function ServicesProvider({ services, children }: ServicesProviderProps) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): PaneServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}
