import * as crypto from 'node:crypto';

// One-shot hashing where Node has it (20.12+): no Hash object per call, which matters on the
// scorer's hot path (every assessment carries its text's hash). The same digest either way.
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array | string, encoding: 'hex') => string }).hash;

/** SHA-256 of bytes, or of a string as UTF-8, in hex. */
export const sha256Hex: (data: Uint8Array | string) => string = oneShot
  ? (data) => oneShot('sha256', data, 'hex')
  : (data) => crypto.createHash('sha256').update(data).digest('hex');
