import type { Actor, Clock, Ctx } from '../context.ts';
import { DomainError } from '../errors.ts';
import type { Db } from '../storage/database.ts';

class KeepAndThrow {
  constructor(readonly error: DomainError) {}
}

/**
 * Runs a service call in one transaction: the change and its audit rows commit together or not at all.
 * A DomainError marked keepRecord commits the record of the attempt, then reaches the caller.
 */
export async function inTransaction<T>(
  db: Db,
  actor: Actor,
  clock: Clock,
  fn: (ctx: Ctx) => Promise<T>,
): Promise<T> {
  const result = await db.transaction().execute(async (trx) => {
    try {
      return await fn({ actor, db: trx, clock });
    } catch (error) {
      if (error instanceof DomainError && error.keepRecord) return new KeepAndThrow(error);
      throw error;
    }
  });
  if (result instanceof KeepAndThrow) throw result.error;
  return result;
}
