// A real OpenID Provider for the SSO tests: panva's certified oidc-provider,
// on a free loopback port, with its development login and consent pages.
//
//   node provider.js SETTINGS.json
//
// SETTINGS.json: {"clients": [...client metadata...], "accounts": {"<login>":
// {claims}}}. The accounts are read again at every login, so a test can change
// a person's claims between two logins. Prints one line of JSON when ready:
// {"issuer": "http://127.0.0.1:<port>"}; ends when its standard input closes.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const settingsFile = process.argv[2];
const settings = () => JSON.parse(readFileSync(settingsFile, 'utf8'));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-provider', alg: 'RS256', use: 'sig' };

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: settings().clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: ['test-provider-cookie-key'] },
    // Profile claims go into the ID token, as Entra ID and Keycloak do.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'locale', 'employee_id', 'department', 'groups'],
    },
    pkce: { required: () => true, methods: ['S256'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(ctx, id) {
      const account = settings().accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
