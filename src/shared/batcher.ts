/**
 * Group commit: items submitted while a flush is running are written together by the next flush. At low
 * load a flush holds one item (no added latency); under load one transaction carries many. If a batch
 * fails, its items are retried one by one, so one bad item cannot fail the others — unless `retryOneByOne`
 * says the failure is not an item's fault: a connection lost during COMMIT leaves the batch's outcome
 * unknown (it may have been written), so its items must fail as they are, never be written a second time.
 */
export class Batcher<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 64,
    private readonly retryOneByOne: (err: unknown) => boolean = () => true,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const out = await this.flush(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(out[i]));
        } catch (err) {
          if (batch.length === 1 || !this.retryOneByOne(err)) for (const b of batch) b.reject(err);
          else {
            for (const b of batch) {
              try {
                b.resolve((await this.flush([b.item]))[0]);
              } catch (e) {
                b.reject(e);
              }
            }
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}
