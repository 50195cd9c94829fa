import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type Analyzer = { getSentiment(tokens: string[]): number };
type Tokenizer = { tokenize(text: string): string[] };
const SentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as new (
  language: string,
  stemmer: null,
  type: string,
) => Analyzer;
const tokenizers: Record<string, string> = {
  en: 'natural/lib/natural/tokenizers/aggressive_tokenizer.js',
  es: 'natural/lib/natural/tokenizers/aggressive_tokenizer_es.js',
  pt: 'natural/lib/natural/tokenizers/aggressive_tokenizer_pt.js',
};
// natural has no Romanian lexicon or tokenizer: its English analyzer is the plain baseline there.
const analyzerLanguage: Record<string, string> = { en: 'English', es: 'Spanish', pt: 'Portuguese', ro: 'English' };

/** natural's plain AFINN analyzer, as a user of natural would call it: the sign of its score is the label. */
export function naturalAfinnBaseline(language: string): (text: string) => 'negative' | 'neutral' | 'positive' {
  const analyzer = new SentimentAnalyzer(analyzerLanguage[language] ?? 'English', null, 'afinn');
  const TokenizerClass = require(tokenizers[language] ?? tokenizers.en!) as new () => Tokenizer;
  const tokenizer = new TokenizerClass();
  return (text) => {
    const tokens = tokenizer.tokenize(text.toLowerCase());
    const score = tokens.length ? analyzer.getSentiment(tokens) : 0;
    return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
  };
}
