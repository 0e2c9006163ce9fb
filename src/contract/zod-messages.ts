import { config } from 'zod/mini';
import { en } from 'zod/locales';

/*
 * English validation messages for the contract's schemas. Classic zod registers English itself;
 * `zod/mini` registers no locale, so every message would read "Invalid input". Every schema module
 * imports this module for its effect, so the locale is set before anything can be parsed.
 *
 * A module of its own on purpose: one that both configured zod and re-exported the `zod/mini`
 * namespace made webpack keep all of zod (every locale, JSON Schema generation) in the pane.
 */
config(en());
