import { describe, expect, it } from 'vitest';
import { INTENT_TRAINING_OPTIONS, scoreHeldOut, type IntentExample } from '../../src/training/intent';

const examples = (count: number): IntentExample[] =>
  Array.from({ length: count }, (_, i) => ({ id: `e${i}`, text: i % 2 ? `where is my order ${i}` : `cancel my plan ${i}`, label: i % 2 ? 'order_status' : 'cancellation' }));
const options = { ...INTENT_TRAINING_OPTIONS, epochs: 1 };

describe('the rejection threshold\'s held-out examples', () => {
  it('scores every example of a small taxonomy, once', () => {
    const small = examples(60);
    const scored = scoreHeldOut(small, options);
    expect(scored.map((s) => s.id).sort()).toEqual(small.map((e) => e.id).sort());
    expect(scored.every((s) => s.gold === small.find((e) => e.id === s.id)!.label)).toBe(true);
  });

  it('scores one fifth of a large one', () => {
    const large = examples(5_000);
    const scored = scoreHeldOut(large, options);
    expect(scored.length).toBeGreaterThan(800);
    expect(scored.length).toBeLessThan(1_200);
    expect(new Set(scored.map((s) => s.id)).size).toBe(scored.length);
  });
});
