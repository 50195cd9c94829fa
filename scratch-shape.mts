import { conversationSchema, type Conversation } from './src/contract/conversation';
import { scoreConversation } from './src/scoring';
import { loadModels } from './src/scoring/models';
import { syntheticConversation } from './scripts/lib/synthetic';
const models = loadModels();
const inputs = Array.from({ length: 500 }, (_, i) => JSON.stringify(syntheticConversation(i, 500, 10)));
const zodded = () => inputs.map((s) => conversationSchema.parse(JSON.parse(s)));
const literal = () => zodded().map((c) => ({ ...c, messages: c.messages.map((m) => ({ id: m.id, role: m.role, authorId: m.authorId, authorName: m.authorName, text: m.text, sentAt: m.sentAt })) }) as Conversation);
const time = (make: () => Conversation[]) => { let spent = 0, n = 0; while (spent < 1500) { const b = make(); const t = performance.now(); for (const c of b) scoreConversation(c, models); spent += performance.now() - t; n += b.length; } return n / (spent / 1000); };
for (let w = 0; w < 2; w++) { time(zodded); time(literal); }
for (let r = 0; r < 5; r++) console.log('zod', time(zodded).toFixed(0), 'literal', time(literal).toFixed(0));
