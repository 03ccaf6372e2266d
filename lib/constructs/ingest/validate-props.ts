/**
 * Checks of the ingest construct's props. Every check that the cdk.json configuration makes too is a problem
 * function of `lib/validation.ts`, so both reject the same input in the same words; what is left here is only
 * what cdk.json cannot express (queues given as constructs, tokens, `Duration`s).
 */
import { Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  burstLimitProblem,
  duplicateNameProblems,
  eventPatternProblem,
  ipOrCidrProblem,
  maxBodyBytesProblem,
  maxReceiveCountProblem,
  rateLimitProblem,
  retentionSecondsProblem,
  routeEventsProblem,
  routeNameProblem,
  routeSubscriptionsProblem,
  sourceIpAllowListProblem,
  subscriptionNameProblem,
  visibilityTimeoutSecondsProblem,
} from '../../validation.js';
import type { ArgyleQueueOptions, ResolvedIngestProps } from './props.js';

/** Throws one error listing every problem, one per line, each naming its field. */
export function fail(scope: Construct, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new Error(
    `invalid ArgyleWebhookIngest props at ${scope.node.path}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );
}

/** Every problem of the props, each as `field: problem`. */
export function validateIngestProps(resolved: ResolvedIngestProps): string[] {
  const { props, routes, maxBodyBytes, restrictSourceIps, allowedSourceIps, throttling } = resolved;
  const problems: string[] = [];
  const check = (field: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${field}: ${problem}`);
  };
  for (const [r, route] of routes.entries()) {
    const at = `routes[${r}]`;
    check(`${at}.name`, routeNameProblem(route.name));
    check(`${at}.events`, routeEventsProblem(route.events));
    for (const [e, pattern] of route.events.entries())
      check(`${at}.events[${e}]`, eventPatternProblem(pattern));
    if (route.subscriptions !== undefined)
      check(`${at}.subscriptions`, routeSubscriptionsProblem(route.subscriptions));
    for (const [i, name] of (route.subscriptions ?? []).entries()) {
      check(`${at}.subscriptions[${i}]`, subscriptionNameProblem(name));
    }
    if (route.queue) {
      if (route.fifo !== undefined && route.fifo !== route.queue.fifo) {
        check(
          `${at}.fifo`,
          `${route.fifo} disagrees with the given queue, which is ${route.queue.fifo ? 'FIFO' : 'standard'}; leave fifo out or set it to ${route.queue.fifo}`,
        );
      }
      const ignored = (['maxReceiveCount', 'visibilityTimeout', 'retentionPeriod'] as const).filter(
        (key) => route[key] !== undefined,
      );
      if (ignored.length > 0) {
        check(
          at,
          `${ignored.join(', ')} only apply to queues this construct creates, and the route brings its own queue; remove them or remove queue`,
        );
      }
    } else {
      problems.push(...queueOptionProblems(at, route));
    }
  }
  for (const { index, problem } of duplicateNameProblems(routes.map((route) => route.name))) {
    check(`routes[${index}].name`, problem);
  }
  if (props.catchAllQueue && props.catchAll) {
    check(
      'catchAll',
      'applies only to a catch-all queue this construct creates; give catchAll or catchAllQueue, not both',
    );
  }
  if (props.catchAllQueue?.fifo) {
    check('catchAllQueue', 'is a FIFO queue; the catch-all queue must be a standard queue');
  }
  problems.push(...queueOptionProblems('catchAll', props.catchAll ?? {}));
  if (!Token.isUnresolved(maxBodyBytes)) check('maxBodyBytes', maxBodyBytesProblem(maxBodyBytes));
  check(
    'allowedSourceIps',
    sourceIpAllowListProblem(restrictSourceIps, allowedSourceIps, {
      restrict: 'restrictSourceIps',
      allow: 'allowedSourceIps',
      defaultAllow: 'ARGYLE_SOURCE_IPS',
    }),
  );
  allowedSourceIps.forEach((ip, i) => {
    if (!Token.isUnresolved(ip)) check(`allowedSourceIps[${i}]`, ipOrCidrProblem(ip));
  });
  if (!Token.isUnresolved(throttling.rateLimit)) {
    check('throttling.rateLimit', rateLimitProblem(throttling.rateLimit));
  }
  if (!Token.isUnresolved(throttling.burstLimit)) {
    check('throttling.burstLimit', burstLimitProblem(throttling.burstLimit));
  }
  return problems;
}

function queueOptionProblems(at: string, options: ArgyleQueueOptions): string[] {
  const problems: string[] = [];
  const check = (field: string, problem: string | undefined, example = '') => {
    if (problem !== undefined) problems.push(`${at}.${field}: ${problem}${example}`);
  };
  const { maxReceiveCount, visibilityTimeout, retentionPeriod } = options;
  if (maxReceiveCount !== undefined && !Token.isUnresolved(maxReceiveCount)) {
    check('maxReceiveCount', maxReceiveCountProblem(maxReceiveCount));
  }
  if (visibilityTimeout && !visibilityTimeout.isUnresolved()) {
    check(
      'visibilityTimeout',
      visibilityTimeoutSecondsProblem(visibilityTimeout.toSeconds()),
      ', e.g. Duration.seconds(30)',
    );
  }
  if (retentionPeriod && !retentionPeriod.isUnresolved()) {
    check('retentionPeriod', retentionSecondsProblem(retentionPeriod.toSeconds()), ', e.g. Duration.days(4)');
  }
  return problems;
}
