import type { Database } from '../db/database.ts';
import { EVENTS_CHANNEL } from './notifications.ts';

type Send = (event: { kind: string; title: string; link: string }) => void;

/** Fans NOTIFY events out to the server-sent-event streams open in this process. */
export class RealtimeHub {
  private readonly subscribers = new Map<string, Set<Send>>();
  private stop?: () => Promise<void>;

  async start(database: Database): Promise<void> {
    this.stop = await database.listen(EVENTS_CHANNEL, (raw) => {
      let payload: { userIds?: string[]; kind: string; title: string; link: string };
      try {
        payload = JSON.parse(raw);
      } catch {
        return;
      }
      for (const userId of payload.userIds ?? [])
        this.subscribers.get(userId)?.forEach((send) => send({ kind: payload.kind, title: payload.title, link: payload.link }));
    });
  }

  subscribe(userId: string, send: Send): () => void {
    let set = this.subscribers.get(userId);
    if (!set) this.subscribers.set(userId, (set = new Set()));
    set.add(send);
    return () => {
      set.delete(send);
      if (set.size === 0) this.subscribers.delete(userId);
    };
  }

  async close(): Promise<void> {
    await this.stop?.();
  }
}
