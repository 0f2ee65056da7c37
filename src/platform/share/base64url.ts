// base64url (RFC 4648 §5, no padding) of UTF-8 text: safe in a URL hash without percent-encoding.
// btoa/atob only take Latin-1, so the UTF-8 bytes go through a binary string.

export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws a specific Error when `code` is not base64url or not UTF-8. */
export function decodeBase64Url(code: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(code)) {
    const bad = code.match(/[^A-Za-z0-9_-]/)?.[0] ?? '';
    throw new Error(`contains "${bad}", which is not a base64url character (A–Z, a–z, 0–9, - and _)`);
  }
  if (code.length % 4 === 1) throw new Error('has a length that no base64url text can have (it was probably cut off)');
  const b64 = code.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (code.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('does not decode to UTF-8 text (it was probably cut off or altered)');
  }
}
