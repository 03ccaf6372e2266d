/**
 * Lambda entry point of the receiver. Configuration is read and AWS clients are created once, at cold start,
 * and the signing secret's first read starts there too, so the first delivery after idle finds it on its way.
 */
import { createReceiver } from './wiring';

export const handler = createReceiver(process.env, {}, { readSecretAtInit: true });
