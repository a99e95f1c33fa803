/**
 * CRC-32 as ZIP uses it (APPNOTE 4.4.7: polynomial 0xEDB88320, reflected, inverted). fflate
 * computes it inside zipSync but does not export it; the backup writes its own headers.
 */
const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The CRC of `bytes`; pass the CRC of the bytes before them as `previous` to go on from there. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous;
  for (let i = 0; i < bytes.byteLength; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
