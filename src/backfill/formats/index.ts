import { chatwoot } from './chatwoot';
import { intercom } from './intercom';
import { messageCsv } from './message-csv';
import { parleyJsonl } from './parley-jsonl';
import type { Format } from './types';
import { zendesk } from './zendesk';

export const FORMATS: readonly Format[] = [parleyJsonl, messageCsv, chatwoot, zendesk, intercom];

export function formatNamed(name: string): Format | undefined {
  return FORMATS.find((format) => format.name === name);
}

/** The format whose sniff recognises the first line; Parley's JSON lines when none does. */
export function detectFormat(firstLine: string): Format {
  return FORMATS.find((format) => format.sniff(firstLine)) ?? parleyJsonl;
}
