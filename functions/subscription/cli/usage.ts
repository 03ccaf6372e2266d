/** The CLI's help text. */
import { DEFAULT_MAX_LIST_PAGES, MAX_LIST_LIMIT } from '../../argyle-api';
import { CLI_NAME } from '../remedies';

export const USAGE = `Usage: ${CLI_NAME} <command> [options]

Manage Argyle webhook subscriptions (the ones this stack registers on deploy, or any other).

Commands:
  list                 list every subscription (all pages, up to --max-pages), with when Argyle last sent one
  show <id>            show one subscription
  create               create a subscription (--name, --events, --url, --signing-secret; --config optional)
  delete <id>          delete a subscription
  status               compare the configured subscriptions with the live ones: missing, changed,
                       secret-differs, duplicate, silent (exit 0 no drift, 1 drift or cannot tell, 2 usage)
  rotate               rotate the signing secret now (--secret): Secrets Manager runs the stack's rotation,
                       which replaces every subscription; follows its steps until it finished (exit 0) or
                       was refused, failed or timed out (exit 1)

Options:
  -e, --environment <sandbox|production>  Argyle environment whose API to call (default: sandbox)
  --credentials-secret <name>             read the API key from this Secrets Manager secret (JSON with
                                          api_key_id and api_key_secret) instead of the environment variables
                                          ARGYLE_API_KEY_ID and ARGYLE_API_KEY_SECRET
  --api-version <v2|v1>                   API version (default: v2)
  --base-url <url>                        call this origin instead of the environment's; the environment
                                          variable ARGYLE_API_BASE_URL overrides both
  --json                                  print JSON instead of a table
  -h, --help                              show this help

Options of list:
  --from-created-at <date-time>           only subscriptions created at or after it, e.g. 2026-01-01T00:00:00Z
  --to-created-at <date-time>             only subscriptions created at or before it
  --ordering <id|created_at>              order by id or by creation time (default: Argyle's order)
  --max-pages <n>                         read at most n pages of ${MAX_LIST_LIMIT} (default: ${DEFAULT_MAX_LIST_PAGES}); past it, print what
                                          was read and exit 1, as the list is incomplete

Options of create:
  --name <name>                           the subscription's name (deliveries carry it as "name")
  --events <e1,e2,...>                    event names, comma-separated, or '*' for all events; names this
                                          release's event catalogue does not know are refused (as cdk synth
                                          refuses them)
  --allow-unknown-events                  send names the catalogue does not know (events Argyle added later)
  --url <url>                             where Argyle delivers, e.g. the stack's WebhookUrl output
  --signing-secret <secret id or ARN>     Secrets Manager secret whose value signs the deliveries, e.g. the
                                          stack's SigningSecretArn output
  --config <json>                         e.g. '{"include_resource":true}', '{"days_synced":90}',
                                          '{"items":["item_000000001"]}'

Options of status (see docs/subscriptions.md, "Drift and status"):
  --url <url>                             where the stack receives deliveries (the WebhookUrl output)
  --signing-secret <secret id or ARN>     the signing secret: AWSCURRENT, and AWSPREVIOUS and AWSPENDING
                                          while a rotation is in progress, are compared with Argyle's secret
  --name, --events, --config              the one configured subscription, as for create
  --desired <file.json>                   or a list of them: [{"name":..,"events":[..],"config":{..}}]
                                          ("url" defaults to --url)
  --last-accepted <name=date-time|never>  when the receiver last accepted a delivery of that subscription
                                          (repeatable); only then is it checked for silent
  --max-pages <n>                         as for list; past it, status cannot tell what is missing (exit 1)

Options of rotate (see docs/rotation.md):
  --secret <secret id or ARN>             the signing secret, e.g. the stack's SigningSecretArn output; its
                                          rotation must be on (signingSecret.rotation.enabled)
  --minimum-interval-hours <n>            refuse to start sooner than n hours after the last rotation
                                          (default: 24, the stack's default; the rotation refuses too)
  --timeout <seconds>                     how long to follow the rotation (default: 900)

Secrets are never printed: subscription secrets show as "set" ("[redacted]" in JSON).
AWS credentials and region for --credentials-secret and --signing-secret come from the usual AWS settings.

Examples:
  ARGYLE_API_KEY_ID=... ARGYLE_API_KEY_SECRET=... npx ${CLI_NAME} list
  npx ${CLI_NAME} list --environment production --credentials-secret argyle-webhooks/production/api-credentials
  npx ${CLI_NAME} list --from-created-at 2026-01-01T00:00:00Z --ordering created_at
  npx ${CLI_NAME} show 85fab193-1195-47e3-951b-fbbfbbac3d3e --json
  npx ${CLI_NAME} create --name accounts --events accounts.connected,accounts.updated \\
    --config '{"include_resource":true}' --url https://abc.execute-api.us-east-1.amazonaws.com/prod/webhook \\
    --signing-secret arn:aws:secretsmanager:us-east-1:123456789012:secret:SigningSecret-AbCdEf
  npx ${CLI_NAME} delete 85fab193-1195-47e3-951b-fbbfbbac3d3e
  npx ${CLI_NAME} status --desired subscriptions.json --url <WebhookUrl> --signing-secret <SigningSecretArn>
  npx ${CLI_NAME} rotate --secret <SigningSecretArn>
`;
