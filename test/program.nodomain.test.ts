/**
 * The bundled example without a domain (a throwaway development stack): the site is served on its
 * CloudFront name, `/api/*` reaches the ALB over plain HTTP (the explicit loosening flags), no
 * certificate or us-east-1 provider exists, and the program says so.
 */
import type { StackOutputs } from "../outputs";
import { type ProgramRun, ofType, runProgram } from "./fixtures/program";

let run: ProgramRun;
let outputs: StackOutputs;
beforeAll(async () => {
  run = await runProgram({
    stack: "sandbox",
    useStackFile: false,
    config: { "aws:region": "us-west-2", "slipway:environmentType": "development" },
  });
  outputs = run.outputs as unknown as StackOutputs;
});

it("is a development stack with staging-sized defaults", () => {
  expect(outputs).toMatchObject({
    environment: "sandbox",
    environmentType: "development",
    region: "us-west-2",
  });
  expect(ofType(run, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
  expect(ofType(run, "aws:rds/instance:Instance")[0].inputs).toMatchObject({ multiAz: false });
});

it("serves the site on CloudFront's name and the API on the ALB's name over HTTP", () => {
  expect(outputs.tls).toEqual({ enabled: false });
  expect(outputs.frontend?.url).toMatch(/^https:\/\/d[a-z0-9]+\.cloudfront\.net$/);
  expect(outputs.services[0].url).toMatch(/^http:\/\/.*\.us-west-2\.elb\.amazonaws\.com$/);
  const dist = JSON.stringify(ofType(run, "aws:cloudfront/distribution:Distribution")[0].inputs);
  expect(dist).toContain("/api/*");
  expect(dist).toContain("http-only");
  expect(ofType(run, "aws:lb/listener:Listener").map((l) => l.inputs.protocol)).toEqual(["HTTP"]);
});

it("creates no certificate and no DNS record; us-east-1 only for CloudFront's alarms", () => {
  expect(ofType(run, "aws:acm/certificate:Certificate")).toHaveLength(0);
  expect(ofType(run, "aws:route53/record:Record")).toHaveLength(0);
  expect(ofType(run, "pulumi:providers:aws").map((p) => p.name)).toEqual(["aws", "aws-us-east-1"]);
  const east = run.registrations.filter((r) => (r.provider ?? "").includes("aws-us-east-1"));
  expect(
    east
      .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")
      .map((r) => r.inputs.metricQueries),
  ).toHaveLength(2);
  expect(east.every((r) => /cloudwatch\/metricAlarm|sns\/|kms\//.test(r.type))).toBe(true);
});

it("warns what is served and how to get HTTPS", () => {
  expect(run.warnings.join("\n")).toContain("set slipway:domain and slipway:hostedZoneId for HTTPS");
});
