/**
 * Lambda entry point of the receiver. Configuration is read and AWS clients are created once, at cold start.
 */
import { createReceiver } from './receiver';

export const handler = createReceiver(process.env);
