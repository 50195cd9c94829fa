import { Hono } from 'hono';
import { z } from 'zod';
import { storableText } from '../../contract/conversation';
import { eraseCustomer } from '../../db/queries/erasure';
import { readJson } from '../json-body';
import { requireScope } from '../middleware/authenticate';
import { customerIdForms, parseBody } from '../params';
import type { AppDeps, AppEnv } from '../types';

// In the body, not the URL: a customer id may be an email address, and URLs end up in logs.
export const erasureSchema = z.strictObject({ customerId: storableText(256).min(1) });

/** Right to erasure: every conversation of one customer, with messages, scores and reviews (admin scope). */
export function erasureRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/', requireScope('admin'), async (c) => {
    const { workspace, keyId } = c.get('caller');
    const { customerId } = parseBody(erasureSchema, await readJson(c));
    const forms = customerIdForms(customerId, workspace);
    // The audit log names the customer by the last form: the pseudonym when the id is personal data.
    const erasure = await eraseCustomer(deps.database.db, workspace.id, keyId, forms, forms[forms.length - 1]!);
    return c.json({ erased: erasure.erased, auditId: erasure.auditId });
  });
}
