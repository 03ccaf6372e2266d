/** The Secrets Manager stand-in lives with the dev server, which uses it at run time; the tests use the same one. */
export { type FakeSecretsManager, startFakeSecretsManager } from '../../local/secrets-manager';
