import { z } from 'zod';

/**
 * The kinds of personal data Parley replaces with a typed placeholder before storage. `name` is the
 * customer's display name (authorName on customer messages): known to be a name by the field it is in.
 */
export const PII_TYPES = ['email', 'phone', 'card', 'iban', 'cpf', 'cnp', 'dni', 'nie', 'nif', 'name'] as const;
export type PiiType = (typeof PII_TYPES)[number];

export const redactionSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  types: z.array(z.enum(PII_TYPES)).refine((types) => new Set(types).size === types.length, 'must not repeat a type'),
});

export type RedactionSettings = z.infer<typeof redactionSettingsSchema>;

/** On by default, every type: a workspace has to opt out, never in. */
export const DEFAULT_REDACTION: RedactionSettings = Object.freeze({ enabled: true, types: [...PII_TYPES] });
