/** A tiny CrossGuard pack for the runner's tests: a resource policy, an environment-dependent one, a stack policy. */
// @ts-nocheck

import * as aws from "@pulumi/aws";
import { PolicyPack, validateResourceOfType } from "@pulumi/policy";

new PolicyPack("tiny-pack", {
  enforcementLevel: "mandatory",
  policies: [
    {
      name: "cloudwatch-log-retention-minimum",
      description: "Log groups keep logs at least the configured number of days.",
      configSchema: { properties: { minimumDays: { type: "number", default: 14 } } },
      validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, report) => {
        const { minimumDays } = args.getConfig<{ minimumDays: number }>();
        if ((group.retentionInDays ?? 0) < minimumDays) {
          report(
            `Retention is ${group.retentionInDays ?? "unset"} days; set retentionInDays to at least ${minimumDays}.`,
          );
        }
      }),
    },
    {
      name: "lb-internal-outside-production",
      description: "Load balancers are internal outside production.",
      enforcementLevel: "advisory",
      configSchema: { properties: { environmentType: { type: "string", default: "production" } } },
      validateResource: validateResourceOfType(aws.lb.LoadBalancer, (lb, args, report) => {
        const { environmentType } = args.getConfig<{ environmentType: string }>();
        if (environmentType !== "production" && lb.internal !== true) {
          report(`A ${environmentType} load balancer is internet-facing; set internal: true.`);
        }
      }),
    },
    {
      name: "secret-has-rotation",
      description: "Every secret has a rotation schedule.",
      validateStack: (args, report) => {
        const rotated = new Set(
          args.resources
            .filter((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation")
            .map((r) => r.props.secretId as string),
        );
        for (const s of args.resources.filter((r) => r.type === "aws:secretsmanager/secret:Secret")) {
          if (!rotated.has(s.props.id as string)) {
            report(`Secret ${s.name} has no rotation; add an aws.secretsmanager.SecretRotation.`, s.urn);
          }
        }
        if (args.resources.length > 100) report("Too many resources in one stack.");
      },
    },
  ],
});
