// Small real files the attachment tests take in: a picture whatever its name says.
/** A valid 1 × 1 PNG (67 bytes). */
export const onePixelPng = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e4d2b10000000049454e44ae426082',
  'hex',
);
