import { defineConfig } from 'vitest/config';

/**
 * The validation report aws-cdk-lib prints (console.error) whenever a synthesized stack carries a warning: many
 * infrastructure tests provoke warnings on purpose and assert them through `Annotations`, so nobody needs to
 * read the report. Anything else a test prints still shows.
 */
const CDK_VALIDATION_REPORT = /A copy of this report can be found in: /;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    onConsoleLog: (log) => (CDK_VALIDATION_REPORT.test(log) ? false : undefined),
    // Every AWS SDK client in the tests talks to a stand-in on 127.0.0.1. A client that was not pointed at one
    // falls through to this black hole and fails at once instead of reaching AWS.
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      POWERTOOLS_DEV: 'false',
    },
  },
});
