// The plan page: the plan as the viewer may see it, and where its agreement stands, from one read of the
// person's facts and one of the plan. The read is audited last, just before the transaction commits:
// recording it takes the audit chain's lock, and every other request's audited read waits for that lock.
import type { Ctx } from '../../context.ts';
import { actorPartnership, auditPersonRead } from '../../policy/index.ts';
import { personHeader } from '../people/index.ts';
import { type AgreementState, agreementOf } from './agreement.ts';
import { type PlanView, viewOf } from './service.ts';
import * as store from './store.ts';

export async function planPage(
  ctx: Ctx,
  personId: string,
): Promise<{ view: PlanView; agreement: AgreementState }> {
  const header = await personHeader(ctx, personId);
  const rows = await store.planPage(ctx.db, actorPartnership(ctx), personId, true);
  const { view, shown } = viewOf(ctx, header, rows);
  const agreement = agreementOf(ctx, header, rows);
  await auditPersonRead(ctx, personId, 'care_plan', shown);
  return { view, agreement };
}
