/**
 * Runs `work` for every unit (a channel, a queued post, an organization) so that one failing unit cannot
 * stop the others. Failures are thrown together at the end; the message holds counts only (an error's own
 * text may carry content).
 */
export async function eachAlone<T>(
  units: Iterable<T>,
  work: (unit: T) => Promise<void>,
  /** How many units run at once (1: one after the other). */
  opts: { concurrency?: number } = {},
): Promise<void> {
  const failures: unknown[] = [];
  const list = [...units];
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const unit = list[next++];
      try {
        await work(unit);
      } catch (e) {
        failures.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, list.length)) }, worker));
  if (failures.length) throw new AggregateError(failures, `${failures.length} of ${list.length} failed`);
}
