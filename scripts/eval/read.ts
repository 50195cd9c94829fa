import { readFileSync } from 'node:fs';

/** One JSON object per non-empty line; a broken line names its file and line number. */
export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as T];
      } catch {
        throw new Error(`${path}:${i + 1}: not valid JSON`);
      }
    });
}

/** Some sources store text with JSON escapes left in ("i\\u2019m"); read them as the characters. */
export function unescapeText(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
