import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "./mocks";

const { mocks, registrations } = createMocks({ region: "eu-central-1" });
pulumi.runtime.setMocks(mocks, "slipway", "staging", false);

import * as aws from "@pulumi/aws";

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

describe("createMocks", () => {
  test("load balancer gets a DNS name in the stack's region and an ARN in the fixed account", async () => {
    const lb = new aws.lb.LoadBalancer("alb", { loadBalancerType: "application" });
    expect(await value(lb.dnsName)).toBe("alb-1234567890.eu-central-1.elb.amazonaws.com");
    expect(await value(lb.arn)).toBe(
      "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/alb/50dc6c495c0c9188",
    );
    expect(registrations.map((r) => r.type)).toContain("aws:lb/loadBalancer:LoadBalancer");
  });

  test("availability zones come from the configured region", async () => {
    const azs = await aws.getAvailabilityZones({ state: "available" });
    expect(azs.names).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
  });
});
