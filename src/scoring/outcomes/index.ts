import type { Conversation } from '../../contract/conversation';
import type { OutcomesResult } from '../types';

/** Survey answers and conversions as the source reported them; the last answer of each survey wins. */
export function readOutcomes(conversation: Conversation): OutcomesResult {
  let surveyCsat: number | null = null;
  let surveyNps: number | null = null;
  let conversionValue: number | null = null;
  let conversionCurrency: string | null = null;
  let converted = false;
  for (const event of conversation.events) {
    if (event.type === 'survey') {
      if (event.metric === 'csat') surveyCsat = event.score;
      else surveyNps = event.score;
    } else if (event.type === 'conversion') {
      converted = true;
      // Values in different currencies are not added up; the first currency seen is kept.
      if (event.value !== undefined && (conversionCurrency === null || event.currency === conversionCurrency)) {
        conversionValue = (conversionValue ?? 0) + event.value;
        conversionCurrency = event.currency ?? conversionCurrency;
      }
    }
  }
  return { surveyCsat, surveyNps, converted, conversionValue, conversionCurrency };
}
