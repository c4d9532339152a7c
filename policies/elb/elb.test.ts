import { checkTwins } from "../twins-check";
import { blamed, res, violationsOf } from "../testing";
import { elbConfigureDesyncMitigation } from "./elb-configure-desync-mitigation";
import { elbDropInvalidHeaders } from "./elb-drop-invalid-headers";
import { elbEnableAccessLogs } from "./elb-enable-access-logs";
import { elbEnableDeletionProtection } from "./elb-enable-deletion-protection";
import { elbRedirectHttpToHttps } from "./elb-redirect-http-to-https";
import { elbSpanMultipleAzs } from "./elb-span-multiple-azs";
import { elbUseRecommendedTlsPolicy } from "./elb-use-recommended-tls-policy";
import { elbUseSecureListeners } from "./elb-use-secure-listeners";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALB = "aws:alb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const ALB_LISTENER = "aws:alb/listener:Listener";
const SUBNET = "aws:ec2/subnet:Subnet";

const subnetA = res(SUBNET, "public-a", { availabilityZone: "eu-west-1a", cidrBlock: "10.0.0.0/24" });
const subnetB = res(SUBNET, "public-b", { availabilityZone: "eu-west-1b", cidrBlock: "10.0.1.0/24" });
const goodLb = {
  loadBalancerType: "application",
  subnets: ["public-a-id", "public-b-id"],
  dropInvalidHeaderFields: true,
  enableDeletionProtection: true,
  accessLogs: { enabled: true, bucket: "logs-id", prefix: "alb" },
};
const redirect = {
  port: 80,
  protocol: "HTTP",
  defaultActions: [
    { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
  ],
};
const https = {
  port: 443,
  protocol: "HTTPS",
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
  defaultActions: [
    { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
  ],
};
const forward = { port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] };

it("a secure ALB with a redirecting HTTP listener and an HTTPS listener passes every ELB policy", async () => {
  const all = [
    elbRedirectHttpToHttps,
    elbDropInvalidHeaders,
    elbEnableAccessLogs,
    elbEnableDeletionProtection,
    elbConfigureDesyncMitigation,
    elbSpanMultipleAzs,
    elbUseRecommendedTlsPolicy,
    elbUseSecureListeners,
  ];
  const resources = [
    subnetA,
    subnetB,
    res(LB, "alb", goodLb),
    res(LISTENER, "http", redirect),
    res(ALB_LISTENER, "https", https),
  ];
  expect(await violationsOf(all, resources, { environmentType: "production" })).toEqual([]);
});

describe("elb-redirect-http-to-https (ELB.1)", () => {
  it("fails for an HTTP listener that forwards (lb and alb tokens, protocol omitted)", async () => {
    expect(await violationsOf(elbRedirectHttpToHttps, [res(LISTENER, "l", forward)])).toHaveLength(1);
    expect(
      await violationsOf(elbRedirectHttpToHttps, [
        res(ALB_LISTENER, "l", { defaultActions: forward.defaultActions }),
      ]),
    ).toHaveLength(1);
    expect(await violationsOf(elbRedirectHttpToHttps, [res(LISTENER, "l", https)])).toEqual([]);
  });
});

describe("elb-drop-invalid-headers (ELB.4)", () => {
  it("fails for ALBs that keep invalid headers; NLBs are not checked", async () => {
    expect(
      await violationsOf(elbDropInvalidHeaders, [
        res(ALB, "a", { ...goodLb, dropInvalidHeaderFields: false }),
        res(LB, "b", {}),
      ]),
    ).toHaveLength(2);
    expect(
      await violationsOf(elbDropInvalidHeaders, [res(LB, "n", { loadBalancerType: "network" })]),
    ).toEqual([]);
  });
});

describe("elb-enable-access-logs (ELB.5)", () => {
  it("fails without logs, disabled logs, or no bucket", async () => {
    expect(
      await violationsOf(elbEnableAccessLogs, [res(LB, "a", { ...goodLb, accessLogs: undefined })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(elbEnableAccessLogs, [
        res(LB, "a", { ...goodLb, accessLogs: { enabled: false, bucket: "b" } }),
      ]),
    ).toHaveLength(1);
    expect(await violationsOf(elbEnableAccessLogs, [res(LB, "a", goodLb)])).toEqual([]);
  });

  it("covers Classic Load Balancers (aws.elb.LoadBalancer): logs default on once a bucket is set", async () => {
    const classic = "aws:elb/loadBalancer:LoadBalancer";
    const listeners = [{ instancePort: 80, instanceProtocol: "http", lbPort: 80, lbProtocol: "http" }];
    expect(await blamed(elbEnableAccessLogs, [res(classic, "c", { listeners })])).toHaveLength(1);
    expect(
      await violationsOf(elbEnableAccessLogs, [
        res(classic, "c", { listeners, accessLogs: { bucket: "logs-id", enabled: false } }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(elbEnableAccessLogs, [
        res(classic, "c", { listeners, accessLogs: { bucket: "logs-id", bucketPrefix: "elb" } }),
      ]),
    ).toEqual([]);
  });
});

describe("elb-enable-deletion-protection (ELB.6, environment-dependent)", () => {
  const lb = res(LB, "a", { ...goodLb, enableDeletionProtection: false });
  it("fails in production, passes in staging", async () => {
    expect(
      await violationsOf(elbEnableDeletionProtection, [lb], { environmentType: "production" }),
    ).toHaveLength(1);
    expect(await violationsOf(elbEnableDeletionProtection, [lb], { environmentType: "staging" })).toEqual([]);
  });
});

describe("elb-configure-desync-mitigation (ELB.12)", () => {
  it("fails for monitor mode only", async () => {
    expect(
      await violationsOf(elbConfigureDesyncMitigation, [res(LB, "a", { desyncMitigationMode: "monitor" })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(elbConfigureDesyncMitigation, [
        res(LB, "a", { desyncMitigationMode: "strictest" }),
        res(LB, "b", {}),
      ]),
    ).toEqual([]);
  });
});

describe("elb-span-multiple-azs (ELB.13)", () => {
  it("counts distinct zones of the stack's subnets", async () => {
    const sameZone = res(SUBNET, "public-c", { availabilityZone: "eu-west-1a" });
    const lb = res(LB, "a", { ...goodLb, subnets: ["public-a-id", "public-c-id"] });
    expect(await blamed(elbSpanMultipleAzs, [subnetA, sameZone, lb])).toEqual([lb.urn]);
    const mapped = res(LB, "m", {
      subnetMappings: [{ subnetId: "public-a-id" }, { subnetId: "public-b-id" }],
    });
    expect(await violationsOf(elbSpanMultipleAzs, [subnetA, subnetB, mapped])).toEqual([]);
  });
  it("fails with a single subnet, and honours the configured minimum", async () => {
    expect(
      await violationsOf(elbSpanMultipleAzs, [subnetA, res(LB, "a", { subnets: ["public-a-id"] })]),
    ).toHaveLength(1);
    const cfg = { config: { "elb-span-multiple-azs": { minimumAvailabilityZones: 3 } } };
    expect(
      await violationsOf(elbSpanMultipleAzs, [subnetA, subnetB, res(LB, "a", goodLb)], cfg),
    ).toHaveLength(1);
  });
});

describe("elb-use-recommended-tls-policy (ELB.17)", () => {
  it("fails for old or unset policies on HTTPS/TLS listeners, ignores HTTP", async () => {
    expect(
      await violationsOf(elbUseRecommendedTlsPolicy, [
        res(LISTENER, "l", { ...https, sslPolicy: "ELBSecurityPolicy-2016-08" }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(elbUseRecommendedTlsPolicy, [
        res(ALB_LISTENER, "l", { ...https, protocol: "TLS", sslPolicy: undefined }),
      ]),
    ).toHaveLength(1);
    expect(await violationsOf(elbUseRecommendedTlsPolicy, [res(LISTENER, "l", forward)])).toEqual([]);
  });
});

describe("elb-use-secure-listeners (ELB.18)", () => {
  it("fails for HTTP and TCP listeners that carry traffic; a redirect-only HTTP listener passes", async () => {
    expect(await violationsOf(elbUseSecureListeners, [res(LISTENER, "l", forward)])).toHaveLength(1);
    expect(
      await violationsOf(elbUseSecureListeners, [
        res(LISTENER, "t", { protocol: "TCP", port: 5432, defaultActions: [] }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(elbUseSecureListeners, [res(LISTENER, "r", redirect), res(LISTENER, "s", https)]),
    ).toEqual([]);
  });
});

describe("elb-enable-cross-zone (twins)", () => checkTwins("elb-enable-cross-zone"));
describe("elb-enable-target-health-checks (twins)", () => checkTwins("elb-enable-target-health-checks"));
