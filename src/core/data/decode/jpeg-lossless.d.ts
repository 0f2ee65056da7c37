// jpeg-lossless-decoder-js ships no type declarations; this is the part of its API we use.
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    numComp: number;
    frame: { dimX: number; dimY: number; precision: number; numComp: number };
    /** Decodes a lossless (SOF3) JPEG; returns Uint8Array for ≤ 8-bit samples, else Uint16Array, interleaved. */
    decode(buffer: ArrayBuffer, offset?: number, length?: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
