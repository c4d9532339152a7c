// @ts-nocheck
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { ofType } from "../lib/join";
import { fsbp } from "../lib/meta";
import { asArray, asRecord, safe } from "../lib/props";
import { isOneOf, LOAD_BALANCER, SUBNET } from "../lib/types";

const FIX =
  "Attach the load balancer to subnets in at least two Availability Zones (subnets or subnetMappings).";

/**
 * FSBP ELB.13: load balancers span at least `minimumAvailabilityZones` zones. Subnets are joined to
 * the stack's `aws.ec2.Subnet` resources to count distinct zones; a subnet that is not in the stack
 * counts as its own zone.
 */
export const elbSpanMultipleAzs: StackValidationPolicy = {
  name: "elb-span-multiple-azs",
  description: "Load balancers span multiple Availability Zones.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ELB.13"),
  configSchema: {
    properties: {
      minimumAvailabilityZones: {
        type: "integer",
        minimum: 2,
        maximum: 6,
        default: 2,
        description: "Minimum number of zones.",
      },
    },
  },
  validateStack: (args, report) => {
    const { minimumAvailabilityZones } = configOf<{ minimumAvailabilityZones: number }>(
      args,
      elbSpanMultipleAzs,
    );
    const subnets = ofType(args.resources, SUBNET);
    for (const lb of ofType(args.resources, LOAD_BALANCER)) {
      const ids = [
        ...asArray(safe(() => lb.props.subnets)),
        ...asArray(safe(() => lb.props.subnetMappings)).map((m) => asRecord(m)?.subnetId),
      ];
      const zones = new Set<string>();
      ids.forEach((id, i) => {
        const subnet = subnets.find(
          (s) => typeof id === "string" && ["id", "arn"].some((k) => safe(() => s.props[k]) === id),
        );
        const az = subnet
          ? safe(() => subnet.props.availabilityZone ?? subnet.props.availabilityZoneId)
          : undefined;
        zones.add(typeof az === "string" ? az : `subnet:${typeof id === "string" ? id : i}`);
      });
      if (ids.length === 0) {
        // Subnets given only through dependencies (unknown during preview): count the subnets it depends on.
        const deps = (lb.propertyDependencies.subnets ?? []).filter((d: PolicyResource) =>
          isOneOf(d.type, SUBNET),
        );
        deps.forEach((s) => {
          const az = safe(() => s.props.availabilityZone);
          zones.add(typeof az === "string" ? az : s.urn);
        });
      }
      if (zones.size < minimumAvailabilityZones) {
        report(
          `Load balancer '${lb.name}' spans ${zones.size} Availability Zone(s) (minimum ${minimumAvailabilityZones}). ${FIX}`,
          lb.urn,
        );
      }
    }
  },
};
