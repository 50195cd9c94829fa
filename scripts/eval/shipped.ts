import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fnv1a } from '../../src/eval/folds';
import { MODELS_DIR } from '../../src/scoring/models';

/**
 * Whether the shipped model at models/`path` was trained on any of these record ids (it lists them
 * hashed in `trainedIdHashes`); null when no model is shipped there. A figure on records the model
 * saw would mean nothing, so the evaluators cross-validate instead when this is true.
 */
export function shippedModelSaw(path: string, ids: readonly string[]): boolean | null {
  const file = join(MODELS_DIR, path);
  if (!existsSync(file)) return null;
  const trained = new Set((JSON.parse(readFileSync(file, 'utf8')) as { trainedIdHashes: number[] }).trainedIdHashes);
  return ids.some((id) => trained.has(fnv1a(id)));
}
