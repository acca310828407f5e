// One change at a time per case, across the counter's and the departments' services: a double
// click or two windows cannot both pass the version check and append.

export type CaseLocks = <T>(caseId: string, fn: () => Promise<T>) => Promise<T>;

export function createCaseLocks(): CaseLocks {
  const locks = new Map<string, Promise<unknown>>();
  return <T>(id: string, fn: () => Promise<T>): Promise<T> => {
    const prev = locks.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    locks.set(id, tail);
    void tail.then(() => locks.get(id) === tail && locks.delete(id));
    return run;
  };
}
