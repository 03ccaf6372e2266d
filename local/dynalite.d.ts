/** The part of dynalite 4's API that the local DynamoDB stand-in uses (the package ships no types). */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  export interface DynaliteOptions {
    /** Milliseconds a new table stays CREATING (500 by default). */
    readonly createTableMs?: number;
    readonly deleteTableMs?: number;
    readonly updateTableMs?: number;
    /** LevelDB folder; in memory when absent. */
    readonly path?: string;
  }

  /** An HTTP server speaking DynamoDB's protocol; `close` also closes its store. */
  export default function dynalite(options?: DynaliteOptions): Server;
}
