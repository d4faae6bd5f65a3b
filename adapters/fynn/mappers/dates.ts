// Fynn timestamps: V2 `2023-11-07T05:31:56Z`, classic `2021-01-01T00:00:00+00:00` (UTC, seconds).

// A DateTime arrives in-process as a Date (codegen.yml scalars); an ISO string is taken too.

// toISOString() always ends in milliseconds and Z (`.sssZ`): cut, not matched with a pattern.
const milliseconds = (at: Date | string): string => (at instanceof Date ? at : new Date(at)).toISOString();

export const v2Date = (at: Date | string): string => `${milliseconds(at).slice(0, -5)}Z`;

export const classicDate = (at: Date | string): string => `${milliseconds(at).slice(0, -5)}+00:00`;
