import { defineConfig } from 'vitest/config';
import { isExpectedNoise } from './test/support/console-noise';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CDK's validation reports for warnings the tests provoke on purpose (they assert them through Annotations).
    onConsoleLog: (log) => (isExpectedNoise(log) ? false : undefined),
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
