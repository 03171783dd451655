// Indexes the benchmark's query plans asked for (50,000 people, npm run bench). Every plan page looks up the
// plan's reviews by plan: the only index was on open reviews' due dates across the whole partnership, so
// each page read every open review in it (15,000 of them at that size).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const reviewsByPlan = sql`CREATE INDEX care_plan_review_plan ON care_plan_review (partnership_id, plan_id, due_on)`;
  await reviewsByPlan.execute(db);
}
