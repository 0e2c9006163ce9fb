import { z } from 'zod/mini';
import { en } from 'zod/locales';

/*
 * The contract's zod: `zod/mini`, whose functional API lets bundlers keep only what the schemas
 * use (the pane validates every response with them). Unlike classic zod it registers no locale,
 * so every message would read "Invalid input": English is configured here, once, before any
 * schema of the contract exists. Every schema module imports `z` from here.
 */
z.config(en());

export { z };
