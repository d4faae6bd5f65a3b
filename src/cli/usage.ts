// The CLI's help text and its two failure kinds: bad arguments (exit 2) and refusals (exit 1).

export const USAGE = `checkout-gateway CLI: organisations, API keys and vendor account aliases on the gateway's database (DATABASE_URL).

Usage: npm run cli -- <command> [options]

Commands:
  orgs create --name <name> --slug <slug>   create an organisation (with sales channel "default")
  orgs list                                  list organisations
  orgs origins --org <slug|id> [--set <origin,origin>]
                                             show (or replace; --set "" clears) the browser
                                             origins allowed to call the storefront operations
  keys create --org <slug|id> [--mode test|live] [--scopes a,b] [--name <name>] [--publishable]
                                             create an API key; prints its secret once
                                             (mode defaults to test, scopes to every scope;
                                             --publishable: a pk_ key for the storefront only)
  keys list --org <slug|id>                  list the keys of an organisation (both modes)
  keys revoke <id>                           revoke a key
  aliases add --org <slug|id> [--mode test|live] --vendor whop --account <biz_…>
                                             record an account id a legacy client sends (Whop's
                                             company id) as the organisation's (mode defaults to test)
  aliases list --org <slug|id>               list the organisation's vendor account aliases
  aliases remove <id>                        forget an alias
  help                                       this text

Scopes: checkout-link:read, checkout-link:write, plan:read, plan:write, product:read,
        product:write, price:read, price:write, cart:write, api-key:write, coupon:read, coupon:write
`;

/** Wrong or missing arguments: the message and the usage hint, exit code 2. */
export class UsageError extends Error {}

/** A refusal (not found, conflict, database held): the message alone, exit code 1. */
export class CliError extends Error {}
