/** The conversation files the satisfaction model is trained on, under the eval data's conversations/ folder. */
export const SATISFACTION_FILES = ['uss.dev.jsonl', 'stc3.dev.jsonl'] as const;
export const SATISFACTION_LICENSES: Record<string, string> = {
  'uss.dev.jsonl': 'USS (Sun et al., SIGIR 2021), research use',
  'stc3.dev.jsonl': 'NTCIR-14 STC-3 DCH-1: annotations CC BY 4.0, dialogue text research use',
};
