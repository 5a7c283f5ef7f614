/**
 * node:sqlite compiles a statement on every `prepare`; the store runs the same few dozen statements
 * all the time, so it keeps them compiled, keyed by their SQL text, for the life of the connection.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

export type Prepare = (sql: string) => StatementSync;

export function statementCache(db: DatabaseSync): Prepare {
  const cache = new Map<string, StatementSync>();
  return (sql) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
