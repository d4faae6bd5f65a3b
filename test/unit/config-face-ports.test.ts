// FYNN_PORT / LEANRAILS_PORT / WHOP_PORT: parsed into config.facePorts; a port shared with
// another face or with PORT stops the start with a message naming both.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('face ports', () => {
  it('are off unless set', () => {
    expect(loadConfig({}).facePorts).toEqual({});
  });
  it('parse each face', () => {
    expect(loadConfig({ LEANRAILS_PORT: '4101', FYNN_PORT: '4102', WHOP_PORT: '4103' }).facePorts).toEqual({ leanrails: 4101, fynn: 4102, whop: 4103 });
  });
  it('refuse a port another face or PORT has, and a non-port', () => {
    expect(() => loadConfig({ PORT: '4000', LEANRAILS_PORT: '4000' })).toThrow(/PORT: 4000 is also LEANRAILS_PORT; each face needs a port of its own/);
    expect(() => loadConfig({ WHOP_PORT: '4100', FYNN_PORT: '4100' })).toThrow(ConfigError);
    expect(() => loadConfig({ WHOP_PORT: 'abc' })).toThrow(/WHOP_PORT/);
    expect(() => loadConfig({ WHOP_PORT: '70000' })).toThrow(/WHOP_PORT/);
  });
});
