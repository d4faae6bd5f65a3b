// Fynn publishes no version header: every request is answered in the one shape below, and the
// OpenAPI document names it. (LeanRails and Whop pin a version per request; Fynn needs no engine.)
export const FYNN_API_VERSION = '2026-06';
