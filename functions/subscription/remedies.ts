/** Commands an operator can run to finish by hand what the custom resource could not do. */
import type { ApiTarget } from './properties';

/** The command-line name of the operators' CLI (package.json `bin`). */
export const CLI_NAME = 'argyle-subscriptions';

/** Options that point the CLI at the same API, with the same credentials, as `target`. */
export function cliTargetOptions(target: ApiTarget): string {
  const options = [
    `--environment ${target.environment}`,
    `--credentials-secret ${target.credentialsSecretName}`,
  ];
  if (target.apiVersion !== 'v2') options.push(`--api-version ${target.apiVersion}`);
  if (target.baseUrl !== undefined) options.push(`--base-url ${target.baseUrl}`);
  return options.join(' ');
}

/** `npx argyle-subscriptions delete <id> ...`: removes a subscription the stack could not. */
export function cliDeleteCommand(id: string, target: ApiTarget): string {
  return `npx ${CLI_NAME} delete ${id} ${cliTargetOptions(target)}`;
}

/** `npx argyle-subscriptions list ...`: shows what exists. */
export function cliListCommand(target: ApiTarget): string {
  return `npx ${CLI_NAME} list ${cliTargetOptions(target)}`;
}
