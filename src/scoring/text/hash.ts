/** FNV-1a, 32 bit, over UTF-16 code units; continued from `state` so strings can be hashed in pieces. */
export const FNV_OFFSET = 0x811c9dc5;

export function fnvChar(state: number, code: number): number {
  return Math.imul(state ^ code, 0x01000193) >>> 0;
}

export function fnvString(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function fnv1a(text: string): number {
  return fnvString(FNV_OFFSET, text);
}
