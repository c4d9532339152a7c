/**
 * Informational events (role document: deployment completed, scaling event occurred, backup
 * completed) as EventBridge rules that publish to the info topic. Pure: builds the event patterns
 * from resolved cluster names and the database identifier.
 */
// @ts-nocheck


/** One EventBridge rule: a stable key, what it reports, and its event pattern. */
export interface EventRuleSpec {
  /** Stable short role, used in the rule and resource names. */
  readonly key: string;
  /** Human-readable description (also the `condition` in the alarm list). */
  readonly description: string;
  /** The EventBridge event pattern. */
  readonly pattern: Record<string, unknown>;
}

export interface EventRuleInput {
  /** Distinct ECS cluster names of the services (deployment and scaling events). */
  readonly clusterNames: readonly string[];
  /** RDS instance identifier (backup events); omitted when there is no database. */
  readonly databaseIdentifier?: string;
}

/** `arn:aws:ecs:<region>:<account>:service/<cluster>/<service>` for any service of the clusters. */
function serviceArnPatterns(clusterNames: readonly string[]): { wildcard: string }[] {
  return clusterNames.map((c) => ({ wildcard: `arn:aws:ecs:*:*:service/${c}/*` }));
}

/** Keys of the rules `buildEventRuleSpecs` can return, for naming and tests. */
export const EVENT_RULE_KEYS = [
  "deployment-completed",
  "service-scaled",
  "autoscaling-at-max",
  "backup-completed",
];

/**
 * Rules for: ECS deployment completed (`ECS Deployment State Change` SERVICE_DEPLOYMENT_COMPLETED),
 * scaling (`ECS Service Action` SERVICE_DESIRED_COUNT_UPDATED, and Application Auto Scaling
 * "scaled to max" events for the clusters' services), RDS backup completed (RDS-EVENT-0002).
 */
export function buildEventRuleSpecs(input: EventRuleInput): EventRuleSpec[] {
  const clusters = [...new Set(input.clusterNames)].sort();
  const rules: EventRuleSpec[] = [];
  if (clusters.length > 0) {
    rules.push(
      {
        key: "deployment-completed",
        description: "ECS deployment completed (SERVICE_DEPLOYMENT_COMPLETED)",
        pattern: {
          source: ["aws.ecs"],
          "detail-type": ["ECS Deployment State Change"],
          resources: serviceArnPatterns(clusters),
          detail: { eventName: ["SERVICE_DEPLOYMENT_COMPLETED"] },
        },
      },
      {
        key: "service-scaled",
        description: "ECS service desired count changed by the scheduler (SERVICE_DESIRED_COUNT_UPDATED)",
        pattern: {
          source: ["aws.ecs"],
          "detail-type": ["ECS Service Action"],
          resources: serviceArnPatterns(clusters),
          detail: { eventName: ["SERVICE_DESIRED_COUNT_UPDATED"] },
        },
      },
      {
        key: "autoscaling-at-max",
        description: "Application Auto Scaling scaled an ECS service to its maximum capacity",
        pattern: {
          source: ["aws.application-autoscaling"],
          "detail-type": ["Application Auto Scaling Scaling Activity State Change"],
          detail: {
            serviceNamespace: ["ecs"],
            resourceId: clusters.map((c) => ({ prefix: `service/${c}/` })),
          },
        },
      },
    );
  }
  if (input.databaseIdentifier !== undefined) {
    rules.push({
      key: "backup-completed",
      description: "RDS backup completed (RDS-EVENT-0002)",
      pattern: {
        source: ["aws.rds"],
        "detail-type": ["RDS DB Instance Event"],
        detail: { EventID: ["RDS-EVENT-0002"], SourceIdentifier: [input.databaseIdentifier] },
      },
    });
  }
  return rules;
}
