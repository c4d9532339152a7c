// @ts-nocheck
import { buildEventRuleSpecs } from "./events";

describe("buildEventRuleSpecs", () => {
  test("deployment, scaling and backup rules for the clusters and the database", () => {
    const rules = buildEventRuleSpecs({
      clusterNames: ["b-cluster", "a-cluster", "b-cluster"],
      databaseIdentifier: "app-db",
    });
    expect(rules.map((r) => r.key)).toEqual([
      "deployment-completed",
      "service-scaled",
      "autoscaling-at-max",
      "backup-completed",
    ]);
    const [deploy, scaled, atMax, backup] = rules;
    expect(deploy.pattern).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Deployment State Change"],
      resources: [
        { wildcard: "arn:aws:ecs:*:*:service/a-cluster/*" },
        { wildcard: "arn:aws:ecs:*:*:service/b-cluster/*" },
      ],
      detail: { eventName: ["SERVICE_DEPLOYMENT_COMPLETED"] },
    });
    expect(scaled.pattern).toMatchObject({
      "detail-type": ["ECS Service Action"],
      detail: { eventName: ["SERVICE_DESIRED_COUNT_UPDATED"] },
    });
    expect(atMax.pattern).toEqual({
      source: ["aws.application-autoscaling"],
      "detail-type": ["Application Auto Scaling Scaling Activity State Change"],
      detail: {
        serviceNamespace: ["ecs"],
        resourceId: [{ prefix: "service/a-cluster/" }, { prefix: "service/b-cluster/" }],
      },
    });
    expect(backup.pattern).toEqual({
      source: ["aws.rds"],
      "detail-type": ["RDS DB Instance Event"],
      detail: { EventID: ["RDS-EVENT-0002"], SourceIdentifier: ["app-db"] },
    });
  });

  test("no services: only the backup rule; no database: no backup rule", () => {
    expect(buildEventRuleSpecs({ clusterNames: [], databaseIdentifier: "db" }).map((r) => r.key)).toEqual([
      "backup-completed",
    ]);
    expect(buildEventRuleSpecs({ clusterNames: ["c"] }).map((r) => r.key)).not.toContain("backup-completed");
    expect(buildEventRuleSpecs({ clusterNames: [] })).toEqual([]);
  });
});
