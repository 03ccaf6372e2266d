// Type-checked (not run) in a CommonJS app (`require` at run time): the published declarations resolve.
import { type ArgyleWebhookStack, parseConfig } from 'argyle-webhooks-aws';
import { parseArgyleRecord } from 'argyle-webhooks-aws/consumer';

const config = parseConfig({ environment: 'sandbox' });
const environment: 'sandbox' | 'production' = config.environment;
// @ts-expect-error the stack needs its config: fails only if the types resolved
const props: ConstructorParameters<typeof ArgyleWebhookStack>[2] = {};

export { environment, parseArgyleRecord, props };
