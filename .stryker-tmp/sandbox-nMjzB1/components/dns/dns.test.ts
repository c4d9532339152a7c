// @ts-nocheck
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { inspect, value } from "../../test/harness/pulumi";
import { InputError } from "../../lib/errors";
import { AliasRecords, Dns, isWithinDomain, type AliasRecordsArgs, type DnsArgs } from "./dns";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

const { registered: one } = inspect(registrations);

const T = {
  cert: "aws:acm/certificate:Certificate",
  validation: "aws:acm/certificateValidation:CertificateValidation",
  record: "aws:route53/record:Record",
};
const ZONE = "Z0123456789ABCDEFGHIJ";
const useast1 = new aws.Provider("use1", { region: "us-east-1" });

describe("Dns: custom domain", () => {
  let dns: Dns;
  beforeAll(async () => {
    dns = new Dns("prd-dns", {
      domain: "taskflow.example.com",
      hostedZoneId: ZONE,
      siteAlternativeNames: ["www.taskflow.example.com"],
      cloudFrontProvider: useast1,
      tags: { team: "platform" },
    });
    await value(pulumi.all([dns.siteCertificateArn!, dns.apiCertificateArn!]));
  });

  test("mode and names", () => {
    expect(dns.mode).toBe("custom-domain");
    expect(dns.enabled).toBe(true);
    expect(dns.siteHostname).toBe("taskflow.example.com");
    expect(dns.apiHostname).toBe("api.taskflow.example.com");
    expect(dns.siteUrl).toBe("https://taskflow.example.com");
    expect(dns.apiUrl).toBe("https://api.taskflow.example.com");
    expect(dns.summary).toBe(
      "Custom domain: site on https://taskflow.example.com, https://www.taskflow.example.com (ACM certificate in " +
        "us-east-1 for CloudFront); API on https://api.taskflow.example.com (ACM certificate in the stack's region " +
        "for the ALB); certificates DNS-validated in Route 53.",
    );
  });

  test("site certificate: DNS-validated, in us-east-1 through the given provider, with the alternative names", async () => {
    const cert = await one(T.cert, "prd-dns-site-cert");
    expect(cert.inputs).toMatchObject({
      domainName: "taskflow.example.com",
      subjectAlternativeNames: ["www.taskflow.example.com"],
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      tags: { team: "platform", Name: "prd-dns-site-cert" },
    });
    expect(cert.provider).toMatch(/::use1::/);
    const validation = await one(T.validation, "prd-dns-site-cert-validation");
    expect(validation.provider).toMatch(/::use1::/);
    expect(validation.inputs.certificateArn).toBe(cert.outputs.arn);
    expect(validation.inputs.validationRecordFqdns).toEqual([
      "_abc.taskflow.example.com",
      "_abc.www.taskflow.example.com",
    ]);
    expect(await value(dns.siteCertificateArn!)).toBe(cert.outputs.arn);
  });

  test("validation records: one CNAME per name in the hosted zone, from ACM's validation options", async () => {
    const apex = await one(T.record, "prd-dns-site-validation-taskflow-example-com");
    expect(apex.inputs).toMatchObject({
      zoneId: ZONE,
      name: "_abc.taskflow.example.com.",
      type: "CNAME",
      records: ["_xyz.acm-validations.aws."],
      ttl: 300,
    });
    const www = await one(T.record, "prd-dns-site-validation-www-taskflow-example-com");
    expect(www.inputs.name).toBe("_abc.www.taskflow.example.com.");
  });

  test("API certificate in the stack's region (default provider), validated in the zone", async () => {
    const cert = await one(T.cert, "prd-dns-api-cert");
    expect(cert.inputs).toMatchObject({ domainName: "api.taskflow.example.com", validationMethod: "DNS" });
    expect(cert.inputs.subjectAlternativeNames).toBeUndefined();
    expect(cert.provider ?? "").not.toMatch(/::use1::/);
    const validation = await one(T.validation, "prd-dns-api-cert-validation");
    expect(validation.provider ?? "").not.toMatch(/::use1::/);
    expect(validation.inputs.validationRecordFqdns).toEqual(["_abc.api.taskflow.example.com"]);
    const record = await one(T.record, "prd-dns-api-validation-api-taskflow-example-com");
    expect(record.inputs).toMatchObject({ zoneId: ZONE, type: "CNAME" });
    expect(await value(dns.apiCertificateArn!)).toBe(cert.outputs.arn);
  });

  test("alias records: A + AAAA for every site name to CloudFront, A for the API to the ALB with health", async () => {
    const aliases = dns.createAliasRecords({
      site: { dnsName: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" },
      api: { dnsName: "prd-alb-1234567890.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2" },
    })!;
    expect(aliases).toBeInstanceOf(AliasRecords);
    expect(aliases.hostnames).toEqual([
      "taskflow.example.com",
      "www.taskflow.example.com",
      "api.taskflow.example.com",
    ]);
    expect(await value(aliases.fqdns)).toEqual([
      "taskflow.example.com",
      "taskflow.example.com",
      "www.taskflow.example.com",
      "www.taskflow.example.com",
      "api.taskflow.example.com",
    ]);
    const siteA = await one(T.record, "prd-dns-aliases-taskflow-example-com-a");
    expect(siteA.inputs).toMatchObject({
      zoneId: ZONE,
      name: "taskflow.example.com",
      type: "A",
      aliases: [
        { name: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false },
      ],
    });
    expect((await one(T.record, "prd-dns-aliases-www-taskflow-example-com-aaaa")).inputs.type).toBe("AAAA");
    const api = await one(T.record, "prd-dns-aliases-api-taskflow-example-com-a");
    expect(api.inputs.aliases).toEqual([
      {
        name: "prd-alb-1234567890.eu-west-1.elb.amazonaws.com",
        zoneId: "Z32O12XQLNTSW2",
        evaluateTargetHealth: true,
      },
    ]);
    expect(registrations.filter((r) => r.name === "prd-dns-aliases-api-taskflow-example-com-aaaa")).toEqual(
      [],
    );
  });

  test("alias records with a real load balancer's outputs (Inputs, resolved later); AAAA for a dual-stack ALB", async () => {
    const lb = new aws.lb.LoadBalancer("api-only-alb", { loadBalancerType: "application" });
    const apiOnly = new Dns("api-dns", {
      domain: "example.org",
      hostedZoneId: ZONE,
      site: false,
      apiHostname: "svc.example.org",
    });
    expect(apiOnly.siteCertificateArn).toBeUndefined();
    const aliases = apiOnly.createAliasRecords({
      api: { dnsName: lb.dnsName, zoneId: lb.zoneId },
      apiIpv6: true,
    })!;
    await value(aliases.fqdns);
    const aaaa = await one(T.record, "api-dns-aliases-svc-example-org-aaaa");
    expect(aaaa.inputs.aliases).toEqual([
      {
        name: "api-only-alb-1234567890.eu-west-1.elb.amazonaws.com",
        zoneId: "Z32O12XQLNTSW2",
        evaluateTargetHealth: true,
      },
    ]);
    expect(() =>
      apiOnly.createAliasRecords({ site: { dnsName: "d.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" } }),
    ).toThrow(/args.site false/);
    expect(() => apiOnly.createAliasRecords({})).toThrow(/neither site nor api/);
  });
});

describe("Dns: AWS-provided names mode (no domain)", () => {
  test("creates nothing, says so, and alias records are a no-op", async () => {
    const before = registrations.length;
    const dns = new Dns("nodomain-dns", {});
    await new Promise((r) => setTimeout(r, 50));
    expect(dns.mode).toBe("aws-provided-names");
    expect(dns.enabled).toBe(false);
    expect(dns.siteCertificateArn).toBeUndefined();
    expect(dns.apiCertificateArn).toBeUndefined();
    expect(dns.siteUrl).toBeUndefined();
    expect(dns.summary).toMatch(
      /^No custom domain: the site is served on its CloudFront \*\.cloudfront\.net name/,
    );
    expect(
      dns.createAliasRecords({ site: { dnsName: "d.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" } }),
    ).toBeUndefined();
    const created = registrations.slice(before).filter((r) => r.name.startsWith("nodomain-dns") && r.custom);
    expect(created).toEqual([]);
  });
});

describe("Dns: validation errors name the argument path", () => {
  test.each<[string, DnsArgs, string, RegExp]>([
    ["zone without domain", { hostedZoneId: ZONE }, "args.hostedZoneId", /args.domain is not/],
    ["api name without domain", { apiHostname: "api.example.com" }, "args.apiHostname", /args.domain is not/],
    [
      "provider without domain",
      { cloudFrontProvider: useast1 },
      "args.cloudFrontProvider",
      /args.domain is not/,
    ],
    [
      "bad domain",
      { domain: "https://example.com", hostedZoneId: ZONE },
      "args.domain",
      /not a lower-case DNS name/,
    ],
    [
      "trailing dot",
      { domain: "example.com.", hostedZoneId: ZONE },
      "args.domain",
      /not a lower-case DNS name/,
    ],
    [
      "no zone",
      { domain: "example.com", cloudFrontProvider: useast1 },
      "args.hostedZoneId",
      /required when args.domain/,
    ],
    [
      "bad zone",
      { domain: "example.com", hostedZoneId: "/hostedzone/Z1", cloudFrontProvider: useast1 },
      "args.hostedZoneId",
      /not a Route 53 hosted zone id/,
    ],
    ["no provider", { domain: "example.com", hostedZoneId: ZONE }, "args.cloudFrontProvider", /us-east-1/],
    [
      "nothing to certify",
      { domain: "example.com", hostedZoneId: ZONE, site: false, api: false },
      "args.site",
      /both false/,
    ],
    [
      "site outside",
      { domain: "example.com", hostedZoneId: ZONE, cloudFrontProvider: useast1, siteHostname: "example.net" },
      "args.siteHostname",
      /not within args.domain/,
    ],
    [
      "suffix trick",
      {
        domain: "example.com",
        hostedZoneId: ZONE,
        cloudFrontProvider: useast1,
        apiHostname: "api.badexample.com",
      },
      "args.apiHostname",
      /not within/,
    ],
    [
      "alt outside",
      {
        domain: "example.com",
        hostedZoneId: ZONE,
        cloudFrontProvider: useast1,
        siteAlternativeNames: ["www.other.com"],
      },
      "args.siteAlternativeNames[0]",
      /not within/,
    ],
    [
      "alt repeats",
      {
        domain: "example.com",
        hostedZoneId: ZONE,
        cloudFrontProvider: useast1,
        siteAlternativeNames: ["example.com"],
      },
      "args.siteAlternativeNames",
      /repeats a site name/,
    ],
    [
      "api is site",
      { domain: "example.com", hostedZoneId: ZONE, cloudFrontProvider: useast1, apiHostname: "example.com" },
      "args.apiHostname",
      /also a site name/,
    ],
    [
      "site name without site",
      { domain: "example.com", hostedZoneId: ZONE, site: false, siteHostname: "example.com" },
      "args.siteHostname",
      /args.site is false/,
    ],
    [
      "api name without api",
      {
        domain: "example.com",
        hostedZoneId: ZONE,
        cloudFrontProvider: useast1,
        api: false,
        apiHostname: "api.example.com",
      },
      "args.apiHostname",
      /args.api is false/,
    ],
  ])("%s", (_label, args, field, message) => {
    let error: unknown;
    try {
      new Dns("bad-dns", args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe('slipway:dns:Dns "bad-dns"');
    expect((error as InputError).field).toBe(field);
    expect((error as InputError).problem).toMatch(message);
  });

  const target = { dnsName: "d.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" };
  test.each<[string, AliasRecordsArgs, string, RegExp]>([
    [
      "no zone",
      { hostedZoneId: "", records: [{ hostname: "a.example.com", target }] },
      "args.hostedZoneId",
      /required/,
    ],
    ["no records", { hostedZoneId: ZONE, records: [] }, "args.records", /is empty/],
    [
      "bad host",
      { hostedZoneId: ZONE, records: [{ hostname: "A.example.com", target }] },
      "args.records[0].hostname",
      /not a lower-case/,
    ],
    [
      "duplicate",
      {
        hostedZoneId: ZONE,
        records: [
          { hostname: "a.example.com", target },
          { hostname: "a.example.com", target },
        ],
      },
      "args.records[1].hostname",
      /listed twice/,
    ],
    [
      "no target",
      { hostedZoneId: ZONE, records: [{ hostname: "a.example.com", target: {} as never }] },
      "args.records[0].target",
      /needs dnsName and zoneId/,
    ],
  ])("AliasRecords: %s", (_label, args, field, message) => {
    let error: unknown;
    try {
      new AliasRecords("bad-aliases", args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(field);
    expect((error as InputError).problem).toMatch(message);
  });
});

test("isWithinDomain", () => {
  expect(isWithinDomain("example.com", "example.com")).toBe(true);
  expect(isWithinDomain("a.b.example.com", "example.com")).toBe(true);
  expect(isWithinDomain("badexample.com", "example.com")).toBe(false);
});
