// Fynn timestamps: V2 `2023-11-07T05:31:56Z`, classic `2021-01-01T00:00:00+00:00` (UTC, seconds).

const seconds = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const v2Date = (iso: string): string => seconds(iso);

export const classicDate = (iso: string): string => seconds(iso).replace(/Z$/, '+00:00');
