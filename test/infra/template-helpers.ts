/** Small readers for synthesized templates, shared by the infrastructure tests. */
import type { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** The one resource of `type`; fails the test when there is not exactly one. */
export function onlyResource(template: Template, type: string): Resource {
  const resources = Object.values(template.findResources(type)) as Resource[];
  const [resource] = resources;
  if (resources.length !== 1 || resource === undefined) {
    throw new Error(`expected exactly one ${type}, found ${resources.length}`);
  }
  return resource;
}

/** The logical id of a construct's CloudFormation resource (its default child, or itself). */
export function logicalId(stack: Stack, construct: IConstruct): string {
  const resource = construct.node.defaultChild ?? construct;
  return stack.resolve((resource as unknown as { logicalId: string }).logicalId);
}

/** `{ "Fn::GetAtt": [id, "Arn"] }` for a construct's resource. */
export function arnOf(stack: Stack, construct: IConstruct): unknown {
  return { 'Fn::GetAtt': [logicalId(stack, construct), 'Arn'] };
}

/**
 * Renders a string value that may be an `Fn::Join` as plain text, writing `{ Ref: X }` as `ref:X` and
 * `{ "Fn::GetAtt": [X, A] }` as `X.A`, so JSON built from tokens can be parsed and inspected.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    if ('Ref' in value) return `ref:${String(value.Ref)}`;
    if ('Fn::GetAtt' in value && Array.isArray(value['Fn::GetAtt'])) return value['Fn::GetAtt'].join('.');
    if ('Fn::Join' in value && Array.isArray(value['Fn::Join'])) {
      const [separator, parts] = value['Fn::Join'];
      if (typeof separator === 'string' && Array.isArray(parts)) return parts.map(flatten).join(separator);
    }
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

/**
 * The receiver function: the only function, or the one with the receiver's Powertools service name when the
 * stack has others (the subscription custom resource's).
 */
export function receiverFunction(template: Template): Resource {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
  if (functions.length === 1) return onlyResource(template, 'AWS::Lambda::Function');
  const receivers = functions.filter((fn) => {
    const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables;
    return variables?.POWERTOOLS_SERVICE_NAME === 'argyle-webhook-receiver';
  });
  const [receiver] = receivers;
  if (receivers.length !== 1 || receiver === undefined) {
    throw new Error(`expected exactly one receiver function, found ${receivers.length}`);
  }
  return receiver;
}

/** The receiver's environment variables, each flattened with {@link flatten}. */
export function receiverEnvironment(template: Template): Record<string, string> {
  const fn = receiverFunction(template);
  const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables;
  return Object.fromEntries(Object.entries(variables ?? {}).map(([key, value]) => [key, flatten(value)]));
}

/** Statements of the IAM policy attached to the role with logical id `roleId`. */
export function policyStatements(template: Template, roleId: string): Record<string, unknown>[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(
      (policy) =>
        (policy.Properties?.PolicyDocument as { Statement?: Record<string, unknown>[] } | undefined)
          ?.Statement ?? [],
    );
}
