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
  replay               send archived deliveries again, through the routing rules or to one queue
                       (docs/archive.md; exit 0 done, 1 failed, 130 interrupted: --resume goes on)
  redrive <route>      move a route's dead letters back to its queue (catch-all; archive for the archive's)
  peek                 show archived deliveries, or with --dlq <route> a dead-letter queue's messages
  repair               restore what the stack's ownership records configure, once, now (--state-table):
                       missing, changed or wrongly signed subscriptions; never deletes one the stack does
                       not own (exit 0 repaired or nothing to do, 1 failed or skipped, 2 usage)
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
  --state-table <table>                   read the configured subscriptions, the ids the stack owns and a
                                          deploy in progress from the stack's ownership records (its
                                          SubscriptionStateTable); instead of the five options below
  --url <url>                             where the stack receives deliveries (the WebhookUrl output)
  --signing-secret <secret id or ARN>     the signing secret: AWSCURRENT, and AWSPREVIOUS and AWSPENDING
                                          while a rotation is in progress, are compared with Argyle's secret
  --name, --events, --config              the one configured subscription, as for create
  --desired <file.json>                   or a list of them: [{"name":..,"events":[..],"config":{..}}]
                                          ("url" defaults to --url); events are checked as for create
  --function-name <receiver function>     read when the receiver last accepted a delivery of each
                                          subscription from CloudWatch (its DeliveriesAccepted by
                                          Subscription; cloudwatch:GetMetricData); --namespace <ns> if
                                          not ArgyleWebhooks
  --last-accepted <name=date-time|never>  or say it yourself (repeatable); only then is it checked for silent
  --silent-after <duration>               Argyle sending this long after the last accepted delivery is
                                          silent: e.g. 15m (default), 2h, 1d
  --max-pages <n>                         as for list; past it, status cannot tell what is missing (exit 1)

Where replay, redrive and peek find the stack (its outputs):
  --stack <name>                          read the deployed stack's outputs (CloudFormation DescribeStacks)
  --outputs <file>                        or a file of them: cdk deploy --outputs-file, or the one npm run dev
                                          keeps (node_modules/.cache/argyle-webhooks-aws/dev-outputs.json)
  --bucket <name>                         the archive bucket, instead of the ArchiveBucketName output

Options of replay (the archive must be on: "archive": {"enabled": true}):
  --from <date-time>, --to <date-time>    deliveries received in [from, to), ISO 8601 or "now"
  --event <pattern>                       only events matching it, as in routes (accounts.*, *.fully_synced)
  --account <id>, --subscription <name>   only deliveries of that account, or from that Argyle subscription
  --route <name>                          through the routing rules, to this route's queue only
  --queue <url>                           every selected delivery to this one queue, routing rules aside
  --dry-run                               count what would be sent, by event and queue; send nothing
  --rate <n>                              at most n deliveries per second
  --resume <run id>                       go on with an interrupted run (selection and target from its
                                          checkpoint), sending only what it had not sent
  --state-dir <dir>                       where checkpoints are kept (default ~/.argyle-webhooks/replays)

Options of redrive:
  --rate <n>                              at most n messages per second (1 to 500; default: SQS's own)
  --no-wait                               start the move task and return; do not follow it

Options of peek:
  --from, --to, --event, --account, --subscription   which archived deliveries, as for replay
  --dlq <route>                           a dead-letter queue's messages instead (this receives them: each
                                          look counts one receive, and they are made visible again at once)
  --max <n>                               at most n (default 20)
  --bodies                                also print each body
Options of repair (see docs/subscriptions.md, "Watched and repaired"):
  --state-table <table>                   the stack's ownership records: what to restore, what it owns
  --max-pages <n>                         as for list; past it, nothing is repaired (exit 1)

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
  npx ${CLI_NAME} replay --stack ArgyleWebhooks --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z \\
    --route payroll --dry-run
  npx ${CLI_NAME} redrive accounts --stack ArgyleWebhooks --rate 50
  npx ${CLI_NAME} peek --stack ArgyleWebhooks --from 2026-12-01T10:00:00Z --to now --event paystubs.*
  npx ${CLI_NAME} status --state-table <SubscriptionStateTable> --function-name <ReceiverFunctionName>
  npx ${CLI_NAME} repair --state-table <SubscriptionStateTable>
  npx ${CLI_NAME} rotate --secret <SigningSecretArn>
`;
