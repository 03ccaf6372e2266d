/**
 * Output nobody asked for: `npm test` prints no CDK validation report for the warnings its tests provoke on
 * purpose, and `npm run synth` (`cdk synth --quiet`) prints no esbuild progress while bundling.
 */
import { describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLING } from '../../build/function-bundling';
import config from '../../vitest.config';

const CDK_REPORT = `WARNING restrictSourceIps is false: anyone on the internet can reach POST /webhook (Annotation)
   Test/Ingest constructs.Construct
   Acknowledge with 'Annotation::argyle-webhooks:source-ips-unrestricted'

A copy of this report can be found in: /tmp/argyle-webhooks-test-x/cdk.out1/validation-report.json
`;

describe('quiet output', () => {
  const onConsoleLog = config.test?.onConsoleLog;

  it('leaves the CDK validation report out of the test run', () => {
    expect(onConsoleLog?.(CDK_REPORT, 'stderr', undefined)).toBe(false);
  });

  it('keeps every other line a test prints', () => {
    expect(onConsoleLog?.('something a test printed\n', 'stdout', undefined)).not.toBe(false);
    expect(onConsoleLog?.('WARNING: not from a CDK report\n', 'stderr', undefined)).not.toBe(false);
  });

  it('bundles the handlers printing warnings and errors only, so synth --quiet stays quiet', () => {
    expect(FUNCTION_BUNDLING.logLevel).toBe('warning');
  });
});
