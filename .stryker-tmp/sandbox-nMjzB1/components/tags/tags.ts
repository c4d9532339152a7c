/**
 * The standard tags every taggable resource carries, applied once through the aws Provider's
 * `defaultTags` (index.ts creates the providers). Pure: no Pulumi calls.
 */
// @ts-nocheck


/** Tag keys, in one place so policies and reports can refer to them. */
export const TAG_KEYS = {
  project: "Project",
  environment: "Environment",
  owner: "Owner",
  team: "Team",
  dataClassification: "DataClassification",
  compliance: "Compliance",
  managedBy: "ManagedBy",
} as const;

/** Value of the `ManagedBy` tag. */
export const MANAGED_BY = "pulumi/slipway";

/** Inputs of {@link standardTags}. */
export interface StandardTagsArgs {
  /** Project id (project-config `project_id`). @example "taskflow" */
  readonly project: string;
  /** Environment (stack) name. @example "production" */
  readonly environment: string;
  /** Owner (project-config `metadata.owner`). @example "platform" */
  readonly owner: string;
  /** Team (project-config `metadata.team`). @example "taskflow" */
  readonly team: string;
  /** Data classification (project-config `governance.data_classification`). */
  readonly dataClassification: "public" | "internal" | "confidential" | "restricted";
  /**
   * Compliance frameworks (project-config `governance.compliance_frameworks`); omitted when empty.
   * @default []
   * @example ["GDPR", "SOC2"]
   */
  readonly complianceFrameworks?: readonly string[];
}

/** Longest tag value AWS accepts. */
export const MAX_TAG_VALUE_LENGTH = 256;

/**
 * A value AWS accepts in a tag on every service: letters, digits, spaces and `_ . : / = + - @`, at most
 * 256 characters. Other characters become `-`.
 */
export function tagValue(value: string): string {
  const cleaned = value
    .normalize("NFC")
    .replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "-")
    .trim();
  return cleaned.slice(0, MAX_TAG_VALUE_LENGTH);
}

/**
 * The standard tags: project, environment, owner, team, data classification, compliance frameworks (when
 * any) and managed-by. Throws when a required value is empty, so a resource is never tagged with blanks.
 */
export function standardTags(args: StandardTagsArgs): Record<string, string> {
  const required: [keyof typeof TAG_KEYS, string][] = [
    ["project", args.project],
    ["environment", args.environment],
    ["owner", args.owner],
    ["team", args.team],
    ["dataClassification", args.dataClassification],
  ];
  const tags: Record<string, string> = {};
  for (const [k, v] of required) {
    const value = tagValue(v ?? "");
    if (value === "")
      throw new Error(`standardTags: args.${k} is empty; every resource needs a ${TAG_KEYS[k]} tag`);
    tags[TAG_KEYS[k]] = value;
  }
  const frameworks = (args.complianceFrameworks ?? []).map(tagValue).filter((f) => f !== "");
  if (frameworks.length) tags[TAG_KEYS.compliance] = tagValue(frameworks.join(" "));
  tags[TAG_KEYS.managedBy] = MANAGED_BY;
  return tags;
}
