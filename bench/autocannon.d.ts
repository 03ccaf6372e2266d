/** The part of autocannon 9's programmatic API that M4 uses (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface Options {
    readonly url: string;
    readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string | Buffer;
    readonly connections?: number;
    /** Seconds; the run ends at the first 1 s sample after it. */
    readonly duration?: number;
    /** Requests in all, instead of a duration (split evenly between the connections). */
    readonly amount?: number;
    readonly pipelining?: number;
    /** Seconds before a request counts as a timeout. */
    readonly timeout?: number;
  }

  /** Summary of the samples taken every second (`requests`) or of every 2xx response (`latency`, ms). */
  export interface Histogram {
    readonly average: number;
    readonly stddev: number;
    readonly min: number;
    readonly max: number;
    readonly total: number;
  }

  export interface Result {
    /** Seconds, to 10 ms. */
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly resets: number;
    readonly mismatches: number;
    readonly non2xx: number;
    readonly '2xx': number;
    readonly statusCodeStats: Readonly<Record<string, { readonly count: number }>>;
    readonly requests: Histogram & { readonly sent: number };
    readonly latency: Histogram;
  }

  /** Emits `response` (client, status code, bytes, response time in ms) for every answer; awaitable. */
  export interface Instance extends EventEmitter, PromiseLike<Result> {}

  export default function autocannon(options: Options): Instance;
}
