/**
 * The provider's naming, offline: for every resource the program registered, the physical name the AWS
 * provider would give it (explicit, `*Prefix` + Terraform's 26 characters, or its autoname
 * `<logical>-<7 random chars>`) checked against the type's rule in `lib/aws-names.ts`. A name AWS (or the
 * provider) would refuse is a violation: `pulumi up` would stop on it, so `plan` and `policy` fail on it.
 */
import { nameProblems, nameRule, physicalName, PREFIX_SUFFIX_LENGTH } from "../../lib/aws-names";
import type { CapturedResource } from "./types";

/** The pseudo-policy name under which naming violations are reported. */
export const NAME_CHECK = "aws-names-valid";

/** One name the provider or AWS would refuse. */
export interface NameViolation {
  readonly urn: string;
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** The name the provider would send to AWS. */
  readonly physicalName: string;
  readonly message: string;
}

/** Every name among `resources` that the provider or AWS would refuse, in resource order. */
export function nameViolations(resources: readonly CapturedResource[]): NameViolation[] {
  const out: NameViolation[] = [];
  for (const r of resources) {
    if (!r.custom) continue;
    const rule = nameRule(r.type);
    if (!rule) continue;
    const physical = physicalName(rule, r.name, r.inputs);
    if (physical.kind === "unknown") continue;
    const problems =
      physical.kind === "autoname-error" ? [physical.problem] : nameProblems(rule, physical.name);
    if (problems.length === 0) continue;
    const how =
      physical.kind === "explicit"
        ? `its ${rule.property}`
        : physical.kind === "prefix"
          ? `its ${rule.prefixProperty} plus the ${PREFIX_SUFFIX_LENGTH} characters Terraform appends`
          : `the provider's autoname (${r.name}-<7 random chars>)`;
    out.push({
      urn: r.urn,
      type: r.type,
      name: r.name,
      physicalName: physical.name,
      message:
        `${r.type} "${r.name}": ${how} "${physical.name}" ${problems.join("; ")} ` +
        `(limit ${rule.maxLength}: ${rule.source}). The provider would refuse it at \`pulumi up\`. ` +
        `Fix: give the resource an explicit ${rule.property} that fits (lib/aws-names.ts fitName/nameFix), ` +
        `or shorten the project id or component name it is made from`,
    });
  }
  return out;
}
