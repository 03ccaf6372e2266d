import { isIP } from 'node:net';
import { ArnFormat, Names, Stack, Token } from 'aws-cdk-lib';
import type { IStage } from 'aws-cdk-lib/aws-apigateway';
import { Metric, type MetricOptions, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnIPSet, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { WAF_DEFAULTS, WAF_RATE_LIMIT } from '../defaults.js';
import { integerRangeProblem, ipOrCidrProblem } from '../validation.js';

export { WAF_DEFAULTS, WAF_RATE_LIMIT };

export interface ArgyleWebhookWafProps {
  /** The API stage to protect. */
  readonly stage: IStage;
  /**
   * IP addresses or CIDR blocks allowed through; every other address is blocked. Give the same addresses as
   * the API's resource policy.
   *
   * @default - every address is allowed (only the rate-based rule blocks)
   */
  readonly allowedSourceIps?: readonly string[];
  /**
   * Requests one IP address may make within 5 minutes; beyond that, its requests are answered 429 until its
   * rate falls below the limit. Applies to allowed addresses too.
   *
   * @default 300000
   */
  readonly rateLimitPer5Minutes?: number;
}

/**
 * An AWS WAF web ACL on the API stage: a rate-based rule per source IP first, then, with `allowedSourceIps`, an
 * IP set rule that lets only those addresses through (every other request is blocked). It stops floods and
 * unknown callers before API Gateway, its throttling budget and the receiver see them. Every rule publishes
 * CloudWatch metrics and sampled requests.
 */
export class ArgyleWebhookWaf extends Construct {
  readonly webAcl: CfnWebACL;
  /** The web ACL's CloudWatch metric name (the `WebACL` dimension of `AWS/WAFV2`). */
  readonly metricName: string;

  constructor(scope: Construct, id: string, props: ArgyleWebhookWafProps) {
    super(scope, id);
    const rateLimit = props.rateLimitPer5Minutes ?? WAF_DEFAULTS.rateLimitPer5Minutes;
    validate(this, rateLimit, props.allowedSourceIps);
    this.metricName = Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    const visibility = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: name,
    });

    const rules: CfnWebACL.RuleProperty[] = [
      {
        name: 'RateLimitPerIp',
        priority: 0,
        statement: {
          rateBasedStatement: { limit: rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
        },
        action: { block: { customResponse: { responseCode: 429 } } },
        visibilityConfig: visibility(`${this.metricName}-RateLimitPerIp`),
      },
    ];
    const allowList = props.allowedSourceIps;
    if (allowList !== undefined) {
      const sets = (['IPV4', 'IPV6'] as const).flatMap((version) => {
        const addresses = allowList.filter(
          (ip) => isIP(ip.split('/')[0] ?? '') === (version === 'IPV4' ? 4 : 6),
        );
        if (addresses.length === 0) return [];
        const set = new CfnIPSet(this, `AllowedSourceIps${version === 'IPV4' ? 'V4' : 'V6'}`, {
          scope: 'REGIONAL',
          ipAddressVersion: version,
          addresses: addresses.map(asCidr),
          description: 'Addresses allowed to call the Argyle webhook',
        });
        return [{ ipSetReferenceStatement: { arn: set.attrArn } }];
      });
      const [only] = sets;
      rules.push({
        name: 'AllowedSourceIps',
        priority: 1,
        statement: sets.length === 1 && only ? only : { orStatement: { statements: sets } },
        action: { allow: {} },
        visibilityConfig: visibility(`${this.metricName}-AllowedSourceIps`),
      });
    }

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Protects the Argyle webhook endpoint',
      defaultAction: allowList === undefined ? { allow: {} } : { block: {} },
      rules,
      visibilityConfig: visibility(this.metricName),
    });
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: Stack.of(this).formatArn({
        arnFormat: ArnFormat.SLASH_RESOURCE_SLASH_RESOURCE_NAME,
        service: 'apigateway',
        account: '',
        resource: 'restapis',
        resourceName: `${props.stage.restApi.restApiId}/stages/${props.stage.stageName}`,
      }),
      webAclArn: this.webAcl.attrArn,
    });
  }

  /** A metric of the web ACL as a whole (`Rule` `ALL`), e.g. `BlockedRequests`, summed. */
  metric(metricName: string, options: MetricOptions = {}): Metric {
    return new Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap: { WebACL: this.metricName, Region: Stack.of(this).region, Rule: 'ALL' },
      statistic: Stats.SUM,
      ...options,
    });
  }
}

/** AWS WAF IP sets take CIDR blocks only: a bare address becomes /32 (IPv4) or /128 (IPv6). */
export function asCidr(ip: string): string {
  if (ip.includes('/')) return ip;
  return isIP(ip) === 6 ? `${ip}/128` : `${ip}/32`;
}

function validate(
  scope: Construct,
  rateLimit: number,
  allowedSourceIps: readonly string[] | undefined,
): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(rateLimit)) {
    const problem = integerRangeProblem(rateLimit, WAF_RATE_LIMIT.min, WAF_RATE_LIMIT.max, 'requests');
    if (problem !== undefined) problems.push(`rateLimitPer5Minutes: ${problem}`);
  }
  if (allowedSourceIps?.length === 0) {
    problems.push(
      'allowedSourceIps: [] would block every caller; list the allowed addresses, or leave it out',
    );
  }
  for (const [i, ip] of (allowedSourceIps ?? []).entries()) {
    if (Token.isUnresolved(ip)) {
      problems.push(
        `allowedSourceIps[${i}]: is only known at deploy time; AWS WAF IP sets need literal addresses`,
      );
      continue;
    }
    const problem =
      ipOrCidrProblem(ip) ??
      (/\/0$/.test(ip)
        ? `${JSON.stringify(ip)} is every address, which AWS WAF IP sets refuse; leave allowedSourceIps out to allow every address`
        : undefined);
    if (problem !== undefined) problems.push(`allowedSourceIps[${i}]: ${problem}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `invalid ArgyleWebhookWaf props at ${scope.node.path}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}
