// The written agreement: its text in versions, each member's signatory, and what changed between versions.
// An agreed version is never edited: changing it starts the next version as a draft, which becomes agreed
// when every member organisation has signed it.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { authorise, londonDate } from '../../policy/index.ts';
import type { MouAim } from '../../storage/tables.ts';
import { listOrganisations, partnershipOf, requirePermission } from '../partnerships/index.ts';
import { type AgreementText, agreementChanges, type SectionChange, sameText } from './diff.ts';
import type { AgreementInput, SignatoryInput } from './schema.ts';
import * as store from './store.ts';

type VersionRow = NonNullable<Awaited<ReturnType<typeof store.latestVersion>>>;

export interface AgreementVersion extends AgreementText {
  version: number;
  status: 'draft' | 'agreed';
  revision: number;
  updatedAt: Date;
  updatedByName: string;
  agreedAt: Date | null;
}

function toVersion(row: VersionRow): AgreementVersion {
  return {
    version: row.version,
    status: row.status,
    purpose: row.purpose,
    aims: row.aims,
    responsibilities: row.responsibilities,
    reviewOn: String(row.review_on).slice(0, 10),
    revision: row.revision,
    updatedAt: new Date(row.updated_at),
    updatedByName: row.updated_by_name,
    agreedAt: row.agreed_at ? new Date(row.agreed_at) : null,
  };
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
function formatDate(iso: string): string {
  return longDate.format(new Date(`${iso}T12:00:00Z`));
}

function changesFrom(
  before: AgreementVersion | null,
  after: AgreementVersion,
  organisations: ReadonlyArray<{ id: string; name: string }>,
): SectionChange[] {
  return before ? agreementChanges(before, after, organisations, formatDate) : [];
}

/** The current text (agreed or draft), who has signed it, and what changed since the last agreed version. */
export async function agreementPage(ctx: Ctx) {
  requirePermission(ctx.actor, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const [latestRow, organisations, history] = await Promise.all([
    store.latestVersion(ctx.db, partnershipId),
    listOrganisations(ctx),
    store.versions(ctx.db, partnershipId),
  ]);
  const canManage = authorise(ctx.actor, 'mou.manage').allowed;
  if (!latestRow) {
    return { current: null, organisations, members: [], history, changes: [], comparedWith: null, canManage };
  }
  const current = toVersion(latestRow);
  const [signed, agreedRow] = await Promise.all([
    store.signatories(ctx.db, partnershipId, current.version),
    current.status === 'draft' ? store.lastAgreed(ctx.db, partnershipId, current.version) : undefined,
  ]);
  const comparedWith = agreedRow ? toVersion(agreedRow) : null;
  const members = organisations.map((organisation) => ({
    organisation,
    responsibilities: current.responsibilities[organisation.id] ?? '',
    signatory: signed.find((s) => s.organisation_id === organisation.id) ?? null,
  }));
  return {
    current,
    organisations,
    members,
    history,
    changes: changesFrom(comparedWith, current, organisations),
    comparedWith,
    reviewOverdue: current.reviewOn < londonDate(ctx.clock.now()),
    canManage,
  };
}

/** One version in full, with what it changed from the version before it. */
export async function versionPage(ctx: Ctx, n: number) {
  requirePermission(ctx.actor, 'partnership.view');
  const partnershipId = partnershipOf(ctx);
  const [row, previousRow, organisations, signed] = await Promise.all([
    store.version(ctx.db, partnershipId, n),
    n > 1 ? store.version(ctx.db, partnershipId, n - 1) : undefined,
    listOrganisations(ctx),
    store.signatories(ctx.db, partnershipId, n),
  ]);
  if (!row) throw new NotFound('That version of the agreement');
  const version = toVersion(row);
  const previous = previousRow ? toVersion(previousRow) : null;
  return {
    version,
    previous,
    organisations,
    organisationNames: Object.fromEntries(organisations.map((o) => [o.id, o.name])),
    signatories: signed,
    changes: changesFrom(previous, version, organisations),
  };
}

export async function currentVersion(ctx: Ctx): Promise<AgreementVersion | null> {
  requirePermission(ctx.actor, 'partnership.view');
  const row = await store.latestVersion(ctx.db, partnershipOf(ctx));
  return row ? toVersion(row) : null;
}

/** Keeps an aim's id when its box carried one the agreement knows, so priorities stay linked to it. */
function withIds(aims: AgreementInput['aims'], known: readonly MouAim[]): MouAim[] {
  const knownIds = new Set(known.map((a) => a.id));
  const used = new Set<string>();
  return aims.map((a) => {
    const id = a.id && knownIds.has(a.id) && !used.has(a.id) ? a.id : randomUUID();
    used.add(id);
    return { id, text: a.text };
  });
}

export type SaveOutcome = 'created' | 'new_version' | 'updated' | 'unchanged';

export async function saveAgreement(
  ctx: Ctx,
  input: AgreementInput,
): Promise<{ version: number; outcome: SaveOutcome; signaturesCleared: number }> {
  requirePermission(ctx.actor, 'mou.manage');
  const partnershipId = partnershipOf(ctx);
  const organisations = await listOrganisations(ctx);
  const memberIds = new Set(organisations.map((o) => o.id));
  const unknown = Object.keys(input.responsibilities).find((id) => !memberIds.has(id));
  if (unknown) {
    throw new Invalid([
      { field: 'responsibilities', message: 'Write responsibilities for member organisations only' },
    ]);
  }
  const today = londonDate(ctx.clock.now());
  if (input.reviewOn <= today) {
    throw new Invalid([{ field: 'reviewOn', message: 'The review date must be in the future' }]);
  }
  const latestRow = await store.latestVersion(ctx.db, partnershipId);
  const latest = latestRow ? toVersion(latestRow) : null;
  if (input.revision !== (latest?.revision ?? 0)) throw staleSave(latest);

  const content: AgreementText = {
    purpose: input.purpose,
    aims: withIds(input.aims, latest?.aims ?? []),
    responsibilities: Object.fromEntries(
      Object.entries(input.responsibilities).filter(([, text]) => text !== ''),
    ),
    reviewOn: input.reviewOn,
  };
  if (latest && sameText(latest, content)) {
    return { version: latest.version, outcome: 'unchanged', signaturesCleared: 0 };
  }
  const by = ctx.actor.kind === 'staff' ? ctx.actor.name : 'JoinedUp';
  const base = {
    partnership_id: partnershipId,
    purpose: content.purpose,
    aims: content.aims,
    responsibilities: content.responsibilities,
    review_on: content.reviewOn,
    at: ctx.clock.now(),
    by,
  };
  let outcome: SaveOutcome;
  let version: number;
  let signaturesCleared = 0;
  if (!latest) {
    version = 1;
    outcome = 'created';
    await store.insertVersion(ctx.db, { ...base, version, revision: 1 });
  } else if (latest.status === 'agreed') {
    version = latest.version + 1;
    outcome = 'new_version';
    await store.insertVersion(ctx.db, { ...base, version, revision: latest.revision + 1 });
  } else {
    version = latest.version;
    outcome = 'updated';
    const saved = await store.updateDraft(
      ctx.db,
      { ...base, version, revision: latest.revision + 1 },
      latest.revision,
    );
    if (!saved) throw staleSave(latest);
    // A signature is to the words signed: when the words change, each member signs again.
    signaturesCleared = await store.clearSignatories(ctx.db, partnershipId, version);
  }
  await record(ctx, {
    action: 'mou.save',
    entityType: 'mou_version',
    detail: { version, outcome, signaturesCleared, aims: content.aims.length },
  });
  return { version, outcome, signaturesCleared };
}

function staleSave(current: AgreementVersion | null): Conflict<AgreementVersion | null> {
  return new Conflict(
    'Someone else saved the agreement while you were editing it. Your changes are below and the saved text is beside them; check yours against it and save again.',
    current,
  );
}

export async function recordSignatory(
  ctx: Ctx,
  input: SignatoryInput,
): Promise<{ agreed: boolean; version: number }> {
  requirePermission(ctx.actor, 'mou.manage');
  const partnershipId = partnershipOf(ctx);
  const latestRow = await store.latestVersion(ctx.db, partnershipId);
  if (!latestRow) throw new NotFound('The written agreement');
  const latest = toVersion(latestRow);
  if (input.revision !== latest.revision) {
    throw new Conflict(
      'The agreement changed since you opened this page, so this signature would be to words that are no longer there. Read the current text and record the signature again.',
      latest,
    );
  }
  if (latest.status === 'agreed') {
    throw new Invalid([
      { field: 'organisationId', message: `Every member has already signed version ${latest.version}` },
    ]);
  }
  const organisations = await listOrganisations(ctx);
  const organisation = organisations.find((o) => o.id === input.organisationId);
  if (!organisation) {
    throw new Invalid([{ field: 'organisationId', message: 'Select one of the member organisations' }]);
  }
  const signed = await store.signatories(ctx.db, partnershipId, latest.version);
  if (signed.some((s) => s.organisation_id === organisation.id)) {
    throw new Invalid([
      {
        field: 'organisationId',
        message: `${organisation.name} has already signed version ${latest.version}`,
      },
    ]);
  }
  const now = ctx.clock.now();
  if (input.signedOn > londonDate(now)) {
    throw new Invalid([{ field: 'signedOn', message: 'The date they signed must be today or in the past' }]);
  }
  const lastChanged = londonDate(latest.updatedAt);
  if (input.signedOn < lastChanged) {
    throw new Invalid([
      {
        field: 'signedOn',
        message: `The date they signed must be on or after ${formatDate(lastChanged)}, when this version was last changed`,
      },
    ]);
  }
  await store.insertSignatory(ctx.db, {
    partnership_id: partnershipId,
    version: latest.version,
    organisation_id: organisation.id,
    name: input.name,
    role: input.role,
    signed_on: input.signedOn,
    recorded_by_name: ctx.actor.kind === 'staff' ? ctx.actor.name : 'JoinedUp',
    recorded_at: now,
  });
  await record(ctx, {
    action: 'mou.sign',
    entityType: 'mou_version',
    detail: { version: latest.version, organisationId: organisation.id },
  });
  const agreed = organisations.every(
    (o) => o.id === organisation.id || signed.some((s) => s.organisation_id === o.id),
  );
  if (agreed) {
    await store.markAgreed(ctx.db, partnershipId, latest.version, now);
    await record(ctx, {
      action: 'mou.agreed',
      entityType: 'mou_version',
      detail: { version: latest.version },
    });
  }
  return { agreed, version: latest.version };
}
