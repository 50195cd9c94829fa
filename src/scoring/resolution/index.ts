import type { Conversation } from '../../contract/conversation';
import { firstOccurrences, predictProbabilities, sparseScale, type LinearModel } from '../classifier/linear';
import type { Models } from '../models';
import type { AbandonmentResult, Evidence, ReactionResult, ResolutionResult, SentimentResult } from '../types';
import { closingMessages, resolutionFeatures, type ClosingMessages, type ResolutionFeatures } from './features';
import { readConfirmations, type ConfirmationReading } from './confirmations';

// Without a trained model: a customer ending below this sentiment, with no explicit cue, is unresolved.
const NEGATIVE_ENDING = -0.4;
// A message is cited when its wording moves the resolved-vs-unresolved log-odds by at least this much.
const CITED_CONTRIBUTION = 0.15;
const CITED_MESSAGES = 2;
// From this probability a customer message read as confirming the solution is cited, where no cue
// phrase already cites it (npm run eval reports how often it is the message annotators marked).
const CITED_CONFIRMATION = 0.5;
/** How evidence from the confirmation classifier begins: the evaluation counts these citations. */
export const CONFIRMATION_REASON = 'customer confirms the solution';
// P(resolved) needed to overrule the customer saying it still fails (5-fold CV on stc3: 0.6, 0.7
// and 0.8 all give 0.823-0.824 accuracy; letting the cue always win, 0.819).
const OVERRULE_STILL_BROKEN = 0.7;
const STILL_BROKEN_CONFIDENCE = 0.75;

/**
 * In order: an abandoned conversation is unresolved; then a reopened or resolved event (unless the
 * customer says it still fails); then the trained classifier on the transcript (models/resolution),
 * or without one, the customer's still-broken or thanks cues, or a clearly negative end.
 */
export function judgeResolution(
  conversation: Conversation,
  abandonment: AbandonmentResult,
  sentiment: SentimentResult,
  reactions: ReactionResult,
  models: Models,
): ResolutionResult {
  const judged = judgeOutcome(conversation, abandonment, sentiment, reactions, models);
  const agents = new Set(conversation.messages.filter((m) => m.role === 'agent').map((m) => m.authorId ?? 'unnamed agent'));
  const reopened = conversation.events.some((e) => e.type === 'reopened');
  return { ...judged, singleTouch: judged.outcome === 'resolved' && !reopened && agents.size <= 1 };
}

type Judged = Omit<ResolutionResult, 'singleTouch'>;

function judgeOutcome(
  conversation: Conversation,
  abandonment: AbandonmentResult,
  sentiment: SentimentResult,
  reactions: ReactionResult,
  models: Models,
): Judged {
  if (abandonment.outcome !== 'none') {
    return {
      outcome: 'unresolved',
      confidence: 0.8,
      evidence: [{ reason: `abandoned (${abandonment.outcome})` }, ...abandonment.evidence],
    };
  }

  const closing = closingMessages(conversation);
  const cited = (match: (text: string) => string | null, reason: string) =>
    closing.flatMap((m): Evidence[] => {
      const phrase = match(m.folded);
      return phrase ? [{ seq: m.seq, reason: `${reason} ("${phrase}")` }] : [];
    });

  const broken = cited(models.cues.stillBroken, 'customer says it is not solved');
  const confirmations = cited((text) => models.cues.confirmed(text) ?? models.cues.thanks(text), 'customer confirms or thanks');
  const lifecycle = conversation.events.filter((e) => e.type === 'resolved' || e.type === 'reopened');
  const lastLifecycle = lifecycle[lifecycle.length - 1];
  if (lastLifecycle?.type === 'reopened') {
    return { outcome: 'unresolved', confidence: 0.6, evidence: [{ event: 'reopened', reason: 'reopened and not resolved again' }, ...broken] };
  }
  if (lastLifecycle?.type === 'resolved') {
    // A resolved mark is the business's word; the customer saying it still fails outweighs it.
    if (broken.length) return { outcome: 'unresolved', confidence: STILL_BROKEN_CONFIDENCE, evidence: broken };
    return {
      outcome: 'resolved',
      confidence: confirmations.length ? 0.95 : 0.85,
      evidence: [{ event: 'resolved', reason: `marked resolved${lastLifecycle.by ? ` by ${lastLifecycle.by}` : ''}` }, ...confirmations],
    };
  }
  if (closing.length === 0) return { outcome: 'unknown', confidence: 0, evidence: [] };
  if (models.resolution) {
    const read = models.confirmations ? readConfirmations(conversation, sentiment, models.confirmations) : null;
    const features = resolutionFeatures(conversation, closing, sentiment, reactions, read, models);
    return classify(models.resolution, features, closing, broken, [...confirmations, ...confirmationEvidence(read, confirmations)]);
  }

  if (broken.length) return { outcome: 'unresolved', confidence: STILL_BROKEN_CONFIDENCE, evidence: broken };
  if (confirmations.length) return { outcome: 'resolved', confidence: 0.7, evidence: confirmations };
  const end = sentiment.customer?.end;
  if (end !== undefined && end <= NEGATIVE_ENDING) {
    const seq = closing[closing.length - 1]!.seq;
    return { outcome: 'unresolved', confidence: 0.55, evidence: [{ seq, reason: 'customer ends clearly negative' }] };
  }
  return { outcome: 'unknown', confidence: 0, evidence: [] };
}

/** The customer message the confirmation classifier is surest of, unless a cue already cites it. */
function confirmationEvidence(read: ConfirmationReading | null, cued: Evidence[]): Evidence[] {
  const best = read?.best;
  if (!best || best.p < CITED_CONFIRMATION || cued.some((e) => e.seq === best.seq)) return [];
  return [{ seq: best.seq, reason: `${CONFIRMATION_REASON} (P ${best.p.toFixed(2)})` }];
}

/**
 * The classifier weighs the still-broken and thanks cues with everything else, but a customer
 * saying it still fails is overruled only by a confident classifier (a "still waiting" answered by
 * the fix); its word features know English only, and "sigue sin funcionar" must not come out
 * resolved on a coin toss. The cues that agree with the answer are cited first.
 */
function classify(model: LinearModel, features: ResolutionFeatures, closing: ClosingMessages, broken: Evidence[], confirmations: Evidence[]): Judged {
  const p = predictProbabilities(model, features.sparse, features.dense)[model.classes.indexOf('resolved')]!;
  const resolved = p >= (broken.length ? OVERRULE_STILL_BROKEN : 0.5);
  const cues = resolved ? confirmations : broken;
  const wording = citedWording(model, features, resolved).filter((e) => !cues.some((c) => c.seq === e.seq));
  const evidence = [...cues, ...wording];
  // With no single message standing out, the answer rests on the closing as a whole: cite its last message.
  if (evidence.length === 0) {
    evidence.push({ seq: closing[closing.length - 1]!.seq, reason: `closing read by the resolution classifier (P(resolved) ${p.toFixed(2)})` });
  }
  const confidence = resolved ? p : broken.length ? Math.max(1 - p, STILL_BROKEN_CONFIDENCE) : 1 - p;
  return { outcome: resolved ? 'resolved' : 'unresolved', confidence, evidence };
}

/**
 * The messages whose words pushed the classifier hardest towards its answer: each distinct feature's
 * resolved-minus-unresolved weight, credited to the message that first produced it.
 */
function citedWording(model: LinearModel, features: ResolutionFeatures, resolved: boolean): Evidence[] {
  const k = model.classes.length;
  const yes = model.classes.indexOf('resolved');
  const no = model.classes.indexOf('unresolved');
  const firsts = firstOccurrences(features.sparse);
  const scale = sparseScale(firsts.length);
  const bySeq = new Map<number, number>();
  for (const i of firsts) {
    const row = model.rows.get(features.sparse[i]!);
    if (row === -1) continue;
    const seq = features.owners[i]!;
    bySeq.set(seq, (bySeq.get(seq) ?? 0) + (model.weights[row * k + yes]! - model.weights[row * k + no]!) * scale);
  }
  const direction = resolved ? 1 : -1;
  return [...bySeq]
    .map(([seq, push]) => ({ seq, push: push * direction }))
    .filter((m) => m.push >= CITED_CONTRIBUTION)
    .sort((a, b) => b.push - a.push || a.seq - b.seq)
    .slice(0, CITED_MESSAGES)
    .map(({ seq, push }) => ({ seq, reason: `wording points to ${resolved ? 'resolved' : 'unresolved'} (log-odds +${push.toFixed(2)})` }));
}
