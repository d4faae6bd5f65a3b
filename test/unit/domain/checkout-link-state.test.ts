import { describe, expect, it } from 'vitest';
import { CheckoutLink, Plan } from '../../../src/domain/entities/index.ts';
import { linkState, linkUrl } from '../../../src/domain/services/checkout-links/checkout-links.ts';
import { slugBase } from '../../../src/domain/services/checkout-links/slugs.ts';

const link = (props: Partial<CheckoutLink>): CheckoutLink =>
  Object.assign(new CheckoutLink(), { active: true, completedSessionsCount: 0, completedSessionsLimit: null, deletedAt: null }, props);
const plan = (props: Partial<Plan>): Plan => Object.assign(new Plan(), { deletedAt: null }, props);

describe('linkState', () => {
  it('is active only when active, not deleted, plan not deleted and under the limit', () => {
    expect(linkState(link({}))).toBe('active');
    expect(linkState(link({}), plan({}))).toBe('active');
    expect(linkState(link({ completedSessionsLimit: 3, completedSessionsCount: 2 }))).toBe('active');
    expect(linkState(link({ active: false }))).toBe('inactive');
    expect(linkState(link({ completedSessionsLimit: 3, completedSessionsCount: 3 }))).toBe('exhausted');
    expect(linkState(link({ deletedAt: new Date(), active: false }))).toBe('deleted');
    expect(linkState(link({}), plan({ deletedAt: new Date() }))).toBe('deleted');
  });
});

describe('slugs and URLs', () => {
  it('builds lower-case url-safe bases, falling back to a random id', () => {
    expect(slugBase(['team', 'Starter Plus'])).toBe('team-starter-plus');
    expect(slugBase(['Über Größe & Co.'])).toBe('ueber-groesse-and-co');
    expect(slugBase(['x'.repeat(100)])).toHaveLength(57);
    expect(slugBase([null, '  '])).toMatch(/^[a-z0-9]{12}$/);
    expect(slugBase(['!!'])).toMatch(/^[a-z0-9]{12}$/);
    expect(linkUrl('http://h.test', 'a-b')).toBe('http://h.test/checkout-link/a-b/cart');
  });
});
