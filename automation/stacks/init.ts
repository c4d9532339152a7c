/**
 * `npm run init`'s library half: the user's stacks directory for a release (see `stack-files.ts`), built
 * from the release alone (environments from project-config.json, the Pulumi project name from its
 * `project_id`) plus what only the user knows (stack names, region, domain and hosted zone). Pure
 * planning (`planInit`) and an all-or-nothing write (`writeInit`). Library code: throws `InputError`.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { stringify } from "yaml";
import { InputError } from "../../lib/errors";
import { didYouMean } from "../../lib/suggest";
import { planEnvironment } from "../../release/env";
import type { EnvironmentType, Release } from "../../release/model";
import { PROJECT_ROOT } from "../engine/loader";
import { writeFileAtomic } from "../fs/atomic";
import { checkStackName, ENVIRONMENT_TYPES, PROJECT_NAME, projectNameFor, stacksDirOf } from "./stack-files";

/** A stack to create. */
export interface StackRequest {
  readonly name: string;
  readonly environmentType: EnvironmentType;
}

export interface InitOptions {
  /** The stacks to create. @default one per environment of project-config.json */
  readonly stacks?: readonly StackRequest[];
  /** AWS region of every stack. */
  readonly region: string;
  /** Apex domain; production gets it, every other stack `<stack>.<domain>`. Unset: `noDomain` must be true. */
  readonly domain?: string;
  /** Route 53 hosted zone id of `domain`. */
  readonly hostedZoneId?: string;
  /** Deliberately no domain (AWS-provided names over HTTP; see the README). */
  readonly noDomain?: boolean;
  /** Pulumi project name. @default the release's `project_id`, as a project name */
  readonly project?: string;
  /** Where slipway's program is (the stacks' `Pulumi.yaml` points at it). @default this checkout */
  readonly programDir?: string;
}

export interface InitFile {
  readonly path: string;
  readonly content: string;
}

export interface InitPlan {
  readonly dir: string;
  readonly project: string;
  readonly files: readonly InitFile[];
  /** Commands still needed (secrets), one per line, to run after the files are written. */
  readonly nextSteps: readonly string[];
}

/** `NAME=TYPE` of `--stack`, checked (bad input names the flag and echoes the value). */
export function parseStackRequest(value: string): StackRequest {
  const m = /^([^=]+)=(.*)$/.exec(value);
  const fix = `pass --stack NAME=TYPE with TYPE one of ${ENVIRONMENT_TYPES.join(", ")}, e.g. --stack qa-eu=staging`;
  if (!m) throw new InputError("--stack", "", `"${value}" has no environment type`, fix);
  const [, name, type] = m;
  checkStackName(name);
  if (!(ENVIRONMENT_TYPES as readonly string[]).includes(type))
    throw new InputError(
      "--stack",
      "",
      `"${value}": "${type}" is not an environment type${didYouMean(type, ENVIRONMENT_TYPES)}`,
      fix,
    );
  return { name, environmentType: type as EnvironmentType };
}

/** A DNS name (lower case labels of letters, digits and `-`, at least two labels). */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** A Route 53 hosted zone id (`Z` and upper-case letters/digits), optionally as `/hostedzone/<id>`. */
const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
/** An AWS region name. */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/** Check the domain choice: both domain and zone, or `noDomain`; never half of it. */
export function checkDomainChoice(o: Pick<InitOptions, "domain" | "hostedZoneId" | "noDomain">): void {
  const both = "pass --domain <apex domain> --hosted-zone-id <Route 53 zone id>, or --no-domain";
  if (o.noDomain && (o.domain !== undefined || o.hostedZoneId !== undefined))
    throw new InputError("--no-domain", "", "is given together with --domain/--hosted-zone-id", both);
  if (o.noDomain) return;
  if (o.domain === undefined && o.hostedZoneId === undefined)
    throw new InputError("--domain", "", "is not given (nor --no-domain)", both);
  if (o.domain === undefined)
    throw new InputError("--domain", "", `is missing (--hosted-zone-id is "${o.hostedZoneId}")`, both);
  if (o.hostedZoneId === undefined)
    throw new InputError("--hosted-zone-id", "", `is missing (--domain is "${o.domain}")`, both);
  if (!DOMAIN.test(o.domain))
    throw new InputError(
      "--domain",
      "",
      `"${o.domain}" is not a DNS name`,
      "pass the apex domain of your Route 53 zone in lower case, e.g. --domain app.example.com",
    );
  const zone = o.hostedZoneId.replace(/^\/hostedzone\//, "");
  if (!ZONE_ID.test(zone))
    throw new InputError(
      "--hosted-zone-id",
      "",
      `"${o.hostedZoneId}" is not a Route 53 hosted zone id`,
      "pass the zone's id as aws route53 list-hosted-zones-by-name shows it, e.g. Z0123456789ABCDEFGHIJ",
    );
}

/** Check a region name (bad input echoes it). */
export function checkRegion(region: string, source = "--region"): void {
  if (!REGION.test(region))
    throw new InputError(source, "", `"${region}" is not an AWS region name`, "pass e.g. --region eu-west-1");
}

/** The stacks' `Pulumi.yaml`: the project name and slipway's program, relative to the directory. */
export function projectFile(dir: string, project: string, programDir = PROJECT_ROOT): string {
  const main = relative(dir, programDir).split("\\").join("/") || ".";
  const tsx = `${main}/node_modules/tsx/dist/loader.mjs`;
  return [
    `# The Pulumi project of ${project}'s stacks, generated by \`npm run init\` of slipway. The project name`,
    "# comes from the release (project-config.json project_id), so two apps in one Pulumi organisation never",
    "# share a stack. The program is slipway's (main: the slipway checkout, relative to this directory).",
    "# Deploy with `npm run deploy` in slipway: a plain `pulumi up` here skips the gates, smoke tests and bake.",
    stringify({
      name: project,
      description: `slipway stacks of ${project}`,
      runtime: {
        name: "nodejs",
        options: { typescript: false, nodeargs: `--import ${tsx}`, packagemanager: "npm" },
      },
      main: `${main}/`,
    }).trimEnd(),
    "",
  ].join("\n");
}

/** The domain of a stack: production's first stack gets the apex, every other `<stack>.<apex>`. */
function domainOf(stack: StackRequest, apex: string, apexStack: string | undefined): string {
  return stack.name === apexStack ? apex : `${stack.name}.${apex}`;
}

/** One stack file. */
export function stackFile(stack: StackRequest, release: Release, o: InitOptions, domain?: string): string {
  const config: Record<string, unknown> = {
    "aws:region": o.region,
    "slipway:environmentType": stack.environmentType,
  };
  if (domain !== undefined && o.hostedZoneId !== undefined) {
    config["slipway:domain"] = domain;
    config["slipway:hostedZoneId"] = o.hostedZoneId.replace(/^\/hostedzone\//, "");
  }
  const header = [
    `# Stack ${stack.name} of ${release.projectName} (${stack.environmentType}), written by npm run init.`,
    "# Commit this file. Secrets never go here: set them with pulumi config set --secret (they are stored",
    "# encrypted by Pulumi). Every key: slipway's README, Configuration reference.",
  ];
  if (domain === undefined)
    header.push(
      "# No domain: the API is served over plain HTTP on the load balancer's AWS name and the site on its",
      "# CloudFront name; set slipway:domain and slipway:hostedZoneId to get HTTPS on your own names.",
    );
  return `${header.join("\n")}\n${stringify({ config }).trimEnd()}\n`;
}

/** Everything `init` would write, and the commands still needed (pure). */
export function planInit(release: Release, o: InitOptions): InitPlan {
  checkRegion(o.region);
  checkDomainChoice(o);
  const project = o.project ?? projectNameFor(release.projectId);
  if (!PROJECT_NAME.test(project))
    throw new InputError(
      "--project",
      "",
      `"${project}" is not a Pulumi project name`,
      "use letters, digits, '-', '_' and '.', e.g. --project taskflow",
    );
  const stacks =
    o.stacks && o.stacks.length > 0
      ? o.stacks
      : release.environments.map((e) => ({ name: e.name, environmentType: e.type }));
  const seen = new Set<string>();
  for (const s of stacks) {
    if (seen.has(s.name))
      throw new InputError("--stack", "", `"${s.name}" is given twice`, "name each stack once");
    seen.add(s.name);
  }
  const dir = stacksDirOf(release.root);
  const apexStack = stacks.find((s) => s.environmentType === "production")?.name;
  const files: InitFile[] = [
    { path: join(dir, "Pulumi.yaml"), content: projectFile(dir, project, o.programDir) },
  ];
  for (const s of stacks) {
    const domain = o.domain === undefined ? undefined : domainOf(s, o.domain, apexStack);
    files.push({ path: join(dir, `Pulumi.${s.name}.yaml`), content: stackFile(s, release, o, domain) });
  }

  const cli = `pulumi -C ${relative(process.cwd(), dir) || "."}`;
  const env = planEnvironment(release, []);
  // Required settings nothing fills (never generated) and report defaults that look secret.
  const toSet = [
    ...env.unfilled.map((u) => ({ name: u.name })),
    ...env.secrets.filter((s) => s.source === "report-default"),
  ];
  const steps: string[] = [];
  for (const s of stacks) {
    steps.push(
      `${cli} stack init ${s.name}    # once per stack, in your Pulumi organisation (org/${project}/${s.name})`,
    );
    for (const v of toSet)
      steps.push(
        `${cli} config set --secret --path 'slipway:secrets.${v.name}' --stack ${s.name}    # prompts for the value`,
      );
    if (s.environmentType === "production")
      steps.push(
        `${cli} config set --secret slipway:alertPagerDutyUrl --stack ${s.name}    # critical alarms page`,
      );
    steps.push(
      `${cli} config set --secret slipway:alertSlackWebhookUrl --stack ${s.name}    # or slipway:alertEmails`,
    );
  }
  return { dir, project, files, nextSteps: steps };
}

/**
 * Write the plan's files: nothing when any exists and `force` is not set (bad input naming them); else
 * every file to a temporary name first, then all renamed into place, so a failure leaves no half-set.
 */
export function writeInit(plan: InitPlan, force = false): void {
  const existing = plan.files.filter((f) => existsSync(f.path)).map((f) => f.path);
  if (existing.length > 0 && !force)
    throw new InputError(
      existing[0],
      "",
      `already exists${existing.length > 1 ? ` (and ${existing.length - 1} more: ${existing.slice(1).join(", ")})` : ""}; nothing was written`,
      "keep your files (edit them, or add a stack with --stack NAME=TYPE into another --artifacts), or pass --force to overwrite",
    );
  const staged: { tmp: string; path: string }[] = [];
  try {
    for (const f of plan.files) {
      const tmp = `${f.path}.init-${process.pid}.tmp`;
      writeFileAtomic(tmp, f.content);
      staged.push({ tmp, path: f.path });
    }
  } catch (err) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw err;
  }
  for (const s of staged) renameSync(s.tmp, resolve(s.path));
}
