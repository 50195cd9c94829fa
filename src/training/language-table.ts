import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LanguageTableFile } from '../scoring/language/identifier';

/** The eld release the table is copied from: another release's n-grams would change every language guess. */
export const ELD_VERSION = '2.1.0';

/**
 * eld's package exports only its detectors, so its table, separators, byte dictionary and average
 * scores are read from its files, found the way Node finds the package.
 */
function eldDirectory(): string {
  const candidates = createRequire(import.meta.url).resolve.paths('eld') ?? [];
  const dir = candidates.map((base) => join(base, 'eld')).find((path) => existsSync(join(path, 'package.json')));
  if (!dir) throw new Error('the eld package is not installed (npm install)');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  if (version !== ELD_VERSION) throw new Error(`eld ${version} is installed; the language table is built from eld ${ELD_VERSION}`);
  return dir;
}

async function eldModule<T>(dir: string, file: string): Promise<T> {
  return (await import(pathToFileURL(join(dir, 'src', file)).href)) as T;
}

/** Copies eld's extra-small table (60 languages) into the form models/language/eld-xs60.json holds. */
export async function buildLanguageTable(): Promise<LanguageTableFile> {
  const dir = eldDirectory();
  const { ngramsData } = await eldModule<{
    ngramsData: { type: string; languages: Record<string, string>; ngrams: Record<string, Record<string, number>> };
  }>(dir, 'ngrams/extrasmall.js');
  const { separators } = await eldModule<{ separators: RegExp }>(dir, 'regexPatterns.js');
  const { dictionary } = await eldModule<{ dictionary: string[] }>(dir, 'dictionary.js');
  const { avgScore } = await eldModule<{ avgScore: Record<string, number> }>(dir, 'avgScore.js');
  const languages = Object.keys(ngramsData.languages)
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => ngramsData.languages[index]!);
  const entries: number[] = [];
  for (const byLanguage of Object.values(ngramsData.ngrams)) {
    entries.push(Object.keys(byLanguage).length);
    for (const [language, score] of Object.entries(byLanguage)) entries.push(Number(language), score);
  }
  return {
    source: `eld ${ELD_VERSION} (Nito-ELD by Nito T.M.), its ${ngramsData.type} n-gram table: ${languages.length} languages`,
    license: 'Apache-2.0',
    languages,
    averageScores: languages.map((code) => avgScore[code] ?? 0),
    // eld's calculateScores() adds it back to every stored score.
    baseScore: 53,
    separators: { source: separators.source, flags: separators.flags },
    byteChars: dictionary,
    ngrams: Object.keys(ngramsData.ngrams),
    entries,
  };
}
