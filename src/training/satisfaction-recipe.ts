/** The conversation files the satisfaction model is trained on, under the eval data's conversations/ folder. */
export const SATISFACTION_FILES = ['uss.dev.jsonl', 'stc3.dev.jsonl'] as const;
