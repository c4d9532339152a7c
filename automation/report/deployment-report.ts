/**
 * Pure builder of `deployment-report.json` from what actually happened: stack outputs, ECS service
 * health, migrations, smoke results, bake, CI variables, the QA baseline and the known issues of the
 * upstream reports. Nothing is invented: a fact that is not known is left out (the contract makes most
 * fields optional), e.g. costs when no cost estimator exists.
 */
import type { Colour, ServiceOutput, StackOutputs } from "../../outputs";
import { isTwoColourStrategy } from "../../lib/strategy";
import { infrastructureDifferences } from "../../release/platform";
import type { SmokeResult } from "../smoke";
import { aiComponentRows } from "./ai";
import type { DeploymentReport, EnvironmentOutcome, ReportContext } from "./types";

const ENVIRONMENT: Record<string, string> = {
  production: "production",
  staging: "staging",
  development: "dev",
};

/** The CLI invocation for this project, used in the rollback plan's commands. */
const CLI = "npm run";

export function buildDeploymentReport(o: EnvironmentOutcome, ctx: ReportContext): DeploymentReport {
  const out = o.outputs;
  const report: Record<string, unknown> = {
    deployment_summary: {
      environment: ENVIRONMENT[o.environment.type] ?? "dev",
      deployed_at: o.finishedAt.toISOString(),
      deployment_method: o.strategy,
      status: o.status,
      deployed_by: deployedBy(ctx.env),
      // A clock that jumped back never makes a negative duration.
      deployment_duration_seconds: Math.max(
        0,
        Math.round((o.finishedAt.getTime() - o.startedAt.getTime()) / 1000),
      ),
    },
    infrastructure: {
      cloud_provider: "AWS",
      ...(out ? { region: out.region } : {}),
      ...(o.inventory && o.inventory.rows.length > 0
        ? {
            resources_provisioned: [
              ...o.inventory.rows.map((r) => ({ ...r })),
              ...aiComponentRows(ctx.release.ai),
            ],
          }
        : out
          ? { resources_provisioned: [...resources(out, ctx), ...aiComponentRows(ctx.release.ai)] }
          : {}),
      infrastructure_as_code: {
        tool: "Pulumi",
        ...(ctx.env.GITHUB_REPOSITORY
          ? {
              repository: `${ctx.env.GITHUB_SERVER_URL ?? "https://github.com"}/${ctx.env.GITHUB_REPOSITORY}`,
            }
          : {}),
        ...(ctx.env.GITHUB_SHA ? { version: ctx.env.GITHUB_SHA } : {}),
      },
    },
    services_deployed: out ? servicesDeployed(o, out) : [],
    database_migrations: {
      executed: o.migrations.executed,
      migration_files: [...o.migrations.files],
      status: o.migrations.status,
      rollback_available: o.migrations.rollbackAvailable,
      backup_created: o.migrations.snapshotId !== undefined,
    },
    ci_cd_pipeline: ciPipeline(ctx.env),
    monitoring_setup: monitoring(out),
    security_measures: security(out),
    smoke_tests: {
      status:
        o.smoke.length === 0 ? "not_run" : o.smoke.every((s) => s.status === "passed") ? "passed" : "failed",
      tests_run: o.smoke.map((s) => ({
        test_name: s.name,
        status: s.status,
        details: `${s.details} (${s.attempts} attempt${s.attempts === 1 ? "" : "s"}, ${s.durationMs} ms)`,
      })),
    },
    performance_baseline: performance(ctx),
    rollback_plan: rollbackPlan(o),
    known_issues: knownIssues(o, ctx),
    next_steps: nextSteps(o, ctx),
  };
  return report as DeploymentReport;
}

function deployedBy(env: ReportContext["env"]): string {
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_ACTOR)
    return `slipway via GitHub Actions (${env.GITHUB_ACTOR})`;
  return "slipway";
}

function colourVersion(s: ServiceOutput, c: Colour): string | undefined {
  return s.versions[c];
}

/**
 * The smoke results that say how the services run now: after a rollback only the checks made after it
 * (against the version that serves traffic again), else the latest round (after the bake, else after the
 * rollout). Checks of the idle colour never count.
 */
export function currentChecks(o: EnvironmentOutcome): SmokeResult[] {
  const serving = o.smoke.filter((r) => r.phase !== "idle" && !r.name.includes(", idle"));
  if (o.rollback) return serving.filter((r) => r.phase === "after-rollback");
  const latest = serving.at(-1)?.phase;
  return serving.filter((r) => r.phase === latest);
}

function servicesDeployed(o: EnvironmentOutcome, out: StackOutputs): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const checks = currentChecks(o);
  for (const s of out.services) {
    const version = colourVersion(s, s.activeColour) ?? out.version;
    rows.push({
      service_name: s.name,
      version,
      ...(s.url ? { url: s.url } : {}),
      ...(s.healthCheckUrl ? { health_check_url: s.healthCheckUrl } : {}),
      status: serviceStatus(o, s, checks),
      replicas: s.desiredCount,
      resource_allocation: { cpu: `${s.cpu} CPU units (${s.cpu / 1024} vCPU)`, memory: `${s.memory} MiB` },
    });
  }
  if (out.frontend) {
    const smoke = checks.filter((r) => r.kind === "frontend");
    rows.push({
      service_name: out.frontend.name,
      version: out.version,
      url: out.frontend.url,
      status:
        smoke.length === 0 ? "degraded" : smoke.every((r) => r.status === "passed") ? "healthy" : "unhealthy",
    });
  }
  return rows;
}

/**
 * API services: from their current smoke checks (`currentChecks`) and ECS. Workers: from ECS (running vs
 * desired tasks). A service nothing could observe is `degraded`, never assumed healthy; so is one whose
 * rollback failed before anything checked it.
 */
function serviceStatus(o: EnvironmentOutcome, s: ServiceOutput, checks: readonly SmokeResult[]): string {
  const live = o.serviceHealth.filter((h) => h.service === s.name);
  const ecsDown = live.some((h) => h.running === 0 && h.desired > 0);
  const ecsShort = live.some((h) => h.running < h.desired);
  if (s.kind === "api") {
    const smoke = checks.filter((r) => r.kind !== "frontend" && r.name.includes(`(${s.name})`));
    if (smoke.length === 0)
      return live.length > 0 && !ecsShort && o.rollback?.succeeded !== false ? "healthy" : "degraded";
    if (smoke.some((r) => r.kind === "api-health" && r.status === "failed"))
      return ecsDown ? "down" : "unhealthy";
    if (smoke.some((r) => r.status === "failed") || ecsShort) return "degraded";
    return "healthy";
  }
  if (live.length === 0) return "degraded";
  return ecsDown ? "down" : ecsShort ? "degraded" : "healthy";
}

function resources(out: StackOutputs, ctx: ReportContext): Record<string, unknown>[] {
  const rows: { resource_type: string; name: string; details: string }[] = [];
  for (const s of out.services) {
    for (const [colour, name] of Object.entries(s.ecsServices)) {
      if (!name) continue;
      rows.push({
        resource_type: "aws:ecs/service:Service",
        name,
        details: `${s.kind} ${s.name} (${colour}, ${s.versions[colour as Colour] ?? "?"}) on Fargate in cluster ${s.clusterName}: ${s.desiredCount} x ${s.cpu} CPU / ${s.memory} MiB`,
      });
    }
  }
  if (out.database) {
    const d = out.database;
    rows.push({
      resource_type: "aws:rds/instance:Instance",
      name: d.instanceIdentifier,
      details: `PostgreSQL ${d.engineVersion}, ${d.multiAz ? "Multi-AZ" : "single-AZ"}, ${d.backupRetentionDays}-day backups, ${d.endpoint}:${d.port}`,
    });
  }
  if (out.frontend) {
    const bucketType =
      Object.keys(out.resourceSummary).find((t) => /^aws:s3\/bucket(V2)?:Bucket(V2)?$/.test(t)) ??
      "aws:s3/bucket:Bucket";
    rows.push({
      resource_type: bucketType,
      name: out.frontend.bucketName,
      details: `static assets of ${out.frontend.name}`,
    });
    rows.push({
      resource_type: "aws:cloudfront/distribution:Distribution",
      name: out.frontend.distributionId,
      details: `CDN for ${out.frontend.url}`,
    });
  }
  const listed = new Set(rows.map((r) => r.resource_type));
  for (const [type, count] of Object.entries(out.resourceSummary).sort(([a], [b]) => a.localeCompare(b))) {
    if (listed.has(type) || count <= 0) continue;
    rows.push({
      resource_type: type,
      name: `${count} x ${type.split(":").pop()}`,
      details: `${count} resource(s) of this type in stack ${out.environment}`,
    });
  }
  return rows.map((r) => {
    const cost = ctx.costs?.(r.resource_type, r.name);
    return cost === undefined ? r : { ...r, cost_estimate_monthly_usd: Math.round(cost * 100) / 100 };
  });
}

function ciPipeline(env: ReportContext["env"]): Record<string, unknown> {
  if (env.GITHUB_ACTIONS !== "true") return { tool: "slipway CLI (local run)" };
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  return {
    tool: "GitHub Actions",
    ...(env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? { pipeline_url: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` }
      : {}),
    ...(env.GITHUB_RUN_NUMBER
      ? {
          build_number: `${env.GITHUB_RUN_NUMBER}${env.GITHUB_RUN_ATTEMPT ? `.${env.GITHUB_RUN_ATTEMPT}` : ""}`,
        }
      : {}),
  };
}

function monitoring(out: StackOutputs | undefined): Record<string, unknown> {
  if (!out) return { metrics: { enabled: false }, logging: { enabled: false }, alerting: { enabled: false } };
  const channels = [...new Set(out.alarms.map((a) => a.channel))];
  return {
    metrics: {
      enabled: true,
      tool: "CloudWatch",
      metrics_tracked: [
        "ALB RequestCount",
        "ALB HTTPCode_Target_5XX_Count",
        "ALB TargetResponseTime p95",
        "ECS CPUUtilization",
        "ECS MemoryUtilization",
        ...(out.database ? ["RDS DatabaseConnections", "RDS FreeStorageSpace"] : []),
      ],
      ...(isUri(out.dashboardUrl) ? { dashboard_url: out.dashboardUrl } : {}),
    },
    logging: { enabled: true, tool: "CloudWatch Logs", log_retention_days: out.logRetentionDays },
    alerting: {
      enabled: out.alarms.length > 0,
      tool: `CloudWatch Alarms -> SNS${channels.length ? ` (${channels.join("; ")})` : ""}`,
      alerts_configured: out.alarms.map((a) => ({
        name: a.name,
        condition: a.condition,
        severity: a.severity,
        notification_channel: a.channel,
      })),
    },
  };
}

function security(out: StackOutputs | undefined): Record<string, unknown> {
  if (!out) return { ssl_enabled: false, secrets_management: "AWS Secrets Manager" };
  const sgs = out.services.some((s) => (s.networkConfiguration?.securityGroups.length ?? 0) > 0);
  const db = out.database;
  return {
    ssl_enabled: out.tls.enabled,
    ...(out.tls.enabled ? { ssl_certificate: { provider: "AWS Certificate Manager" } } : {}),
    secrets_management: "AWS Secrets Manager",
    firewall_configured: sgs,
    ...(db
      ? {
          backups_enabled: db.backupRetentionDays > 0,
          backup_frequency: `daily automated RDS snapshots, ${db.backupRetentionDays}-day retention`,
          disaster_recovery_plan: `${db.multiAz ? "Multi-AZ standby with automatic failover; " : ""}point-in-time restore of ${db.instanceIdentifier} within ${db.backupRetentionDays} days; infrastructure re-created from the Pulumi program`,
        }
      : {}),
  };
}

function performance(ctx: ReportContext): Record<string, unknown> {
  const b = ctx.release.qaBaseline;
  return {
    ...(b.p95Ms !== undefined ? { response_time_p95_ms: b.p95Ms } : {}),
    ...(b.requestsPerSecond !== undefined ? { requests_per_second: b.requestsPerSecond } : {}),
    ...(b.errorRatePercent !== undefined ? { error_rate_percentage: b.errorRatePercent } : {}),
  };
}

/** A concrete rollback plan: what to run, for this stack, strategy and versions. */
export function rollbackPlan(o: EnvironmentOutcome): string {
  const stack = o.stack;
  const parts: string[] = [];
  const api = o.outputs?.services.find((s) => s.kind === "api") ?? o.outputs?.services[0];
  if (o.rollback?.succeeded) {
    parts.push(`Already rolled back (${o.rollback.kind}) to ${o.rollback.toVersion}.`);
  } else if (o.rollback) {
    parts.push(
      `The rollback (${o.rollback.kind}) to ${o.rollback.toVersion} FAILED (${o.rollback.reason ?? "reason unknown"}): run the first step below by hand now.`,
    );
  }
  if (isTwoColourStrategy(o.strategy) && api) {
    const idle = api.activeColour === "blue" ? "green" : "blue";
    const idleVersion = api.versions[idle];
    if (idleVersion && idleVersion !== api.versions[api.activeColour]) {
      parts.push(
        `Immediate: \`${CLI} rollback -- --stack ${stack}\` switches all traffic back to the ${idle} colour, which still runs ${idleVersion} (no redeploy, seconds).`,
      );
    }
  }
  const previous = o.previousVersion && o.previousVersion !== o.version ? o.previousVersion : undefined;
  parts.push(
    previous
      ? `Fast: \`${CLI} rollback -- --stack ${stack} --to-version ${previous}\` redeploys ${previous} from the stack history (one pulumi up).`
      : `Fast: \`${CLI} rollback -- --stack ${stack} --to-version <version>\` redeploys an earlier version from the stack history (one pulumi up).`,
  );
  const db = o.outputs?.database;
  if (o.migrations.executed) {
    parts.push(
      `Database: migrations are forward-fixed (write a new migration); ${o.migrations.rollbackAvailable ? "rollback scripts exist for every applied migration" : "not every migration has a rollback script"}.`,
    );
  }
  if (o.migrations.snapshotId && db) {
    parts.push(
      `Last resort for data: restore the pre-migration snapshot with \`aws rds restore-db-instance-from-db-snapshot --db-instance-identifier ${db.instanceIdentifier}-restore --db-snapshot-identifier ${o.migrations.snapshotId}\` and point the stack at it (docs/runbooks/rollback.md, section 3).`,
    );
  }
  if (o.backupFile) {
    parts.push(
      `State: the stack state before this deployment is saved at ${o.backupFile} (\`pulumi stack import --stack ${stack} --file ${o.backupFile}\`, only if the state itself is damaged).`,
    );
  }
  return parts.join(" ");
}

function knownIssues(o: EnvironmentOutcome, ctx: ReportContext): Record<string, unknown>[] {
  const issues: Record<string, unknown>[] = ctx.release.knownIssues.map((k) => ({
    description: `${k.description} (from the ${k.source} report)`,
    severity: k.severity,
    ...(k.workaround ? { workaround: k.workaround } : {}),
  }));
  if (o.failure) {
    issues.unshift({
      description: `Deployment to ${o.stack} ${o.status === "rolled_back" ? "rolled back" : "failed"}: ${o.failure}`,
      severity: "critical",
    });
  }
  if (o.rollback && !o.rollback.succeeded) {
    issues.unshift({
      description: `Automatic rollback to ${o.rollback.toVersion} failed: ${o.rollback.reason ?? "unknown"}`,
      severity: "critical",
    });
  }
  for (const w of o.warnings) issues.push({ description: w, severity: "medium" });
  if (o.outputs)
    for (const d of infrastructureDifferences(
      ctx.release.infrastructureServices,
      Object.keys(o.outputs.resourceSummary),
    ))
      issues.push({
        description: `Architecture difference: ${d}`,
        severity: "low",
        workaround:
          "update the packet's technology_stack.infrastructure.services, or the release, so they agree",
      });
  return issues;
}

function nextSteps(o: EnvironmentOutcome, ctx: ReportContext): string[] {
  const steps: string[] = [];
  const production = ctx.release.environments.find((e) => e.type === "production");
  if (o.status === "success") {
    if (o.environment.type === "production") {
      const baked = Math.round((o.bake?.watchedMs ?? 0) / 60_000);
      if (baked < 60)
        steps.push(`Keep watching production alarms: the bake covered ${baked} min of the required 60 min`);
      if (isTwoColourStrategy(o.strategy)) {
        steps.push(
          `Scale down or recycle the idle colour once ${o.version} has proven itself (it is kept for instant rollback)`,
        );
      }
    } else if (production) {
      steps.push(
        `Deploy ${o.version} to ${production.name}: \`${CLI} deploy -- --stack ${production.name}\`${production.requiresApproval ? " (human approval is recorded in workflow-state.json)" : ""}`,
      );
    }
  } else if (o.locked) {
    steps.push(
      `Wait for the other update on ${o.stack} to finish, then re-run the deployment (never force-unlock a running update)`,
    );
  } else if (o.cancelled) {
    steps.push(
      `Check the state of ${o.stack} (\`pulumi stack --stack ${o.stack}\`), then re-run the deployment; re-running is safe`,
    );
  } else {
    if (o.rollback && !o.rollback.succeeded) {
      steps.push(
        `Roll back by hand now: the automatic rollback to ${o.rollback.toVersion} failed, so ${o.stack} may serve a broken or mixed version. Run \`${CLI} rollback -- --stack ${o.stack} --to-version ${o.rollback.toVersion}\` (docs/runbooks/rollback.md); if that fails too, restore the state backup named in the rollback plan`,
      );
    }
    steps.push(
      `Investigate the failure (${o.failure ?? "see known issues"}) and hand a fixed release back through QA`,
    );
    steps.push(`Re-run \`${CLI} deploy -- --stack ${o.stack}\` after the fix; the pipeline is idempotent`);
  }
  for (const k of ctx.release.knownIssues.filter((i) => i.severity === "high" || i.severity === "critical")) {
    steps.push(`Resolve known ${k.severity} issue: ${k.description}`);
  }
  return steps;
}

function isUri(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}
