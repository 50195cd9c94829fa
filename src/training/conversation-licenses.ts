/** The licences of the development conversation files models train on, by file name. */
export const CONVERSATION_LICENSES: Record<string, string> = {
  'uss.dev.jsonl': 'USS (Sun et al., SIGIR 2021), research use',
  'stc3.dev.jsonl': 'NTCIR-14 STC-3 DCH-1: annotations CC BY 4.0, dialogue text research use',
};
