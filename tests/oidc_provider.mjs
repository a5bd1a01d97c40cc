// A real OpenID provider for the tests (npm oidc-provider), on 127.0.0.1 only.
//
//   node tests/oidc_provider.mjs CONFIG.json
//
// CONFIG.json: {"port": 45678, "accounts": "/path/accounts.json", "clients": [{client_id,
// client_secret, redirect_uris, post_logout_redirect_uris}, ...], "signOut": true}; with
// "signOut": false the provider offers no RP-initiated logout (no end_session_endpoint).
// The accounts file maps an account id (its `sub`) to its claims ({"email": ..., "name": ...,
// "preferred_username": ..., "groups": [...]}); it is read at every sign-in, so a test changes
// a person's groups by rewriting it. Signing out asks "Do you want to sign-out?" first, as the
// library does by default.
// Sign-in is the library's development interaction: a form taking any login (the account id)
// and any password. No consent screen: every client is first-party here, as at a region.
// Prints "listening <issuer>" once it accepts connections.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const SCOPES = 'openid email profile groups';

function accounts() {
  return JSON.parse(readFileSync(config.accounts, 'utf8'));
}

const provider = new Provider(issuer, {
  clients: config.clients,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  async findAccount(ctx, sub) {
    const claims = accounts()[sub];
    if (claims === undefined) return undefined;
    return { accountId: sub, async claims() { return { ...claims, sub }; } };
  },
  async loadExistingGrant(ctx) {
    const { client, session, result } = ctx.oidc;
    const grantId = result?.consent?.grantId || session.grantIdFor(client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId,
                                                accountId: session.accountId });
    grant.addOIDCScope(SCOPES);
    await grant.save();
    return grant;
  },
  cookies: { keys: ['only-for-tests'] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: config.signOut !== false },
  },
});

const server = provider.listen(config.port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
