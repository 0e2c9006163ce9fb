// Placeholder until the commands land.
export {};
