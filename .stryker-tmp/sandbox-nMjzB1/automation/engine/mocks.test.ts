// @ts-nocheck
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

describe("createMocks: computed values for certificates, records, keys, secrets and random values", () => {
  test("a certificate gets one DNS validation option per name, a record its fqdn", async () => {
    const cert = new aws.acm.Certificate("cert", {
      domainName: "example.com",
      subjectAlternativeNames: ["www.example.com"],
      validationMethod: "DNS",
    });
    const options = await value(cert.domainValidationOptions);
    expect(options.map((o) => [o.domainName, o.resourceRecordName])).toEqual([
      ["example.com", "_abc.example.com."],
      ["www.example.com", "_abc.www.example.com."],
    ]);
    const record = new aws.route53.Record("rec", { zoneId: "Z1", name: "_abc.example.com.", type: "CNAME" });
    expect(await value(record.fqdn)).toBe("_abc.example.com");
  });

  test("kms keys get a key id, prefixed secrets a name, random passwords a result of the asked length", async () => {
    const key = new aws.kms.Key("k", {});
    expect(await value(key.keyId)).toBe("k-id");
    const secret = new aws.secretsmanager.Secret("s", { namePrefix: "app/JWT-" });
    expect(await value(secret.name)).toMatch(/^app\/JWT-/);
    const random = await import("@pulumi/random");
    const pw = new random.RandomPassword("pw", { length: 40 });
    expect((await value(pw.result)).length).toBe(40);
  });
});

describe("createMocks: auto-names", () => {
  test("subnet groups, parameter groups and roles without a name get an auto-name", async () => {
    const group = new aws.rds.SubnetGroup("sng", { subnetIds: ["a", "b"] });
    expect(await value(group.name)).toBe("sng-1a2b3c4");
    const params = new aws.rds.ParameterGroup("pg", { family: "postgres16", namePrefix: "pg-" });
    expect(await value(params.name)).toBe("pg-1a2b3c4");
    const role = new aws.iam.Role("r", { name: "fixed", assumeRolePolicy: "{}" });
    expect(await value(role.name)).toBe("fixed");
  });
});
