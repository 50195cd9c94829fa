import { conversationSchema, type Conversation, type ConversationInput } from '../../src/contract/conversation';
import { loadModels, type Models } from '../../src/scoring/models';
import { buildConversation, type SampleSpec } from '../../scripts/samples/build';

export type { Line } from '../../scripts/samples/build';

let models: Models | undefined;
export function testModels(): Models {
  models ??= loadModels();
  return models;
}

const DEFAULTS = { channel: 'web_chat', source: 'test', start: '2026-09-01T10:00:00Z' } as const;

/** A contract-shaped input from the compact sample notation, with test defaults. */
export function conversationInput(
  workspace: string,
  spec: Partial<SampleSpec> & Pick<SampleSpec, 'lines'>,
): ConversationInput {
  return buildConversation(workspace, { id: 'conv-1', ...DEFAULTS, ...spec });
}

/** The validated conversation the scorer takes. */
export function conversation(spec: Partial<SampleSpec> & Pick<SampleSpec, 'lines'>): Conversation {
  return conversationSchema.parse(conversationInput('test-ws', spec));
}
