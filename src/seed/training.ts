import type { Actor } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { acknowledgePolicy, listPolicies } from '../policies/service.ts';
import { getModule, listModules, submitAttempt } from '../training/service.ts';
import { STARTER_MODULES } from '../training/starter-modules.ts';
import type { SecretBox } from '../shared/secret-box.ts';

/** Passes every starter module and acknowledges every current policy for these staff, through the same services people use. */
export async function completeStarterTraining(db: Db, secrets: SecretBox, staff: Actor[]): Promise<void> {
  for (const actor of staff) {
    for (const m of await listModules(db, actor)) {
      const def = STARTER_MODULES.find((d) => d.slug === m.slug);
      if (!def || m.current) continue;
      // As a person answers: the right option's place in the order this person is shown.
      const shown = (await getModule(db, actor, m.id)).questions;
      await submitAttempt(
        db,
        secrets,
        actor,
        m.id,
        def.questions.map((q, i) => shown[i].options.indexOf(q.options[q.answer])),
      );
    }
    for (const p of await listPolicies(db, actor)) if (!p.acknowledgedAt) await acknowledgePolicy(db, actor, p.id, p.version);
  }
}
