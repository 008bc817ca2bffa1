// The client library against a service in jwt mode (CHAT_JWT_SERVICE_URL), with tokens signed here by the key
// the service trusts (CHAT_JWT_PRIVATE_KEY: base64 of its PKCS#8 encoding; CHAT_JWT_ISSUER).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { client, env, unique, within } from './support.mjs';

const url = env('CHAT_JWT_SERVICE_URL');
const trusted = createPrivateKey({ key: Buffer.from(env('CHAT_JWT_PRIVATE_KEY'), 'base64'), format: 'der',
  type: 'pkcs8' });
const issuer = env('CHAT_JWT_ISSUER');

/** An RS256 token for `subject`, valid for five minutes. */
function token(subject, key = trusted) {
  const part = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer, sub: subject, iat: now, exp: now + 300 };
  const unsigned = part({ alg: 'RS256', typ: 'JWT' }) + '.' + part(claims);
  return unsigned + '.' + sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url');
}

test('a client proves its name with a token, asked for at each connect', async (t) => {
  const name = unique('tom');
  let asked = 0;
  const tom = client(t, { url, user: name, token: () => { asked++; return token(name); } });

  await within(tom.connect(), 'connected with a token');

  assert.equal(tom.user, name);
  assert.equal(tom.key, null, 'no key in jwt mode');
  assert.equal(asked, 2, 'one token for each connection');
  await tom.sendToRoom('lobby', 'signed in');
});

test('a token the service does not trust is refused, and not retried', async (t) => {
  const name = unique('eve');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const eve = client(t, { url, user: name, token: token(name, privateKey) });

  await assert.rejects(eve.connect(), (e) => e.code === 'TOKEN_INVALID');
  assert.equal(eve.online, false);
});
