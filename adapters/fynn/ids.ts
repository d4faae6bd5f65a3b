// Fynn shows the gateway's UUIDs as they are: no prefix and no codec. A path id that is not a
// UUID reaches the core, which answers it like an unknown id (404 in Fynn's shape).
export const FYNN_IDS = 'uuid' as const;
