import type { ConversationInput } from '../../src/contract/conversation';
import type { AbandonmentOutcome, HandledBy, ResolutionOutcome } from '../../src/scoring/types';
import { buildConversation, type SampleSpec } from './build';

/**
 * Sample conversations written for Parley (no real customer data), in English, Portuguese,
 * Spanish and Romanian, some typed without diacritics. Each says what a careful human reader
 * would label it; the golden tests hold the scorer to those labels.
 */
export interface Sample extends SampleSpec {
  /** `intent` is given where a reader would not hesitate; docs/evaluation.md lists the known misses. */
  expected: { handledBy: HandledBy; resolution: ResolutionOutcome; abandonment: AbandonmentOutcome; intent?: string };
}

const H = 3600;
const D = 24 * H;

export const SAMPLES: Sample[] = [
  // ───────────── English ─────────────
  {
    id: 'en-bot-order-status', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-01T09:12:04Z', customerId: 'cust-en-001',
    attributes: { greeting_variant: 'A', page: '/orders' },
    lines: [
      ['b', 0, 'Hi! I am Parcel, the Northwind assistant. How can I help today?'],
      ['c', 14, 'where is my order 44120?'],
      ['b', 16, 'Order 44120 left our warehouse yesterday and will be delivered on Friday. You can track it here: nw.example/t/44120'],
      ['c', 41, 'great, thanks!'],
      ['b', 43, 'Happy to help. Have a lovely day!'],
    ],
    events: [['resolved', 50, 'bot']],
    expected: { intent: 'order_status', handledBy: 'bot', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'en-handoff-refund', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-02T14:30:00Z', customerId: 'cust-en-002', agent: 'agent-maria',
    attributes: { greeting_variant: 'B', team: 'billing', product: 'headphones' },
    lines: [
      ['b', 0, 'Hello! How can I help you?'],
      ['c', 20, 'I was charged twice for my headphones and I want a refund'],
      ['b', 22, 'I am sorry about that. Let me connect you with a billing specialist.'],
      ['a', 200, 'Hi, this is Maria from billing. I can see the duplicate charge of $89. I have refunded it just now.'],
      ['c', 260, 'Thank you so much, that was quick'],
      ['a', 275, 'You are welcome! The refund shows in 3-5 business days.'],
    ],
    events: [['handoff', 22], ['assigned', 150, 'agent-maria'], ['resolved', 300, 'agent'], ['csat', 400, 5]],
    expected: { handledBy: 'both', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'en-email-warranty', channel: 'email', source: 'helpdesk', start: '2026-10-03T08:00:00Z', customerId: 'cust-en-003', agent: 'agent-tom',
    attributes: { team: 'support', product: 'coffee-machine' },
    lines: [
      ['c', 0, 'Hello, my coffee machine stopped heating after two months. It is still under warranty. What should I do?'],
      ['a', 3 * H, 'Hi Jordan, sorry to hear that. Please reset it by holding the power button for 10 seconds. If it still does not heat, we will send a replacement.'],
      ['c', 5 * H, 'I did the reset and it works now. Thanks for the help!'],
    ],
    events: [['resolved', 5 * H + 600, 'agent'], ['csat', 6 * H, 4], ['nps', 6 * H, 8]],
    expected: { handledBy: 'human', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'en-still-broken', channel: 'web_chat', source: 'livechat', start: '2026-10-04T16:05:00Z', customerId: 'cust-en-004', agent: 'agent-tom',
    attributes: { team: 'support', product: 'router' },
    lines: [
      ['c', 0, 'My router keeps dropping the connection every few minutes'],
      ['a', 95, 'Sorry about that. Could you restart it and update the firmware from the app?'],
      ['c', 900, 'Done both. Still not working, this is really frustrating'],
      ['a', 960, 'I understand. I will escalate this to our technical team, they will email you.'],
      ['c', 1000, 'This is the third time I contact you about this. Useless.'],
    ],
    events: [['csat', 1200, 1], ['nps', 1200, 2]],
    expected: { intent: 'technical_problem', handledBy: 'human', resolution: 'unresolved', abandonment: 'none' },
  },
  {
    id: 'en-pre-engagement', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-05T11:00:00Z',
    attributes: { greeting_variant: 'A', page: '/pricing' },
    lines: [['b', 0, 'Hi there 👋 Looking for a plan? I can help you pick one.']],
    expected: { intent: 'other', handledBy: 'bot', resolution: 'unresolved', abandonment: 'pre_engagement' },
  },
  {
    id: 'en-left-in-queue', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-06T19:40:00Z', customerId: 'cust-en-006',
    attributes: { greeting_variant: 'B' },
    lines: [
      ['b', 0, 'Hello! How can I help?'],
      ['c', 15, 'I need to talk to a real person about a damaged package'],
      ['b', 17, 'Sure, I am transferring you to an agent. Current wait time is about 10 minutes.'],
      ['c', 400, 'hello??'],
      ['c', 700, 'forget it'],
    ],
    events: [['handoff', 17], ['queued', 17]],
    expected: { intent: 'talk_to_human', handledBy: 'bot', resolution: 'unresolved', abandonment: 'in_queue' },
  },
  {
    id: 'en-bot-dropoff', channel: 'messenger', source: 'messenger-bot', start: '2026-10-07T10:20:00Z', customerId: 'cust-en-007',
    lines: [
      ['b', 0, 'Hi! What can I do for you?'],
      ['c', 30, 'return'],
      ['b', 32, 'I can help with a return. Could you share your order number?'],
    ],
    expected: { handledBy: 'bot', resolution: 'unresolved', abandonment: 'bot_dropoff' },
  },
  {
    id: 'en-post-reply-silence', channel: 'instagram', source: 'social-inbox', start: '2026-10-08T13:00:00Z', customerId: 'cust-en-008', agent: 'agent-maria',
    attributes: { campaign: 'autumn-sale' },
    lines: [
      ['c', 0, 'Hi, is the autumn discount valid for the blue jacket?'],
      ['a', 1500, 'Hi! Yes it is. Which size do you need so I can check stock?'],
    ],
    events: [['resolved', 2 * D, 'system']],
    expected: { handledBy: 'human', resolution: 'unresolved', abandonment: 'post_reply_silence' },
  },
  {
    id: 'en-whatsapp-window', channel: 'whatsapp', source: 'whatsapp-business', start: '2026-10-09T21:00:00Z', customerId: 'cust-en-009', agent: 'agent-tom',
    lines: [
      ['c', 0, 'Hello, can I change the delivery address for order 55102?'],
      ['a', 30 * H, 'Hi, sorry for the delay! Yes, what is the new address?'],
    ],
    expected: { intent: 'shipping_delivery', handledBy: 'human', resolution: 'unresolved', abandonment: 'window_expired' },
  },
  {
    id: 'en-sales-conversion', channel: 'web_chat', source: 'livechat', start: '2026-10-10T15:10:00Z', customerId: 'cust-en-010', agent: 'agent-sam',
    attributes: { greeting_variant: 'A', page: '/products/espresso-pro', team: 'sales' },
    lines: [
      ['a', 0, 'Hi! Can I help you choose a machine?'],
      ['c', 40, 'Yes, does the Espresso Pro come with a milk frother?'],
      ['a', 70, 'It does, and this week it ships free.'],
      ['c', 120, 'Perfect, I will order it now. Thanks!'],
    ],
    events: [['conversion', 600, 'purchase', 349.0, 'USD'], ['resolved', 650, 'agent']],
    expected: { handledBy: 'human', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'en-asks-human', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-11T08:45:00Z', customerId: 'cust-en-002', agent: 'agent-sam',
    attributes: { greeting_variant: 'B', team: 'support' },
    lines: [
      ['b', 0, 'Hi! How can I help?'],
      ['c', 10, 'my account is locked'],
      ['b', 12, 'You can unlock it from the login page using "Forgot password".'],
      ['c', 60, 'I tried that already, I want to speak to a person'],
      ['b', 62, 'Okay, connecting you to an agent.'],
      ['a', 140, 'Hi, I have unlocked your account. Please try to log in now.'],
      ['c', 200, 'It works now, thank you'],
    ],
    events: [['handoff', 62], ['resolved', 260, 'agent'], ['nps', 400, 9]],
    expected: { intent: 'account_login', handledBy: 'both', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'en-angry-delivery', channel: 'sms', source: 'sms-gateway', start: '2026-10-12T18:30:00Z', customerId: 'cust-en-012', agent: 'agent-maria',
    lines: [
      ['c', 0, 'Your courier left my parcel in the rain. Everything is ruined. Terrible service!!'],
      ['a', 600, 'I am very sorry. We can offer a 20% voucher.'],
      ['c', 700, 'A voucher? That is ridiculous, I want my money back'],
    ],
    expected: { intent: 'complaint', handledBy: 'human', resolution: 'unresolved', abandonment: 'none' },
  },
  // ───────────── Portuguese ─────────────
  {
    id: 'pt-bot-rastreio', channel: 'whatsapp', source: 'whatsapp-business', start: '2026-10-01T12:00:00Z', customerId: 'cust-pt-001', language: 'pt-BR',
    attributes: { greeting_variant: 'A', store: 'sao-paulo' },
    lines: [
      ['b', 0, 'Olá! Sou a assistente virtual da Loja Aurora. Como posso ajudar?'],
      ['c', 25, 'quero saber onde esta meu pedido 7781'],
      ['b', 27, 'Seu pedido 7781 saiu para entrega hoje e chega até as 18h.'],
      ['c', 60, 'Obrigada!'],
    ],
    events: [['resolved', 120, 'bot']],
    expected: { intent: 'order_status', handledBy: 'bot', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'pt-troca-atendente', channel: 'whatsapp', source: 'whatsapp-business', start: '2026-10-03T10:15:00Z', customerId: 'cust-pt-002', agent: 'agent-joana',
    attributes: { greeting_variant: 'B', store: 'lisboa', product: 'tenis' },
    lines: [
      ['b', 0, 'Olá! Em que posso ajudar?'],
      ['c', 30, 'Recebi o tênis no tamanho errado, quero trocar'],
      ['b', 32, 'Vou transferir você para uma atendente.'],
      ['a', 300, 'Oi! Sou a Joana. Já gerei a etiqueta de troca, vou enviar por e-mail agora.'],
      ['c', 360, 'Perfeito, muito obrigado pela ajuda!'],
    ],
    events: [['handoff', 32], ['resolved', 420, 'agent'], ['csat', 500, 4]],
    expected: { intent: 'returns_refunds', handledBy: 'both', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'pt-produto-quebrado', channel: 'email', source: 'helpdesk', start: '2026-10-05T09:00:00Z', customerId: 'cust-pt-003', agent: 'agent-joana',
    attributes: { team: 'suporte', product: 'liquidificador' },
    lines: [
      ['c', 0, 'O liquidificador chegou quebrado. Péssimo, estou muito insatisfeito.'],
      ['a', 4 * H, 'Lamentamos muito. Pode enviar uma foto do produto?'],
      ['c', 6 * H, 'Enviei a foto ontem e ainda nao tive resposta. Nao resolveu nada.'],
    ],
    events: [['csat', 7 * H, 1]],
    expected: { handledBy: 'human', resolution: 'unresolved', abandonment: 'none' },
  },
  {
    id: 'pt-sem-engajamento', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-07T20:00:00Z',
    attributes: { greeting_variant: 'B' },
    lines: [['b', 0, 'Oi! Precisa de ajuda para escolher um produto?']],
    expected: { intent: 'other', handledBy: 'bot', resolution: 'unresolved', abandonment: 'pre_engagement' },
  },
  {
    id: 'pt-silencio-apos-pergunta', channel: 'web_chat', source: 'livechat', start: '2026-10-09T14:00:00Z', customerId: 'cust-pt-005', agent: 'agent-rui',
    lines: [
      ['c', 0, 'Boa tarde, o frete para Porto é grátis?'],
      ['a', 120, 'Boa tarde! Depende do valor. Qual é o valor total do seu carrinho?'],
    ],
    expected: { handledBy: 'human', resolution: 'unresolved', abandonment: 'post_reply_silence' },
  },
  {
    id: 'pt-venda', channel: 'instagram', source: 'social-inbox', start: '2026-10-12T17:00:00Z', customerId: 'cust-pt-006', agent: 'agent-rui',
    attributes: { campaign: 'black-friday', team: 'vendas' },
    lines: [
      ['c', 0, 'Oi, o vestido azul ainda tem no tamanho M?'],
      ['a', 300, 'Oi! Tem sim, e hoje está com 15% de desconto.'],
      ['c', 360, 'Ótimo, vou comprar agora 😍'],
    ],
    events: [['conversion', 900, 'purchase', 189.9, 'BRL']],
    expected: { intent: 'product_question', handledBy: 'human', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'pt-fila', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-14T11:30:00Z', customerId: 'cust-pt-007',
    lines: [
      ['b', 0, 'Olá! Como posso ajudar?'],
      ['c', 20, 'quero falar com um atendente humano'],
      ['b', 22, 'Certo, você está na fila. Um atendente responde em breve.'],
      ['c', 900, 'ninguem vai me atender?'],
    ],
    events: [['queued', 22]],
    expected: { intent: 'talk_to_human', handledBy: 'bot', resolution: 'unresolved', abandonment: 'in_queue' },
  },
  {
    id: 'pt-sem-acentos', channel: 'whatsapp', source: 'whatsapp-business', start: '2026-10-16T08:20:00Z', customerId: 'cust-pt-002', agent: 'agent-joana',
    lines: [
      ['c', 0, 'ola, o app nao abre desde ontem'],
      ['a', 240, 'Oi! Pode atualizar o aplicativo pela loja e tentar de novo?'],
      ['c', 600, 'atualizei e continua sem abrir, que droga'],
      ['a', 660, 'Entendi. Vou abrir um chamado com a equipe técnica.'],
    ],
    expected: { intent: 'technical_problem', handledBy: 'human', resolution: 'unresolved', abandonment: 'none' },
  },
  // ───────────── Spanish ─────────────
  {
    id: 'es-bot-envio', channel: 'whatsapp', source: 'whatsapp-business', start: '2026-10-02T10:00:00Z', customerId: 'cust-es-001', language: 'es',
    attributes: { greeting_variant: 'A', store: 'madrid' },
    lines: [
      ['b', 0, '¡Hola! Soy el asistente de Tienda Sol. ¿En qué puedo ayudarte?'],
      ['c', 18, '¿Cuándo llega mi pedido 3321?'],
      ['b', 20, 'Tu pedido 3321 llegará mañana entre las 9 y las 14 h.'],
      ['c', 45, 'Genial, muchas gracias'],
    ],
    events: [['resolved', 90, 'bot']],
    expected: { intent: 'order_status', handledBy: 'bot', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'es-cobro-doble', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-04T12:00:00Z', customerId: 'cust-es-002', agent: 'agent-lucia',
    attributes: { greeting_variant: 'B', team: 'facturacion' },
    lines: [
      ['b', 0, 'Hola, ¿en qué te ayudo?'],
      ['c', 25, 'Me cobraron dos veces la suscripción'],
      ['b', 27, 'Te paso con un agente de facturación.'],
      ['a', 420, 'Hola, soy Lucía. Ya anulé el cargo duplicado, verás el reembolso en 5 días.'],
      ['c', 480, 'Perfecto, gracias Lucía'],
    ],
    events: [['handoff', 27], ['resolved', 540, 'agent'], ['csat', 600, 5], ['nps', 600, 10]],
    expected: { intent: 'payment_billing', handledBy: 'both', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'es-sigue-sin-funcionar', channel: 'email', source: 'helpdesk', start: '2026-10-06T09:30:00Z', customerId: 'cust-es-003', agent: 'agent-pablo',
    attributes: { team: 'soporte', product: 'impresora' },
    lines: [
      ['c', 0, 'La impresora no imprime desde la actualización. Estoy muy molesto.'],
      ['a', 2 * H, 'Disculpe las molestias. Reinstale el controlador desde nuestra web, por favor.'],
      ['c', 5 * H, 'Ya lo hice y sigue sin funcionar. Es la segunda vez que escribo.'],
    ],
    events: [['csat', 6 * H, 2]],
    expected: { intent: 'technical_problem', handledBy: 'human', resolution: 'unresolved', abandonment: 'none' },
  },
  {
    id: 'es-abandono-bot', channel: 'messenger', source: 'messenger-bot', start: '2026-10-08T22:10:00Z', customerId: 'cust-es-004',
    lines: [
      ['b', 0, '¡Hola! ¿Qué necesitas?'],
      ['c', 40, 'devolucion'],
      ['b', 42, 'Claro. ¿Me indicas el número de pedido?'],
    ],
    expected: { intent: 'returns_refunds', handledBy: 'bot', resolution: 'unresolved', abandonment: 'bot_dropoff' },
  },
  {
    id: 'es-ventana-whatsapp', channel: 'whatsapp', source: 'whatsapp-business', start: '2026-10-10T19:00:00Z', customerId: 'cust-es-005', agent: 'agent-pablo',
    lines: [
      ['c', 0, 'Hola, ¿tienen la talla 42 de las zapatillas rojas?'],
      ['a', 26 * H, 'Hola, perdón por la demora. Sí, nos queda una. ¿Te la reservo?'],
    ],
    expected: { handledBy: 'human', resolution: 'unresolved', abandonment: 'window_expired' },
  },
  {
    id: 'es-venta', channel: 'web_chat', source: 'livechat', start: '2026-10-13T16:00:00Z', customerId: 'cust-es-006', agent: 'agent-lucia',
    attributes: { greeting_variant: 'A', team: 'ventas', page: '/ofertas' },
    lines: [
      ['a', 0, '¡Hola! ¿Te ayudo a encontrar algo?'],
      ['c', 50, 'Sí, ¿el plan anual incluye soporte prioritario?'],
      ['a', 80, 'Sí, incluye soporte prioritario y dos meses gratis.'],
      ['c', 150, 'Listo, lo contrato. ¡Gracias!'],
    ],
    events: [['conversion', 500, 'subscription', 120, 'EUR'], ['resolved', 520, 'agent']],
    expected: { intent: 'product_question', handledBy: 'human', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'es-sin-tildes', channel: 'sms', source: 'sms-gateway', start: '2026-10-15T07:45:00Z', customerId: 'cust-es-007', agent: 'agent-pablo',
    lines: [
      ['c', 0, 'hola no me llego el codigo de verificacion'],
      ['a', 180, 'Hola, te lo reenvie ahora mismo. ¿Te llego?'],
      ['c', 240, 'si ya esta, gracias'],
    ],
    expected: { intent: 'account_login', handledBy: 'human', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'es-cola', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-17T13:00:00Z', customerId: 'cust-es-008',
    lines: [
      ['b', 0, 'Hola, ¿en qué puedo ayudarte?'],
      ['c', 12, 'quiero hablar con una persona'],
      ['b', 14, 'Te transfiero con un agente, espera un momento.'],
    ],
    events: [['handoff', 14]],
    expected: { intent: 'talk_to_human', handledBy: 'bot', resolution: 'unresolved', abandonment: 'in_queue' },
  },
  // ───────────── Romanian ─────────────
  {
    id: 'ro-bot-livrare', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-02T08:30:00Z', customerId: 'cust-ro-001', language: 'ro',
    attributes: { greeting_variant: 'A', store: 'bucuresti' },
    lines: [
      ['b', 0, 'Bună! Sunt asistentul virtual Casa Verde. Cu ce vă pot ajuta?'],
      ['c', 20, 'Când ajunge comanda mea 9912?'],
      ['b', 22, 'Comanda 9912 va fi livrată mâine între orele 10 și 14.'],
      ['c', 50, 'Mulțumesc!'],
    ],
    events: [['resolved', 100, 'bot']],
    expected: { intent: 'order_status', handledBy: 'bot', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'ro-retur-operator', channel: 'whatsapp', source: 'whatsapp-business', start: '2026-10-05T15:00:00Z', customerId: 'cust-ro-002', agent: 'agent-andrei',
    attributes: { greeting_variant: 'B', store: 'cluj', product: 'aspirator' },
    lines: [
      ['b', 0, 'Bună ziua! Cu ce vă pot ajuta?'],
      ['c', 35, 'Vreau să returnez aspiratorul, face un zgomot ciudat'],
      ['b', 37, 'Vă transfer la un coleg din echipa de retururi.'],
      ['a', 500, 'Bună ziua, sunt Andrei. Am înregistrat returul, curierul vine joi.'],
      ['c', 560, 'Perfect, mulțumesc frumos!'],
    ],
    events: [['handoff', 37], ['resolved', 600, 'agent'], ['csat', 700, 5]],
    expected: { intent: 'returns_refunds', handledBy: 'both', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'ro-nemultumit', channel: 'email', source: 'helpdesk', start: '2026-10-07T10:00:00Z', customerId: 'cust-ro-003', agent: 'agent-ioana',
    attributes: { team: 'suport', product: 'frigider' },
    lines: [
      ['c', 0, 'Frigiderul livrat este defect și nimeni nu răspunde. Sunt foarte nemulțumit.'],
      ['a', 20 * H, 'Ne pare rău. Un tehnician vă va contacta în 48 de ore.'],
      ['c', 3 * D, 'Tot nu m-a sunat nimeni. Inacceptabil!'],
    ],
    events: [['csat', 3 * D + 600, 1], ['nps', 3 * D + 600, 0]],
    expected: { handledBy: 'human', resolution: 'unresolved', abandonment: 'none' },
  },
  {
    id: 'ro-fara-diacritice', channel: 'messenger', source: 'social-inbox', start: '2026-10-09T18:20:00Z', customerId: 'cust-ro-004', agent: 'agent-andrei',
    lines: [
      ['c', 0, 'buna, nu pot sa ma loghez in cont'],
      ['a', 300, 'Buna! Am resetat parola, ar trebui sa primiti un email acum.'],
      ['c', 420, 'a mers, multumesc mult'],
    ],
    events: [['resolved', 500, 'agent']],
    expected: { intent: 'account_login', handledBy: 'human', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'ro-fara-raspuns-client', channel: 'web_chat', source: 'livechat', start: '2026-10-11T12:00:00Z', customerId: 'cust-ro-005', agent: 'agent-ioana',
    lines: [
      ['c', 0, 'Aveți canapeaua gri în stoc?'],
      ['a', 240, 'Da, o avem. În ce oraș doriți livrarea?'],
    ],
    expected: { intent: 'product_question', handledBy: 'human', resolution: 'unresolved', abandonment: 'post_reply_silence' },
  },
  {
    id: 'ro-vanzare', channel: 'web_chat', source: 'livechat', start: '2026-10-14T17:30:00Z', customerId: 'cust-ro-006', agent: 'agent-ioana',
    attributes: { greeting_variant: 'B', team: 'vanzari', page: '/canapele' },
    lines: [
      ['a', 0, 'Bună! Vă pot ajuta să alegeți o canapea?'],
      ['c', 60, 'Da, care este cea mai comodă pentru sufragerie?'],
      ['a', 100, 'Modelul Lina este cel mai apreciat, și are 10% reducere azi.'],
      ['c', 200, 'Super, o comand acum. Mersi!'],
    ],
    events: [['conversion', 800, 'purchase', 2499, 'RON'], ['resolved', 850, 'agent']],
    expected: { handledBy: 'human', resolution: 'resolved', abandonment: 'none' },
  },
  {
    id: 'ro-pre-angajare', channel: 'web_chat', source: 'webchat-bot', start: '2026-10-16T09:00:00Z',
    attributes: { greeting_variant: 'A' },
    lines: [['b', 0, 'Bună! Căutați ceva anume? Vă pot ajuta.']],
    expected: { intent: 'other', handledBy: 'bot', resolution: 'unresolved', abandonment: 'pre_engagement' },
  },
  {
    id: 'ro-reclamatie-whatsapp', channel: 'whatsapp', source: 'whatsapp-business', start: '2026-10-18T11:00:00Z', customerId: 'cust-ro-007', agent: 'agent-andrei',
    lines: [
      ['c', 0, 'Comanda a venit incompletă, lipsește un produs'],
      ['a', 600, 'Ne cerem scuze! Trimitem produsul lipsă mâine, fără cost.'],
      ['c', 700, 'ok, multumesc'],
      ['c', 3 * D, 'tot nu a ajuns produsul, nu m-ați ajutat deloc'],
    ],
    events: [['resolved', 800, 'agent'], ['reopened', 3 * D]],
    expected: { handledBy: 'human', resolution: 'unresolved', abandonment: 'none' },
  },
];

export const SAMPLE_WORKSPACE = 'demo';

export function sampleConversations(workspace: string = SAMPLE_WORKSPACE): ConversationInput[] {
  return SAMPLES.map((sample) => buildConversation(workspace, sample));
}

/** The local dates the samples span, for KPI links: [first day, day after the last]. */
export const SAMPLE_RANGE = { from: '2026-10-01', to: '2026-10-22' } as const;
