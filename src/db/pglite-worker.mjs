// PGlite in a worker thread: the embedded PostgreSQL runs on its own core while the main thread serves
// HTTP. The main thread speaks the wire protocol to it (see pglite-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const pglite = await PGlite.create(workerData.dataDir);

// An ErrorResponse is parsed into an Error subclass, and a structured clone keeps only an Error's message
// (its `name: 'error'`, code, position, constraint… are dropped, and the bridge would then treat it as an
// unknown message: the statement would look successful). It crosses as a plain object and is revived.
const ERROR_FIELDS = [
  'length',
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
];
function cloneable(message) {
  if (!(message instanceof Error)) return message;
  const plain = { databaseError: true, name: message.name, message: message.message };
  for (const f of ERROR_FIELDS) if (message[f] !== undefined) plain[f] = message[f];
  return plain;
}
const unlisteners = new Map();
parentPort.on('message', async (m) => {
  try {
    if (m.op === 'exec') {
      const messages = await pglite.execProtocolStream(m.bytes, { throwOnError: false });
      parentPort.postMessage({ id: m.id, result: messages.map(cloneable) });
    } else if (m.op === 'listen') {
      unlisteners.set(m.channel, await pglite.listen(m.channel, (payload) => parentPort.postMessage({ notify: m.channel, payload })));
      parentPort.postMessage({ id: m.id, result: null });
    } else if (m.op === 'unlisten') {
      await unlisteners.get(m.channel)?.();
      unlisteners.delete(m.channel);
      parentPort.postMessage({ id: m.id, result: null });
    } else if (m.op === 'close') {
      await pglite.close();
      parentPort.postMessage({ id: m.id, result: null });
    }
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort.postMessage({ ready: true });
