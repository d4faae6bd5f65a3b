// Fynn timestamps: V2 `2023-11-07T05:31:56Z`, classic `2021-01-01T00:00:00+00:00` (UTC, seconds).

// A DateTime arrives in-process as a Date (codegen.yml scalars); an ISO string is taken too.

const seconds = (at: Date | string): string => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const v2Date = (at: Date | string): string => seconds(at);

export const classicDate = (at: Date | string): string => seconds(at).replace(/Z$/, '+00:00');
