import { notFound } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from URLs are checked before they reach SQL: a malformed one is simply "not found". */
export const isUuid = (id: string): boolean => UUID.test(id);

/** A malformed id from a URL is "not found", like an id that does not exist. */
export const assertUuid = (id: string, what: string): void => {
  if (!isUuid(id)) throw notFound(what);
};
