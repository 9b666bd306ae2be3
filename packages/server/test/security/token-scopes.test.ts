import { describe, expect, it } from 'vitest';
import {
  grantedScope,
  parseTokenScopes,
  scopeAllows,
  type TokenScope,
  tokenScopes,
} from '../../src/security/token-scopes.ts';

describe('token scopes', () => {
  it('orders read ⊂ write ⊂ admin: a scope allows itself and every narrower one', () => {
    const allowed = (granted: TokenScope | undefined) => tokenScopes.filter((s) => scopeAllows(granted, s));
    expect(allowed(undefined)).toEqual([]);
    expect(allowed('read')).toEqual(['read']);
    expect(allowed('write')).toEqual(['read', 'write']);
    expect(allowed('admin')).toEqual(['read', 'write', 'admin']);
  });

  it('grants the widest stored scope, capped by the role', () => {
    expect(grantedScope('admin', ['admin'])).toBe('admin');
    expect(grantedScope('admin', ['read', 'write'])).toBe('write');
    expect(grantedScope('admin', ['read'])).toBe('read');
    expect(grantedScope('member', ['admin'])).toBe('write');
    expect(grantedScope('member', ['write'])).toBe('write');
    expect(grantedScope('member', ['read'])).toBe('read');
    expect(grantedScope('admin', [])).toBeUndefined();
  });

  it('grants nothing for unknown stored names, so a typo fails closed', () => {
    expect(grantedScope('admin', ['Admin', 'root', 42, null])).toBeUndefined();
    expect(grantedScope('admin', ['superuser', 'read'])).toBe('read');
  });

  it('parses a comma-separated list as typed on the command line', () => {
    expect(parseTokenScopes('read')).toEqual(['read']);
    expect(parseTokenScopes(' read, write ,read')).toEqual(['read', 'write']);
    expect(parseTokenScopes('read,frob')).toBe('unknown scope "frob"; the scopes are read, write, admin');
    expect(parseTokenScopes(' , ')).toBe('name at least one scope: read, write, admin');
  });
});
