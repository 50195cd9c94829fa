import { describe, expect, it } from 'vitest';
import { detectEscalation } from '../../../src/scoring/escalation';
import { measureTiming } from '../../../src/scoring/timing';
import { conversation, testModels, type Line } from '../../support/fixtures';
import type { EventSpec } from '../../../scripts/samples/build';

const timing = (lines: Line[], events: EventSpec[] = []) => {
  const convo = conversation({ lines, events });
  return measureTiming(convo, detectEscalation(convo, testModels()));
};

describe('response times', () => {
  it('measures first response from the first customer message to the first human reply', () => {
    const t = timing([
      ['c', 0, 'hello'],
      ['c', 30, 'anyone?'],
      ['a', 120, 'hi!'],
    ]);
    expect(t.firstResponseSeconds).toBe(120);
    expect(t.replyTimesSeconds).toEqual([120]);
  });

  it('never lets a bot or system message stop the clock', () => {
    const t = timing([
      ['c', 0, 'my card was declined'],
      ['s', 5, 'conversation assigned'],
      ['a', 300, 'let me check'],
    ]);
    expect(t.firstResponseSeconds).toBe(300);
  });

  it('starts the clock at the handoff when the customer talked to a bot first', () => {
    const t = timing(
      [
        ['b', 0, 'Hi!'],
        ['c', 10, 'I need a human'],
        ['b', 12, 'Transferring you'],
        ['a', 192, 'Hello, how can I help?'],
      ],
      [['handoff', 12]],
    );
    expect(t.firstResponseSeconds).toBe(180);
  });

  it('infers the handoff from the transcript when no event says so', () => {
    const t = timing([
      ['b', 0, 'Hi!'],
      ['c', 10, 'refund please'],
      ['b', 20, 'Connecting you to an agent'],
      ['a', 80, 'Hi, Maria here'],
    ]);
    expect(t.firstResponseSeconds).toBe(60);
  });

  it('measures every wait: from the first unanswered customer message to the next agent reply', () => {
    const t = timing([
      ['c', 0, 'q1'],
      ['a', 60, 'a1'],
      ['c', 100, 'q2'],
      ['c', 110, 'q2 again'],
      ['a', 400, 'a2'],
      ['a', 410, 'a3'],
    ]);
    expect(t.replyTimesSeconds).toEqual([60, 300]);
    expect(t.customerWaitSeconds).toBe(360);
  });

  it('has no first response for outbound-only or unanswered conversations', () => {
    expect(timing([['a', 0, 'Your order shipped']]).firstResponseSeconds).toBeNull();
    expect(timing([['c', 0, 'hello?']]).firstResponseSeconds).toBeNull();
  });

  it('counts messages by role and measures the duration', () => {
    const t = timing([
      ['b', 0, 'Hi'],
      ['c', 5, 'hey'],
      ['a', 65, 'hello'],
      ['s', 70, 'closed'],
    ]);
    expect(t.counts).toEqual({ total: 4, customer: 1, agent: 1, bot: 1, system: 1 });
    expect(t.durationSeconds).toBe(70);
  });
});
