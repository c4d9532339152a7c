/**
 * The pack directory as the Pulumi CLI runs it (`pulumi preview --policy-pack policies`): the nodejs
 * language host starts `@pulumi/pulumi/cmd/run-policy-pack` in the pack directory, which compiles
 * `index.ts` with ts-node (type-checked), constructs the PolicyPack and serves the analyzer over gRPC,
 * printing its port. This test does exactly that and talks to the analyzer as the engine does.
 */
// @ts-nocheck

import { type ChildProcess, spawn } from "node:child_process";
import { dirname } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzeResponse,
  AnalyzerInfo,
  AnalyzerResource,
  AnalyzerResourceOptions,
  AnalyzeStackRequest,
  ConfigureAnalyzerRequest,
  PolicyConfig,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { PACK_NAME, policies } from "./all";
import { evaluatePolicies, type HarnessResource } from "./harness";

const { Struct } = jest.requireActual("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(v: Record<string, unknown>): never };
};
const { Empty } = jest.requireActual("google-protobuf/google/protobuf/empty_pb") as {
  Empty: new () => never;
};

let child: ChildProcess | undefined;
let client: AnalyzerClient;
let stderr = "";

beforeAll(async () => {
  const runner = dirname(require.resolve("@pulumi/pulumi/cmd/run-policy-pack/index.js"));
  child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
    cwd: __dirname,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child!.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child!.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
  });
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 120_000);

afterAll(() => {
  client?.close();
  if (child?.pid !== undefined && child.exitCode === null) child.kill();
});

const call = <Req, Res>(
  method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
  req: Req,
) =>
  new Promise<Res>((resolve, reject) =>
    method.call(client, req, (err, res) => (err ? reject(err) : resolve(res))),
  );

const options = () => new AnalyzerResourceOptions().setProtect(false);
const urn = (type: string, name: string) => `urn:pulumi:production::slipway::${type}::${name}`;

function diagnostics(res: AnalyzeResponse) {
  return res.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    level: ["advisory", "mandatory", "disabled", "remediate"][d.getEnforcementlevel()],
    urn: d.getUrn(),
    message: d.getMessage(),
  }));
}

it("serves the slipway-baseline pack with every policy", async () => {
  const info = await call<never, AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
  expect(info.getName()).toBe(PACK_NAME);
  expect(info.getPoliciesList().map((p) => p.getName())).toEqual(policies.map((p) => p.name));
  const s3 = info.getPoliciesList().find((p) => p.getName() === "s3-block-public-access")!;
  expect(s3.getEnforcementlevel()).toBe(1); // mandatory
  expect(s3.getFramework()?.getSpecification()).toBe("S3.8");
});

it("analyzes a resource: a public RDS instance is a mandatory violation, with default config", async () => {
  const type = "aws:rds/instance:Instance";
  const req = new AnalyzeRequest()
    .setType(type)
    .setName("db")
    .setUrn(urn(type, "db"))
    .setOptions(options())
    .setProperties(Struct.fromJavaScript({ engine: "postgres", publiclyAccessible: true, multiAz: false }));
  const found = diagnostics(await call(client.analyze, req));
  expect(found).toContainEqual(
    expect.objectContaining({ policy: "rds-prohibit-public-access", level: "mandatory" }),
  );
  // No config sent: environment-dependent rules take the environment from the stack name (production).
  expect(found.map((d) => d.policy)).toContain("rds-enable-multi-az");
  const staging = req.clone().setUrn(`urn:pulumi:staging::slipway::${type}::db`);
  const inStaging = diagnostics(await call(client.analyze, staging)).map((d) => d.policy);
  expect(inStaging).toContain("rds-prohibit-public-access");
  expect(inStaging).not.toContain("rds-enable-multi-az");
});

it("analyzes the stack: stack policies blame the resource's URN; configure switches the environment", async () => {
  const type = "aws:s3/bucket:Bucket";
  const bucket = new AnalyzerResource()
    .setType(type)
    .setName("site")
    .setUrn(urn(type, "site"))
    .setOptions(options())
    .setProperties(Struct.fromJavaScript({ id: "site-id", bucket: "site-id" }));
  const found = diagnostics(
    await call(client.analyzeStack, new AnalyzeStackRequest().setResourcesList([bucket])),
  );
  expect(found).toContainEqual(
    expect.objectContaining({ policy: "s3-block-public-access", urn: urn(type, "site") }),
  );

  const configure = new ConfigureAnalyzerRequest();
  configure
    .getPolicyconfigMap()
    .set(
      "rds-enable-multi-az",
      new PolicyConfig()
        .setEnforcementlevel(1)
        .setProperties(Struct.fromJavaScript({ environmentType: "staging" })),
    );
  await call(client.configure, configure);
  const dbType = "aws:rds/instance:Instance";
  const req = new AnalyzeRequest()
    .setType(dbType)
    .setName("db")
    .setUrn(urn(dbType, "db"))
    .setOptions(options())
    .setProperties(Struct.fromJavaScript({ engine: "postgres", multiAz: false }));
  expect(diagnostics(await call(client.analyze, req)).map((d) => d.policy)).not.toContain(
    "rds-enable-multi-az",
  );
});

it("reports exactly what the in-process harness reports (parity on a mixed stack)", async () => {
  const r = (
    type: string,
    name: string,
    props: Record<string, unknown>,
    extra: Partial<HarnessResource> = {},
  ) => ({ type, name, urn: urn(type, name), props, ...extra }) as HarnessResource;
  const bucket = r("aws:s3/bucket:Bucket", "site", { bucket: "site-bucket", acl: "public-read" });
  const resources: HarnessResource[] = [
    bucket,
    r(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "site-pab",
      { bucket: "site-bucket", blockPublicAcls: true },
      { dependencies: [bucket.urn] },
    ),
    r("aws:rds/instance:Instance", "db", {
      engine: "postgres",
      username: "postgres",
      password: "x",
      storageEncrypted: true,
    }),
    r("aws:ec2/securityGroup:SecurityGroup", "sg", {
      ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    r("aws:lb/listener:Listener", "http", {
      protocol: "HTTP",
      port: 80,
      defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
    }),
    r("aws:cloudwatch/logGroup:LogGroup", "lg", {}),
    r("aws:sns/topic:Topic", "alerts", { kmsMasterKeyId: "alias/aws/sns" }),
  ];
  // Reset the configuration the previous test sent: no config, as a bare `pulumi preview --policy-pack`.
  await call(client.configure, new ConfigureAnalyzerRequest());

  const served: string[] = [];
  for (const res of resources) {
    const req = new AnalyzeRequest()
      .setType(res.type)
      .setName(res.name)
      .setUrn(res.urn)
      .setOptions(options())
      .setProperties(Struct.fromJavaScript(res.props));
    for (const d of diagnostics(await call(client.analyze, req)))
      served.push(`${d.level} ${d.policy} ${d.urn || res.urn}`);
  }
  const stackReq = new AnalyzeStackRequest().setResourcesList(
    resources.map((res) =>
      new AnalyzerResource()
        .setType(res.type)
        .setName(res.name)
        .setUrn(res.urn)
        .setOptions(options())
        .setDependenciesList([...(res.dependencies ?? [])])
        .setProperties(Struct.fromJavaScript(res.props)),
    ),
  );
  for (const d of diagnostics(await call(client.analyzeStack, stackReq)))
    served.push(`${d.level} ${d.policy} ${d.urn}`);

  const local = (
    await evaluatePolicies(policies, resources, { enforcementLevel: "mandatory" })
  ).violations.map((v) => `${v.enforcementLevel} ${v.policy} ${v.urn ?? ""}`);
  expect(served.length).toBeGreaterThan(8);
  expect([...served].sort()).toEqual([...local].sort());
});
