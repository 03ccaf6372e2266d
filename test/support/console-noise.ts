/**
 * Console output the tests make on purpose and nobody needs to read: the validation report aws-cdk-lib prints
 * (with console.error) whenever a synthesized stack carries a warning, which many infrastructure tests provoke
 * and then assert through `Annotations`. vitest.config.ts drops it; anything else still prints.
 */
const CDK_VALIDATION_REPORT = /A copy of this report can be found in: /;

/** Whether `log` is console output the test run leaves out. */
export function isExpectedNoise(log: string): boolean {
  return CDK_VALIDATION_REPORT.test(log);
}
