/** Script classes the pipeline distinguishes, by code point. */
export type Script = 'latin' | 'cyrillic' | 'greek' | 'arabic' | 'other';

export function scriptOf(cp: number): Script {
  if (cp < 0x80) return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a ? 'latin' : 'other';
  if (cp >= 0x00c0 && cp <= 0x024f) return cp === 0xd7 || cp === 0xf7 ? 'other' : 'latin';
  if (cp >= 0x1e00 && cp <= 0x1eff) return 'latin';
  if (cp >= 0x0370 && cp <= 0x03ff) return 'greek';
  if ((cp >= 0x0400 && cp <= 0x052f) || (cp >= 0x1c80 && cp <= 0x1c8f)) return 'cyrillic';
  if (
    (cp >= 0x0600 && cp <= 0x06ff) ||
    (cp >= 0x0750 && cp <= 0x077f) ||
    (cp >= 0x08a0 && cp <= 0x08ff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfeff)
  ) {
    return 'arabic';
  }
  return 'other';
}
