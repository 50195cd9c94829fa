import type { IntentExample } from './intent';

/** Bitext's intents mapped onto the default taxonomy (Bitext has no technical-problem intent). */
export const BITEXT_TO_DEFAULT: Record<string, string> = {
  track_order: 'order_status',
  change_order: 'order_status',
  place_order: 'product_question',
  cancel_order: 'cancellation',
  check_cancellation_fee: 'cancellation',
  delivery_options: 'shipping_delivery',
  delivery_period: 'shipping_delivery',
  change_shipping_address: 'shipping_delivery',
  set_up_shipping_address: 'shipping_delivery',
  check_refund_policy: 'returns_refunds',
  get_refund: 'returns_refunds',
  track_refund: 'returns_refunds',
  check_payment_methods: 'payment_billing',
  payment_issue: 'payment_billing',
  check_invoice: 'payment_billing',
  get_invoice: 'payment_billing',
  create_account: 'account_login',
  delete_account: 'account_login',
  edit_account: 'account_login',
  recover_password: 'account_login',
  registration_problems: 'account_login',
  switch_account: 'account_login',
  contact_customer_service: 'talk_to_human',
  contact_human_agent: 'talk_to_human',
  complaint: 'complaint',
  review: 'other',
  newsletter_subscription: 'other',
};

// English would swamp the three languages that only have seed phrases: keep this many per Bitext intent.
const BITEXT_PER_INTENT = 25;

const SEED_ID = /^seed-.+-(\w+)-\d+$/;

/** The language of a seed phrase's example, from its id; null for a Bitext example. */
export function seedLanguageOf(id: string): string | null {
  return SEED_ID.exec(id)?.[1] ?? null;
}

/** The default taxonomy's training set: every seed phrase, plus a fixed sample of Bitext in English. */
export function defaultIntentExamples(seed: Record<string, unknown>, bitext: readonly IntentExample[]): IntentExample[] {
  const examples: IntentExample[] = [];
  for (const [label, languages] of Object.entries(seed)) {
    if (label.startsWith('_')) continue;
    for (const [language, phrases] of Object.entries(languages as Record<string, string[]>)) {
      phrases.forEach((text, i) => examples.push({ id: `seed-${label}-${language}-${i}`, text, label }));
    }
  }
  const byIntent = new Map<string, IntentExample[]>();
  for (const record of bitext) {
    if (!BITEXT_TO_DEFAULT[record.label]) continue;
    byIntent.set(record.label, [...(byIntent.get(record.label) ?? []), record]);
  }
  for (const [intent, records] of [...byIntent].sort(([a], [b]) => a.localeCompare(b))) {
    // The first records by id order: a fixed sample, the same on every machine.
    const sample = [...records].sort((a, b) => a.id.localeCompare(b.id)).slice(0, BITEXT_PER_INTENT);
    for (const r of sample) examples.push({ id: r.id, text: r.text, label: BITEXT_TO_DEFAULT[intent]! });
  }
  return examples;
}
