import { describe, expect, it } from 'vitest';
import { messageConfirms } from '../../../scripts/eval/conversation-data';
import { scoreConversation } from '../../../src/scoring';
import { detectLanguages } from '../../../src/scoring/language';
import { confirmationFeatures, readConfirmations, toConfirmationModel } from '../../../src/scoring/resolution/confirmations';
import { scoreSentiment } from '../../../src/scoring/sentiment';
import { predictProbabilities } from '../../../src/scoring/classifier/linear';
import { trainConfirmationModel, type ConfirmationRecord } from '../../../src/training/confirmations';
import { conversation, testModels, type Line } from '../../support/fixtures';

const models = testModels();
const confirmations = models.confirmations!;

function read(lines: Line[]) {
  const convo = conversation({ lines });
  return readConfirmations(convo, scoreConversation(convo, models).sentiment, confirmations);
}

describe('confirmation classifier (shipped model)', () => {
  it('reads a customer confirming the fix above one saying it still fails, and only customer messages', () => {
    const opening: Line[] = [['c', 0, 'My refund has not arrived'], ['a', 60, 'We have processed the refund, it works now and you will receive it.']];
    const confirmed = read([...opening, ['c', 90, 'It works now, thanks.']]);
    const failing = read([...opening, ['c', 90, 'It still does not work.']]);
    expect(confirmed.best).toMatchObject({ seq: 2 });
    expect(confirmed.best!.p).toBeGreaterThan(0.5);
    expect(confirmed.signals).toEqual([confirmed.best!.p, confirmed.best!.p]);
    expect(failing.signals[1]).toBeLessThan(confirmed.signals[1]! / 2);
    expect(failing.best!.seq).not.toBe(1);
  });

  it('reads no message in a language it did not learn from: the conversation gets the neutral values', () => {
    expect(confirmations.languages).toEqual(new Set(['en']));
    const pt = read([['c', 0, 'Meu reembolso não chegou'], ['a', 60, 'Já processamos o reembolso.'], ['c', 90, 'Funcionou agora, obrigado pela ajuda!']]);
    expect(pt).toEqual({ signals: [...confirmations.neutral], best: null });
  });

  it('in a conversation that changes language, reads only the messages in a language it knows', () => {
    const mixed = read([['c', 0, 'My refund has not arrived yet'], ['a', 60, 'Please check again now.'], ['c', 90, 'Funcionou agora, obrigado pela ajuda!']]);
    expect(mixed.best!.seq).toBe(0);
  });
});

describe('confirmation labels from stc3 nuggets', () => {
  it('gives every message of a turn the nugget its last message carries, and none to a turn without one', () => {
    const labels = messageConfirms([
      { role: 'customer', text: 'a', nugget: 'CNUG0' },
      { role: 'agent', text: 'b' },
      { role: 'agent', text: 'c', nugget: 'HNUG*' },
      { role: 'customer', text: 'd' },
      { role: 'customer', text: 'e', nugget: 'CNUG*' },
      { role: 'agent', text: 'f', nugget: 'HNUG' },
      { role: 'customer', text: 'g' },
    ]);
    expect(labels).toEqual([false, false, false, true, true, false, undefined]);
  });
});

describe('training the confirmation classifier', () => {
  // Each record: an English complaint, a reply, and a customer message labelled by whether it confirms.
  const record = (closing: string, confirms: boolean): ConfirmationRecord => ({
    conversation: conversation({ lines: [['c', 0, 'My parcel has not arrived yet'], ['a', 60, 'We have sent it again today.'], ['c', 90, closing]] }),
    messageConfirms: [false, undefined, confirms],
  });
  const records = [
    ...Array.from({ length: 12 }, (_, i) => record(`received it, all good now number${i}`, true)),
    ...Array.from({ length: 12 }, (_, i) => record(`still nothing here, waiting number${i}`, false)),
  ];
  const sentiments = records.map((r) => scoreSentiment(r.conversation, detectLanguages(r.conversation, models).messages, models));
  const folds = records.map((_, i) => i % 3);
  const trained = trainConfirmationModel(records, sentiments, folds, 3);

  it('learns the languages of its labelled messages and one model per inner fold', () => {
    expect(trained.data.languages).toEqual(['en']);
    expect(trained.foldData).toHaveLength(3);
  });

  it('reads each training record with the model that did not learn from it, and takes the neutral values from those readings', () => {
    const examined = 0;
    const full = toConfirmationModel(trained.data);
    const { sparse, dense } = confirmationFeatures(records[examined]!.conversation, 2);
    const inSample = predictProbabilities(full.model, sparse, dense)[1]!;
    const outOfFold = toConfirmationModel(trained.foldData[folds[examined]!]!);
    expect(trained.readings[examined]!.signals[1]).toBeCloseTo(predictProbabilities(outOfFold.model, sparse, dense)[1]!, 12);
    expect(trained.readings[examined]!.signals[1]).not.toBeCloseTo(inSample, 6);
    const mean = (j: number) => trained.readings.reduce((sum, r) => sum + r.signals[j]!, 0) / trained.readings.length;
    expect(trained.data.neutral[0]).toBeCloseTo(mean(0), 12);
    expect(trained.data.neutral[1]).toBeCloseTo(mean(1), 12);
  });
});
