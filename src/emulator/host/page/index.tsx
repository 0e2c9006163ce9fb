// Placeholder until the host page lands.
export {};
