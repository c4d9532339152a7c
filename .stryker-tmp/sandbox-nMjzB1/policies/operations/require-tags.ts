// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { operations } from "../lib/meta";
import { asRecord, parseJson } from "../lib/props";
import { TAGGABLE_TYPES } from "./taggable-types";

/** The standard tags (components/tags: Project, Environment, Owner, Team, DataClassification, ManagedBy). */
export const DEFAULT_REQUIRED_TAGS = [
  "Project",
  "Environment",
  "Owner",
  "Team",
  "DataClassification",
  "ManagedBy",
];

/**
 * Operations rule "required tags present": every taggable AWS resource carries the required tags,
 * from its own `tags` or its provider's `defaultTags` (how slipway applies them).
 */
export const requireTags: ResourceValidationPolicy = {
  name: "require-tags",
  description: "Taggable AWS resources carry the standard tags (own tags or provider default tags).",
  enforcementLevel: "mandatory",
  severity: "low",
  remediationSteps:
    "Create the resource with the stack's aws provider (whose defaultTags carry the standard tags) or set the missing tags.",
  ...operations(),
  configSchema: {
    properties: {
      requiredTags: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_REQUIRED_TAGS,
        description: "Tag keys every taggable resource must carry.",
      },
    },
  },
  validateResource: (args, report) => {
    if (!TAGGABLE_TYPES.has(args.type)) return;
    const { requiredTags } = configOf<{ requiredTags: string[] }>(args, requireTags);
    const own = asRecord(args.props.tags) ?? {};
    // Provider inputs arrive JSON-encoded (`defaultTags: "{\"tags\":{...}}"`), as Pulumi serialises provider config.
    const defaults = asRecord(asRecord(parseJson(args.provider?.props.defaultTags))?.tags) ?? {};
    const present = (k: string) => {
      const v = own[k] ?? defaults[k];
      return typeof v === "string" && v.length > 0;
    };
    const missing = requiredTags.filter((k) => !present(k));
    if (missing.length > 0) {
      report(
        `${args.type.split(":").pop()} '${args.name}' is missing tag(s) ${missing.join(", ")}. Create it with the ` +
          "stack's aws provider (defaultTags carry the standard tags) or set the missing tags.",
      );
    }
  },
};
