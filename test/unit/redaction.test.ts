import { describe, expect, it } from 'vitest';
import { redactConversation, redactText, pseudonymousCustomerId } from '../../src/privacy/redact';
import { DEFAULT_REDACTION, PII_TYPES, type PiiType } from '../../src/privacy/settings';
import { conversationSchema, messageSchema } from '../../src/contract/conversation';

const ALL = new Set<PiiType>(PII_TYPES);
const redact = (text: string) => redactText(text, ALL);

// [language, text, expected after redaction]: each type found in all four languages' phrasing.
const TRUE_POSITIVES: [string, string, string][] = [
  ['en', 'Email me at john.smith+orders@example.co.uk please', 'Email me at [EMAIL] please'],
  ['pt', 'O meu e-mail é joão.silva@empresa.com.br, obrigado', 'O meu e-mail é [EMAIL], obrigado'],
  ['es', 'Mi correo: maria_garcia@correo.es', 'Mi correo: [EMAIL]'],
  ['ro', 'Adresa mea este ion.popescu@yahoo.ro.', 'Adresa mea este [EMAIL].'],
  ['en', 'Call me on +44 20 7946 0958 after 5', 'Call me on [PHONE] after 5'],
  ['en', 'my phone is 020 7946 0958', 'my phone is [PHONE]'],
  ['pt', 'Liguem para 912 345 678, por favor', 'Liguem para [PHONE], por favor'],
  ['pt', 'meu celular é (11) 98765-4321', 'meu celular é [PHONE]'],
  ['pt', 'WhatsApp +55 11 98765 4321', 'WhatsApp [PHONE]'],
  ['es', 'Mi móvil es 612 34 56 78', 'Mi móvil es [PHONE]'],
  ['es', 'llámame al +34 612345678', 'llámame al [PHONE]'],
  ['ro', 'Numărul meu de telefon: 0722 123 456', 'Numărul meu de telefon: [PHONE]'],
  ['ro', 'sunati-ma la 0040 722 123 456', 'sunati-ma la [PHONE]'],
  ['en', 'card 4111 1111 1111 1111 was charged twice', 'card [CARD] was charged twice'],
  ['pt', 'o cartão 5555-5555-5555-4444 foi recusado', 'o cartão [CARD] foi recusado'],
  ['es', 'tarjeta 378282246310005 caducada', 'tarjeta [CARD] caducada'],
  ['ro', 'cardul 4111111111111111 nu merge', 'cardul [CARD] nu merge'],
  ['pt', 'IBAN PT50 0002 0123 1234 5678 9015 4 para o reembolso', 'IBAN [IBAN] para o reembolso'],
  ['es', 'mi cuenta ES9121000418450200051332', 'mi cuenta [IBAN]'],
  ['ro', 'contul RO49 AAAA 1B31 0075 9384 0000', 'contul [IBAN]'],
  ['en', 'refund to GB82WEST12345698765432 please', 'refund to [IBAN] please'],
  ['pt', 'Meu CPF é 529.982.247-25', 'Meu CPF é [CPF]'],
  ['pt', 'cpf 52998224725 cadastrado', 'cpf [CPF] cadastrado'],
  ['ro', 'CNP-ul meu este 1960315071239', 'CNP-ul meu este [CNP]'],
  ['es', 'Mi DNI es 12345678Z', 'Mi DNI es [DNI]'],
  ['es', 'DNI 12345678-Z y NIE X1234567L', 'DNI [DNI] y NIE [NIE]'],
  ['en', 'my NIE is Y-7654321-G', 'my NIE is [NIE]'],
  ['pt', 'o meu NIF é 123456789, obrigado', 'o meu NIF é [NIF], obrigado'],
  ['pt', 'contribuinte nº 501442600', 'contribuinte nº [NIF]'],
];

// Numbers that look like personal data but are not: they must stay readable.
const FALSE_POSITIVES: [string, string][] = [
  ['en', 'My order 123456789 has not arrived'],
  ['en', 'Tracking number 912345678 shows delivered'],
  ['en', 'It cost 1,234.56 on 2026-03-01 at 10:30'],
  ['en', 'Card ending 4111 1111 1111 1112 fails the check'],
  ['en', 'version 2.13.4 of the app, build 20260301'],
  ['pt', 'A encomenda nº 912345678 ainda não chegou'],
  ['pt', 'Paguei R$ 1.234,56 no dia 01/03/2026'],
  ['pt', 'o CPF 123.456.789-00 que digitei está errado'],
  ['pt', 'NIF 123456780 (dígito de controlo errado)'],
  ['pt', 'a fatura 123456789 está em atraso'],
  ['es', 'Pedido 612345678 retrasado'],
  ['es', 'Son 25,99 € por 3 unidades, referencia 87654321A'],
  ['es', 'DNI 12345678A no es válido'],
  ['ro', 'Comanda 0722123456 nu a ajuns'],
  ['ro', 'Am plătit 1.250,00 lei pe 12.03.2026'],
  ['ro', 'CNP 1960315071230 greșit'],
  ['ro', 'IBAN RO49 AAAA 1B31 0075 9384 0001 invalid'],
  ['en', 'Ticket #41111111 escalated, 3 items'],
  ['en', 'write to support at example dot com'],
];

describe('personal data redaction', () => {
  it.each(TRUE_POSITIVES)('%s: redacts "%s"', (_lang, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each(FALSE_POSITIVES)('%s: leaves "%s" alone', (_lang, text) => {
    expect(redact(text)).toBe(text);
  });

  it('redacts only the enabled types', () => {
    const text = 'mail a@b.com or call +351 912 345 678';
    expect(redactText(text, new Set<PiiType>(['phone']))).toBe('mail a@b.com or call [PHONE]');
    expect(redactText(text, new Set<PiiType>(['email']))).toBe('mail [EMAIL] or call +351 912 345 678');
  });

  it('counts what it replaced', () => {
    const counts = {};
    redactText('a@b.com, c@d.org, 4111 1111 1111 1111', ALL, counts);
    expect(counts).toEqual({ email: 2, card: 1 });
  });

  it('redacts text, author names and attribute values, and pseudonymises a personal customer id', () => {
    const conversation = conversationSchema.parse({
      externalId: 'c1',
      source: 'chat',
      channel: 'web_chat',
      customerId: 'maria@example.com',
      messages: [
        { role: 'customer', authorId: 'maria@example.com', authorName: 'Maria Souza', text: 'call 912 345 678', sentAt: '2026-03-01T10:00:00Z' },
        { role: 'agent', authorName: 'Ana (ana@shop.pt)', text: 'ok', sentAt: '2026-03-01T10:01:00Z' },
      ],
      events: [{ type: 'assigned', at: '2026-03-01T10:00:30Z', agentId: 'ana@shop.pt', team: 'billing' }],
      attributes: { contact: '+40 722 123 456', plan: 'gold' },
    });
    const { conversation: out, redacted } = redactConversation(conversation, DEFAULT_REDACTION, 'key-a');
    expect(out.messages[0]!.text).toBe('call [PHONE]');
    // A customer's display name is a name by definition; an agent's stays, minus contact data.
    expect(out.messages[0]!.authorName).toBe('[NAME]');
    expect(out.messages[1]!.authorName).toBe('Ana ([EMAIL])');
    expect(out.attributes).toEqual({ contact: '[PHONE]', plan: 'gold' });
    expect(out.customerId).toMatch(/^email-[0-9a-f]{24}$/);
    expect(out.messages[0]!.authorId).toBe(out.customerId);
    expect(out.events[0]).toMatchObject({ type: 'assigned', agentId: expect.stringMatching(/^email-/), team: 'billing' });
    expect(JSON.stringify(out)).not.toMatch(/maria|Souza|ana@/i);
    expect(redacted).toEqual({ phone: 2, email: 1, name: 1 });
    // Stable within a workspace (so first-contact resolution still links), different across workspaces.
    expect(pseudonymousCustomerId('maria@example.com', ALL, 'key-a')).toBe(out.customerId);
    expect(pseudonymousCustomerId('maria@example.com', ALL, 'key-b')).not.toBe(out.customerId);
    expect(pseudonymousCustomerId('crm-00042', ALL, 'key-a')).toBe('crm-00042');
  });

  it('keeps every field of the contract’s message, with what needs no redaction unchanged', () => {
    const message = { id: 'm-1', role: 'agent', authorId: 'agent-7', authorName: 'Ana', text: 'hello', sentAt: '2026-03-01T10:00:00Z' };
    const conversation = conversationSchema.parse({ externalId: 'c3', source: 'chat', channel: 'web_chat', messages: [message] });
    const [out] = redactConversation(conversation, DEFAULT_REDACTION, 'k').conversation.messages;
    expect(Object.keys(out!).sort()).toEqual(Object.keys(messageSchema.shape).sort());
    expect(out).toEqual(conversation.messages[0]);
  });

  it('changes nothing when the workspace turned redaction off', () => {
    const conversation = conversationSchema.parse({
      externalId: 'c2',
      source: 'chat',
      channel: 'web_chat',
      messages: [{ role: 'customer', text: 'a@b.com', sentAt: '2026-03-01T10:00:00Z' }],
    });
    expect(redactConversation(conversation, { enabled: false, types: [...PII_TYPES] }, 'k').conversation.messages[0]!.text).toBe('a@b.com');
  });
});

// Every type in every language: the value in a sentence of that language is replaced; a near miss
// (a failed checksum, a reference number, a handle) in the same sentence is left alone.
const FRAMES: Record<string, (label: string, value: string) => string> = {
  en: (label, value) => `Hi, my ${label} is ${value}, please check`,
  pt: (label, value) => `Olá, o meu ${label} é ${value}, obrigado`,
  es: (label, value) => `Hola, mi ${label} es ${value}, gracias`,
  ro: (label, value) => `Bună, ${label} meu este ${value}, mulțumesc`,
};
const LABELS: Record<string, Record<Exclude<PiiType, 'name'>, string>> = {
  en: { email: 'email', phone: 'phone number', card: 'card', iban: 'IBAN', cpf: 'CPF', cnp: 'CNP', dni: 'DNI', nie: 'NIE', nif: 'NIF' },
  pt: { email: 'e-mail', phone: 'telemóvel', card: 'cartão', iban: 'IBAN', cpf: 'CPF', cnp: 'CNP', dni: 'DNI', nie: 'NIE', nif: 'NIF' },
  es: { email: 'correo', phone: 'móvil', card: 'tarjeta', iban: 'IBAN', cpf: 'CPF', cnp: 'CNP', dni: 'DNI', nie: 'NIE', nif: 'NIF' },
  ro: { email: 'emailul', phone: 'numărul de telefon', card: 'cardul', iban: 'IBAN-ul', cpf: 'CPF-ul', cnp: 'CNP-ul', dni: 'DNI-ul', nie: 'NIE-ul', nif: 'NIF-ul' },
};
const PHONES: Record<string, string> = { en: '+44 20 7946 0958', pt: '912 345 678', es: '612 34 56 78', ro: '0722 123 456' };
const VALUES: Record<Exclude<PiiType, 'name' | 'phone'>, { valid: string; nearMiss: string }> = {
  email: { valid: 'ana.pop@example.ro', nearMiss: '@ana_pop' },
  card: { valid: '4111 1111 1111 1111', nearMiss: '4111 1111 1111 1112' },
  iban: { valid: 'PT50 0002 0123 1234 5678 9015 4', nearMiss: 'PT50 0002 0123 1234 5678 9015 5' },
  cpf: { valid: '529.982.247-25', nearMiss: '529.982.247-26' },
  cnp: { valid: '2951210400012', nearMiss: '2951210400013' },
  dni: { valid: '12345678Z', nearMiss: '12345678A' },
  nie: { valid: 'X1234567L', nearMiss: 'X1234567A' },
  nif: { valid: '123456789', nearMiss: '123456780' },
};
// A phone number's near miss is the same digits as a reference: "order", "encomenda", "pedido", "comanda".
const ORDER: Record<string, string> = { en: 'order', pt: 'encomenda nº', es: 'pedido', ro: 'comanda nr.' };

describe('each type, in each language', () => {
  const cases = Object.keys(FRAMES).flatMap((lang) =>
    (Object.keys(LABELS[lang]!) as Exclude<PiiType, 'name'>[]).map((type) => {
      const frame = (value: string) => FRAMES[lang]!(LABELS[lang]![type], value);
      const valid = type === 'phone' ? PHONES[lang]! : VALUES[type].valid;
      const nearMiss = type === 'phone' ? FRAMES[lang]!(ORDER[lang]!, PHONES[lang]!.replace(/\D/g, '').replace(/^(00|44)/, '0')) : frame(VALUES[type].nearMiss);
      return [lang, type, frame(valid), frame(`[${type.toUpperCase()}]`), nearMiss] as const;
    }),
  );
  it.each(cases)('%s %s: redacted, and its near miss is not', (_lang, type, text, expected, nearMiss) => {
    expect(redactText(text, new Set<PiiType>([type]))).toBe(expected);
    expect(redactText(nearMiss, ALL)).toBe(nearMiss);
  });
});
