/** Defaults shared by the dev commands, so each command's help and the others agree. */

/** Port of the local webhook. */
export const DEFAULT_PORT = 3000;
/** Port of the local SQS emulator. */
export const DEFAULT_SQS_PORT = 9324;
/** The path of the webhook, as on the deployed API (whose URL also has the stage: `/prod/webhook`). */
export const WEBHOOK_PATH = '/webhook';
/** Where `npm run simulate` sends by default: the dev server's webhook. */
export const DEFAULT_WEBHOOK_URL = `http://127.0.0.1:${DEFAULT_PORT}${WEBHOOK_PATH}`;
/** The environment variable that holds the signing secret for `dev` and `simulate`. */
export const SECRET_ENV = 'ARGYLE_WEBHOOK_SECRET';
/** Port of the local S3 stand-in (the archive's bucket). */
export const DEFAULT_S3_PORT = 9325;
/** The local archive bucket's name. */
export const DEV_ARCHIVE_BUCKET = 'argyle-webhooks-archive';
