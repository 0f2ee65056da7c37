// Content hash for duplicate detection: the same picture saved twice (renamed, re-encoded losslessly,
// copied into two class folders) must be found even when the bytes differ. Two independent 32-bit
// hashes (FNV-1a and a murmur3-style mix) over width, height and pixels give 64 bits, enough to keep
// accidental collisions negligible at hundreds of thousands of images.

export function pixelHash(gray: Uint8Array, width: number, height: number): string {
  let a = 0x811c9dc5; // FNV-1a
  let b = 0x9747b28c ^ width ^ (height << 16); // murmur3-style
  a = Math.imul(a ^ width, 0x01000193);
  a = Math.imul(a ^ height, 0x01000193);
  const n = gray.length;
  const words = n >> 2;
  for (let w = 0, i = 0; w < words; w++, i += 4) {
    const k0 = (gray[i] as number) | ((gray[i + 1] as number) << 8) | ((gray[i + 2] as number) << 16) | ((gray[i + 3] as number) << 24);
    a = Math.imul(a ^ k0, 0x01000193);
    let k = Math.imul(k0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    b ^= Math.imul(k, 0x1b873593);
    b = (b << 13) | (b >>> 19);
    b = (Math.imul(b, 5) + 0xe6546b64) | 0;
  }
  for (let i = words * 4; i < n; i++) {
    a = Math.imul(a ^ (gray[i] as number), 0x01000193);
    b = Math.imul(b ^ (gray[i] as number), 0x5bd1e995);
  }
  b ^= n;
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
