// Worker threads do not inherit the TypeScript loader: register it, then load the worker's module.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
