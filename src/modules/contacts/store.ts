import type { Db } from '../../storage/database.ts';
import type { ContactIssue } from '../../storage/tables.ts';

export interface ContactRow {
  partnership_id: string;
  id: string;
  organisation_id: string;
  issue: ContactIssue;
  contact_name: string;
  phone: string | null;
  email: string | null;
  hours: string;
  out_of_hours: boolean;
  notes: string;
  updated_at: Date;
  updated_by_name: string;
}

export async function contacts(db: Db, partnershipId: string) {
  return db
    .selectFrom('contact_entry')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('organisation_id')
    .orderBy('issue')
    .orderBy('contact_name')
    .execute();
}

export async function contact(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('contact_entry')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insert(db: Db, row: ContactRow) {
  await db.insertInto('contact_entry').values(row).execute();
}

export async function update(db: Db, row: ContactRow) {
  const { partnership_id, id, ...changes } = row;
  await db
    .updateTable('contact_entry')
    .set(changes)
    .where('partnership_id', '=', partnership_id)
    .where('id', '=', id)
    .execute();
}

export async function remove(db: Db, partnershipId: string, id: string) {
  await db
    .deleteFrom('contact_entry')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}
