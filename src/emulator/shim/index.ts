// Placeholder until the Office.js shim lands.
export {};
