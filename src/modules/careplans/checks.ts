// What the plan warns about (the guide's "unclear or overlapping roles"): an outcome nobody acts on, an
// action with no named lead, two organisations doing the same kind of thing for the same outcome, and
// actions or reviews past their date. Pure: rows in, warnings out.
import { formatLondon } from '../../web/views.ts';
import { type ActionKind, KIND_LABELS } from './schema.ts';

export interface CheckAction {
  id: string;
  outcomeId: string;
  what: string;
  kind: string;
  leadStaffId: string | null;
  leadOrganisationId: string | null;
  leadOrganisationName: string | null;
  status: string;
  nextDue: string | null;
}

export interface CheckOutcome {
  id: string;
  words: string;
}

export type Warning =
  | { kind: 'no_action'; outcomeId: string; message: string }
  | { kind: 'no_lead'; actionId: string; message: string }
  | { kind: 'overlap'; actionIds: [string, string]; message: string }
  | { kind: 'overdue_action'; actionId: string; message: string }
  | { kind: 'overdue_review'; message: string };

const active = (a: CheckAction) => a.status === 'planned' || a.status === 'in_progress';

export function planWarnings(
  outcomes: readonly CheckOutcome[],
  actions: readonly CheckAction[],
  today: string,
  reviewDueOn: string | null,
): Warning[] {
  const warnings: Warning[] = [];
  for (const o of outcomes) {
    if (!actions.some((a) => a.outcomeId === o.id && active(a))) {
      warnings.push({
        kind: 'no_action',
        outcomeId: o.id,
        message: `Nobody is acting on “${o.words}”: add an action with a named lead.`,
      });
    }
  }
  for (const a of actions.filter(active)) {
    if (!a.leadStaffId)
      warnings.push({ kind: 'no_lead', actionId: a.id, message: `“${a.what}” has no named lead.` });
  }
  const live = actions.filter(active);
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i]!;
      const b = live[j]!;
      if (
        a.outcomeId === b.outcomeId &&
        a.kind === b.kind &&
        a.leadOrganisationId &&
        b.leadOrganisationId &&
        a.leadOrganisationId !== b.leadOrganisationId
      ) {
        const label = (KIND_LABELS[a.kind as ActionKind] ?? a.kind).toLowerCase();
        warnings.push({
          kind: 'overlap',
          actionIds: [a.id, b.id],
          message: `${a.leadOrganisationName} and ${b.leadOrganisationName} are both doing ${label} for the same outcome (“${a.what}” and “${b.what}”): agree who leads.`,
        });
      }
    }
  }
  for (const a of live) {
    if (a.nextDue && a.nextDue < today) {
      warnings.push({
        kind: 'overdue_action',
        actionId: a.id,
        message: `“${a.what}” was due on ${formatLondon(a.nextDue, false)} and is not done.`,
      });
    }
  }
  if (reviewDueOn && reviewDueOn < today) {
    warnings.push({
      kind: 'overdue_review',
      message: `The plan’s review was due on ${formatLondon(reviewDueOn, false)}.`,
    });
  }
  return warnings;
}
