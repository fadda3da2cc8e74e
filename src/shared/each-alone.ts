/**
 * Runs `work` for every unit (a channel, a queued post, an organization) so that one failing unit cannot
 * stop the others. Failures are thrown together at the end; the message holds counts only (an error's own
 * text may carry content).
 */
export async function eachAlone<T>(units: Iterable<T>, work: (unit: T) => Promise<void>): Promise<void> {
  const failures: unknown[] = [];
  let count = 0;
  for (const unit of units) {
    count++;
    try {
      await work(unit);
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} of ${count} failed`);
}
