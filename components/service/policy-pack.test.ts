/**
 * The service platform and the static site against the project's CrossGuard pack (policies/all.ts),
 * evaluated in-process on the resources the components register under the mock runtime.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { asAnalyzed, settle as settleRegistrations } from "../../test/harness/pulumi";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

import { packConfigFor, policies } from "../../policies/all";
import { evaluatePolicies, type HarnessResource } from "../../policies/harness";
import { packFindings } from "../../policies/testing";
import { requireTags } from "../../policies/operations/require-tags";
import { StaticSite } from "../static-site";
import { WebAcl } from "../waf";
import { Cluster } from "./cluster";
import { Service } from "./service";

const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";

/** The standard tags, as the stack's provider carries them in `defaultTags` (components/tags). */
const STANDARD_TAGS = {
  Project: "taskflow",
  Environment: "production",
  Owner: "owner@example.com",
  Team: "platform",
  DataClassification: "internal",
  ManagedBy: "pulumi",
};
const STACK_PROVIDER = {
  type: "pulumi:providers:aws",
  name: "default",
  urn: "urn:pulumi:production::slipway::pulumi:providers:aws::default",
  props: { region: "eu-west-1", defaultTags: { tags: STANDARD_TAGS } },
};

const settle = () => settleRegistrations(registrations, 50);

/**
 * The registrations of one scenario (names prefixed `${p}-`) as the analyzer would see them, created
 * with the stack's provider (default tags) unless `withProvider` is false.
 */
function resourcesOf(p: string, withProvider = true): HarnessResource[] {
  return asAnalyzed(
    registrations.filter((r) => r.name.startsWith(`${p}-`)),
    withProvider ? STACK_PROVIDER : undefined,
  );
}

function assetsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-pack-"));
  fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html>");
  return dir;
}

function scenario(
  p: string,
  withDomain: boolean,
  deletionProtection: boolean,
  tags?: Record<string, string>,
): void {
  const cluster = new Cluster(`${p}-plat`, {
    vpcId: "vpc-1",
    publicSubnetIds: ["pub-a", "pub-b"],
    privateSubnetIds: ["app-a", "app-b"],
    ...(withDomain
      ? {
          certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/api",
          domainName: "api.example.com",
        }
      : { allowPlainHttp: true }),
    allowPublicIngress: true,
    deletionProtection,
    tags,
  });
  new Service(`${p}-api`, {
    platform: cluster,
    kind: "api",
    strategy: "blue_green",
    release: { version: "1.0.0", idleVersion: "1.1.0" },
    secrets: [{ name: "DATABASE_URL", valueFrom: SECRET }],
    tracing: { enabled: true },
    migration: { command: ["npm", "run", "migrate"] },
    tags,
  });
  new Service(`${p}-worker`, {
    platform: cluster,
    kind: "worker",
    strategy: "blue_green",
    release: { version: "1.0.0" },
    tags,
  });
  // Production-like scenarios put both public endpoints behind WAF, as the program does in production.
  const siteAcl = deletionProtection ? new WebAcl(`${p}-site-waf`, { scope: "CLOUDFRONT", tags }) : undefined;
  if (deletionProtection)
    new WebAcl(`${p}-api-waf`, { scope: "REGIONAL", associateWith: cluster.albArn, tags });
  new StaticSite(`${p}-web`, {
    assetsDir: assetsDir(),
    ...(siteAcl ? { webAclId: siteAcl.arn } : {}),
    ...(withDomain
      ? {
          aliases: ["app.example.com"],
          certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/site",
          apiOrigin: { domainName: "api.example.com" },
        }
      : { apiOrigin: { domainName: cluster.albDnsName, allowPlainHttp: true } }),
    tags,
  });
}

beforeAll(async () => {
  scenario("prod", true, true);
  scenario("stg", true, false);
  scenario("nodomain", false, false);
  scenario("tagged", true, true, STANDARD_TAGS);
  await settle();
});

/**
 * Hardening advisories the components accept (docs/policy-coverage.md says why each is advisory): log
 * groups and ECR repositories keep AWS-managed encryption, the site bucket SSE-S3, and the production
 * web ACLs send no request logs (a paid log stream the user opts into).
 */
const accepted = (stack: string, waf: boolean) =>
  [
    `cloudwatch-encrypt-log-groups ${stack}-api-logs`,
    `cloudwatch-encrypt-log-groups ${stack}-worker-logs`,
    `ecr-encrypt-with-kms ${stack}-api-repo`,
    `ecr-encrypt-with-kms ${stack}-worker-repo`,
    `s3-encrypt-with-kms ${stack}-web-bucket`,
    ...(waf
      ? [`wafv2-enable-logging ${stack}-api-waf-acl`, `wafv2-enable-logging ${stack}-site-waf-acl`]
      : []),
  ].sort();

test("production with a domain: no mandatory violation, only the accepted advisories", async () => {
  expect(resourcesOf("prod").length).toBeGreaterThan(60);
  const found = await packFindings(policies, resourcesOf("prod"), {
    config: packConfigFor("production"),
    environmentType: "production",
  });
  expect(found).toEqual({ mandatory: [], advisories: accepted("prod", true) });
});

test("staging with a domain and no deletion protection: no mandatory violation, only the accepted advisories", async () => {
  const found = await packFindings(policies, resourcesOf("stg"), {
    config: packConfigFor("staging"),
    environmentType: "staging",
  });
  expect(found).toEqual({ mandatory: [], advisories: accepted("stg", false) });
});

test("without a domain the explicit plain-HTTP mode is loud: the pack blocks exactly the plain-HTTP hops", async () => {
  const result = await evaluatePolicies(policies, resourcesOf("nodomain"), {
    config: packConfigFor("staging"),
    environmentType: "staging",
  });
  const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy);
  expect([...new Set(mandatory)].sort()).toEqual([
    "cloudfront-encrypt-origin-traffic",
    "elb-redirect-http-to-https",
    "elb-use-secure-listeners",
  ]);
});

test("args.tags reach every taggable resource (checked by require-tags without provider default tags)", async () => {
  const resources = resourcesOf("tagged", false);
  const result = await evaluatePolicies([requireTags], resources, {});
  expect(result.violations).toEqual([]);
  // And the check is live: the untagged production scenario without the provider fails it.
  const untagged = await evaluatePolicies([requireTags], resourcesOf("prod", false), {});
  expect(untagged.violations.length).toBeGreaterThan(10);
});
