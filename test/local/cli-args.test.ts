import { describe, expect, it } from 'vitest';
import { UsageError } from '#functions/shared/cli/args';
import { parseDevArgs } from '#local/cli/dev-args';
import { parseExampleConsumerArgs } from '#local/cli/example-consumer-args';
import { parseSimulateArgs } from '#local/cli/simulate-args';
import { parseTailArgs } from '#local/cli/tail-args';

const ENV = { ARGYLE_WEBHOOK_SECRET: 'from-env' };

/** The message of the UsageError `parse` throws. */
function usageError(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('the arguments were accepted');
}

describe('npm run dev arguments', () => {
  it('defaults to port 3000, SQS port 9324 and S3 port 9325', () => {
    expect(parseDevArgs([])).toEqual({
      port: 3000,
      sqsPort: 9324,
      s3Port: 9325,
      verbose: false,
      help: false,
    });
  });

  it('uses the given ports and configuration', () => {
    expect(parseDevArgs(['--port', '0', '--sqs-port', '4566', '--config', '{}', '--verbose'])).toEqual({
      port: 0,
      sqsPort: 4566,
      s3Port: 9325,
      config: '{}',
      verbose: true,
      help: false,
    });
  });

  it('runs the subscription watcher every 60 s with --watch, or as often as --watch-every says', () => {
    expect(parseDevArgs(['--watch'])).toMatchObject({ watchEverySeconds: 60 });
    expect(parseDevArgs(['--watch', '--watch-every', '5'])).toMatchObject({ watchEverySeconds: 5 });
    expect(usageError(() => parseDevArgs(['--watch-every', '5']))).toBe('--watch-every goes with --watch');
    expect(usageError(() => parseDevArgs(['--watch', '--watch-every', '0']))).toMatch(
      /^--watch-every: "0" is not a whole number from 1 to 86400/,
    );
  });

  it('says what a port is when given something else', () => {
    expect(usageError(() => parseDevArgs(['--port', 'http']))).toBe(
      '--port: "http" is not a whole number from 0 to 65535; write e.g. --port 3000',
    );
    expect(usageError(() => parseDevArgs(['--sqs-port', '70000']))).toMatch(/^--sqs-port: "70000" is not/);
  });

  it('names an unknown option and guesses the intended one', () => {
    expect(usageError(() => parseDevArgs(['--prot', '3000']))).toBe(
      'unknown option --prot (did you mean --port?)',
    );
  });

  it('says which option lacks its value', () => {
    expect(usageError(() => parseDevArgs(['--port']))).toBe('--port needs a value');
  });

  it('refuses the same port for the webhook and the emulator', () => {
    expect(usageError(() => parseDevArgs(['--port', '9324']))).toBe(
      '--port and --sqs-port are both 9324; give them different ports',
    );
  });
});

describe('npm run simulate arguments', () => {
  it('reads events, options and the secret from the environment', () => {
    // Act
    const args = parseSimulateArgs(
      ['accounts.connected', '--count', '5', '--account', 'acc-1', '--include-resource', '--seed', '9'],
      ENV,
    );
    // Assert
    expect(args).toMatchObject({
      events: ['accounts.connected'],
      count: 5,
      secret: 'from-env',
      url: 'http://127.0.0.1:3000/webhook',
      ids: { account: 'acc-1' },
      includeResource: true,
      badSignature: false,
      concurrency: 8,
      seed: 9,
    });
  });

  it('prefers --secret to the environment', () => {
    expect(parseSimulateArgs(['--all', '--secret', 'flag'], ENV).secret).toBe('flag');
  });

  it('expands --all to every event in the catalogue', () => {
    expect(parseSimulateArgs(['--all'], ENV).events.length).toBeGreaterThan(40);
  });

  it('suggests the closest event for a misspelt one', () => {
    expect(usageError(() => parseSimulateArgs(['acounts.connected'], ENV))).toBe(
      '"acounts.connected" is not an event in the catalogue; did you mean accounts.connected? (--list shows all 79)',
    );
  });

  it('asks what to send when given nothing', () => {
    expect(usageError(() => parseSimulateArgs([], ENV))).toMatch(/^say what to send: event names/);
  });

  it('asks for a secret when there is none', () => {
    expect(usageError(() => parseSimulateArgs(['--all'], {}))).toBe(
      'no signing secret: pass --secret <secret> or set ARGYLE_WEBHOOK_SECRET (npm run dev prints the one it uses)',
    );
  });

  it('refuses a URL that is not http or https', () => {
    expect(usageError(() => parseSimulateArgs(['--all', '--url', 'ftp://x/webhook'], ENV))).toMatch(
      /^--url: "ftp:\/\/x\/webhook" is not an http or https URL/,
    );
    expect(usageError(() => parseSimulateArgs(['--all', '--url', 'localhost:3000'], ENV))).toMatch(/^--url:/);
  });

  it('bounds --count and --concurrency', () => {
    expect(usageError(() => parseSimulateArgs(['--all', '--count', '0'], ENV))).toBe(
      '--count: "0" is not a whole number from 1 to 10000; write e.g. --count 100',
    );
    expect(usageError(() => parseSimulateArgs(['--all', '--concurrency', '1000'], ENV))).toMatch(
      /^--concurrency: "1000" is not a whole number from 1 to 64/,
    );
  });

  it('refuses event names together with --all', () => {
    expect(usageError(() => parseSimulateArgs(['--all', 'accounts.added'], ENV))).toBe(
      'give event names or --all, not both',
    );
  });

  it('needs nothing else for --list and --help', () => {
    expect(parseSimulateArgs(['--list'], {}).list).toBe(true);
    expect(parseSimulateArgs(['-h'], {}).help).toBe(true);
  });
});

describe('npm run tail arguments', () => {
  it('takes a local queue name, with defaults', () => {
    expect(parseTailArgs(['all-events'])).toEqual({
      queue: 'all-events',
      sqsPort: 9324,
      delete: false,
      follow: false,
      max: undefined,
      visibilityTimeoutSeconds: 30,
      help: false,
    });
  });

  it('takes a queue URL and the flags', () => {
    expect(
      parseTailArgs([
        'https://sqs.eu-west-1.amazonaws.com/123456789012/q',
        '--delete',
        '--follow',
        '--max',
        '3',
      ]),
    ).toMatchObject({
      queue: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q',
      delete: true,
      follow: true,
      max: 3,
    });
  });

  it('asks which queue when none is given', () => {
    expect(usageError(() => parseTailArgs([]))).toBe(
      'which queue? give a local queue name (e.g. all-events) or a queue URL',
    );
  });

  it('refuses what is neither a queue name nor a URL, and more than one queue', () => {
    expect(usageError(() => parseTailArgs(['all events']))).toMatch(/^"all events" is neither a queue name/);
    expect(usageError(() => parseTailArgs(['a', 'b']))).toBe('one queue at a time; got a, b');
  });
});

describe('npm run example-consumer arguments', () => {
  it('defaults to the configured queue, batches of 10, and running until stopped', () => {
    expect(parseExampleConsumerArgs([])).toEqual({
      queue: undefined,
      sqsPort: 9324,
      batchSize: 10,
      once: false,
      help: false,
    });
  });

  it('bounds the batch size as Lambda does', () => {
    expect(usageError(() => parseExampleConsumerArgs(['--batch-size', '11']))).toBe(
      '--batch-size: "11" is not a whole number from 1 to 10; write e.g. --batch-size 10',
    );
  });
});
