import { z } from 'zod';

/**
 * Building blocks of response schemas. A route's response schema is its contract: serialization keeps
 * exactly the fields listed (anything else a handler returns is stripped), and the web's types are
 * generated from the same schemas through the OpenAPI document.
 */
export const Ok = z.object({ ok: z.boolean() });
export const Id = z.string();
/** An instant as the API writes it: ISO 8601 in UTC (handlers may return a Date or the string). */
export const Instant = z.union([z.date(), z.string()]);
/** Free-form JSON a record carries as stored (archived content, audit details). */
export const JsonObject = z.record(z.string(), z.unknown());
export const Person = z.object({ id: z.string(), name: z.string() });
/** A WebAuthn options object for the browser API: its shape is the WebAuthn specification's, passed on whole. */
export const WebAuthnOptions: z.ZodType<{ challenge: string }> = z.looseObject({ challenge: z.string() });
/** A file download (CSV, ZIP): not JSON, so nothing to strip; the content type says what it is. */
export const FileDownload = z.unknown().describe('a file download; see the content-type header');
/** Identifiers the guard masked in a text: where, and of which category. */
export const Redactions = z.array(z.object({ category: z.string(), start: z.number(), end: z.number() }));
/** The result of recomputing a hash chain (audit log, archive). */
export const ChainVerification = z.object({
  ok: z.boolean(),
  checked: z.number(),
  firstBroken: z.object({ seq: z.number(), reason: z.string() }).nullable(),
});
