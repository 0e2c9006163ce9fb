export { createOfficeAdapter, type OfficeNamespace } from './adapter';
export { detectCapabilities } from './capabilities';
export { startOffice, registerFunctionCommand, sendToParent, officeReady } from './runtime';
export type * from './types';
