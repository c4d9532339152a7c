import type { StackValidationPolicy } from "@pulumi/policy";
import { ofType, referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { LOAD_BALANCER } from "../lib/types";

const FIX = "Add an aws.wafv2.WebAclAssociation (resourceArn: loadBalancer.arn) with a regional web ACL.";

/**
 * FSBP ELB.16: Application Load Balancers are associated with a WAF web ACL (an
 * `aws.wafv2.WebAclAssociation` whose `resourceArn` references the load balancer). Advisory: WAF
 * costs and its rules are a judgement, and an ALB behind CloudFront may rely on the edge's web ACL.
 */
export const elbEnableWaf: StackValidationPolicy = {
  name: "elb-enable-waf",
  description: "Application Load Balancers are associated with an AWS WAF web ACL.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ELB.16"),
  validateStack: (args, report) => {
    for (const lb of ofType(args.resources, LOAD_BALANCER)) {
      const type = lb.props.loadBalancerType ?? "application";
      if (type !== "application") continue;
      if (
        referencing(args.resources, ["aws:wafv2/webAclAssociation:WebAclAssociation"], "resourceArn", lb, [
          "arn",
          "id",
        ]).length === 0
      ) {
        report(`Load balancer '${lb.name}' has no WAF web ACL. ${FIX}`, lb.urn);
      }
    }
  },
};
