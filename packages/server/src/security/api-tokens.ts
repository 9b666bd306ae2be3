import { createHash, randomBytes } from 'node:crypto';

/** A recognisable prefix lets secret scanners and people tell a notify-bridge token at a glance. */
export const tokenPrefix = 'nbt_';

/** 256 random bits; shown to the user once, stored only as its SHA-256. */
export function generateApiToken(): string {
  return `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What listings show of a token: enough to tell tokens apart, far too little to use. */
export function displayPrefix(token: string): string {
  return token.slice(0, tokenPrefix.length + 6);
}
