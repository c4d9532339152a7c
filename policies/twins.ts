/**
 * Secure and insecure twins for the peer-baseline policies: for each policy, programs (lists of
 * resources as the analyzer sees them) that a peer tool passes and ones it fails. The service tests
 * check each policy against its twins (`checkTwins`), and `twins.test.ts` checks the whole pack: silent
 * on every secure twin, each insecure twin caught by its policy at the policy's level.
 */
import { webAclRules } from "../components/waf/waf";
import type { HarnessResource } from "./harness";
import { res } from "./testing";

export interface Twin {
  readonly policy: string;
  /** Programs the policy (and the whole pack) must pass. */
  readonly secure: readonly (readonly HarnessResource[])[];
  /** Programs the policy must fail, each blaming at least one of its resources. */
  readonly insecure: readonly (readonly HarnessResource[])[];
}

const T = {
  bucket: "aws:s3/bucket:Bucket",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  secret: "aws:secretsmanager/secret:Secret",
  secretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
  repo: "aws:ecr/repository:Repository",
  repoPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  key: "aws:kms/key:Key",
  defaultVpc: "aws:ec2/defaultVpc:DefaultVpc",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  nacl: "aws:ec2/networkAcl:NetworkAcl",
  naclRule: "aws:ec2/networkAclRule:NetworkAclRule",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  tg: "aws:lb/targetGroup:TargetGroup",
  cluster: "aws:ecs/cluster:Cluster",
  taskDef: "aws:ecs/taskDefinition:TaskDefinition",
  role: "aws:iam/role:Role",
  policy: "aws:iam/policy:Policy",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  userAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  roleAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  passwordPolicy: "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
  fn: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  fnUrl: "aws:lambda/functionUrl:FunctionUrl",
  paramGroup: "aws:rds/parameterGroup:ParameterGroup",
  db: "aws:rds/instance:Instance",
  rdsCluster: "aws:rds/cluster:Cluster",
  snapshot: "aws:rds/snapshot:Snapshot",
  stage: "aws:apigateway/stage:Stage",
  stageV2: "aws:apigatewayv2/stage:Stage",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  methodSettings: "aws:apigateway/methodSettings:MethodSettings",
  method: "aws:apigateway/method:Method",
  route: "aws:apigatewayv2/route:Route",
  domain: "aws:apigateway/domainName:DomainName",
  vault: "aws:backup/vault:Vault",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  topic: "aws:sns/topic:Topic",
  cache: "aws:elasticache/replicationGroup:ReplicationGroup",
  cacheCluster: "aws:elasticache/cluster:Cluster",
} as const;

const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ACCOUNT = "111122223333";
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const TLS_ONLY = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "*",
  Resource: "*",
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

/** A bucket the whole pack passes, with what `extra` adds or overrides. */
function bucket(name: string, extra: Record<string, unknown> = {}): HarnessResource[] {
  const b = res(T.bucket, name, { bucket: `${name}-bucket`, ...extra });
  const ref = { bucket: b.id };
  return [
    b,
    res(T.versioning, `${name}-versioning`, { ...ref, versioningConfiguration: { status: "Enabled" } }),
    res(T.sse, `${name}-sse`, {
      ...ref,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
          bucketKeyEnabled: true,
        },
      ],
    }),
    res(T.lifecycle, `${name}-lifecycle`, {
      ...ref,
      rules: [{ id: "abort", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
    }),
    res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-pab`, {
      ...ref,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    res("aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`, {
      ...ref,
      policy: doc({
        ...TLS_ONLY,
        Resource: [`arn:aws:s3:::${name}-bucket`, `arn:aws:s3:::${name}-bucket/*`],
      }),
    }),
    res("aws:s3/bucketLogging:BucketLogging", `${name}-logging`, { ...ref, targetBucket: "logs-bucket" }),
  ];
}

const FN = {
  runtime: "nodejs22.x",
  description: "resizes uploaded images",
  role: "arn:aws:iam::111122223333:role/fn",
  tracingConfig: { mode: "Active" },
  deadLetterConfig: { targetArn: "arn:aws:sqs:eu-west-1:111122223333:dlq" },
  reservedConcurrentExecutions: 10,
  vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] },
  kmsKeyArn: KEY_ARN,
  codeSigningConfigArn: "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-1",
  environment: { variables: { LOG_LEVEL: "info" } },
};
const fn = (extra: Record<string, unknown> = {}) => [res(T.fn, "fn", { ...FN, ...extra })];

const ASSUME_ECS = doc({
  Effect: "Allow",
  Principal: { Service: "ecs-tasks.amazonaws.com" },
  Action: "sts:AssumeRole",
  Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
});
const GITHUB = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const github = (sub: unknown) =>
  doc({
    Effect: "Allow",
    Principal: { Federated: GITHUB },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: { "token.actions.githubusercontent.com:sub": sub },
    },
  });
const role = (assumeRolePolicy: string, extra: Record<string, unknown> = {}) => [
  res(T.role, "app", { assumeRolePolicy, ...extra }),
];
const identity = (...statements: Record<string, unknown>[]) => [
  res(T.policy, "app-policy", { policy: doc(...statements) }),
];

const STRONG_PASSWORDS = {
  minimumPasswordLength: 14,
  requireLowercaseCharacters: true,
  requireUppercaseCharacters: true,
  requireNumbers: true,
  requireSymbols: true,
  passwordReusePrevention: 24,
  maxPasswordAge: 90,
};

const container = (extra: Record<string, unknown> = {}) => ({
  name: "app",
  image: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:abc",
  essential: true,
  readonlyRootFilesystem: true,
  privileged: false,
  user: "1000",
  logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "app" } },
  ...extra,
});
const taskDef = (extra: Record<string, unknown> = {}, c: Record<string, unknown> = {}) => [
  res(T.taskDef, "app", {
    family: "app",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    executionRoleArn: "arn:aws:iam::111122223333:role/exec",
    taskRoleArn: "arn:aws:iam::111122223333:role/task",
    containerDefinitions: JSON.stringify([container(c)]),
    ...extra,
  }),
];

const DB = {
  engine: "postgres",
  username: "app_admin",
  manageMasterUserPassword: true,
  publiclyAccessible: false,
  multiAz: true,
  monitoringInterval: 60,
  monitoringRoleArn: "arn:aws:iam::111122223333:role/rds-monitoring",
  deletionProtection: true,
  enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
  iamDatabaseAuthenticationEnabled: true,
  backupRetentionPeriod: 7,
  copyTagsToSnapshot: true,
  engineVersion: "16.4",
  instanceClass: "db.t4g.small",
  storageEncrypted: true,
  kmsKeyId: KEY_ARN,
  caCertIdentifier: "rds-ca-rsa2048-g1",
  performanceInsightsEnabled: true,
  performanceInsightsKmsKeyId: KEY_ARN,
};

const AURORA = {
  engine: "aurora-mysql",
  masterUsername: "app_admin",
  manageMasterUserPassword: true,
  storageEncrypted: true,
  kmsKeyId: KEY_ARN,
  deletionProtection: true,
  enabledCloudwatchLogsExports: ["audit", "error", "general", "slowquery"],
  iamDatabaseAuthenticationEnabled: true,
  backupRetentionPeriod: 7,
  copyTagsToSnapshot: true,
};

const STAGE = {
  stageName: "prod",
  accessLogSettings: {
    destinationArn: "arn:aws:logs:eu-west-1:111122223333:log-group:api",
    format: "$context.requestId",
  },
  xrayTracingEnabled: true,
  cacheClusterEnabled: true,
  cacheClusterSize: "0.5",
  clientCertificateId: "cert-1",
};
const METHOD_SETTINGS = {
  loggingLevel: "ERROR",
  dataTraceEnabled: false,
  cachingEnabled: true,
  cacheDataEncrypted: true,
};

/** A secret policy allowing GetSecretValue on the secret to what `statement` adds (principal, condition). */
const secretPolicy = (statement: Record<string, unknown>) => [
  res(T.secretPolicy, "sp", {
    secretArn: "arn:s",
    policy: doc({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*", ...statement }),
  }),
];

/** Stage-wide method settings of a REST API with `settings`. */
const methodSettings = (settings: Record<string, unknown>) =>
  res(T.methodSettings, "ms", { restApi: "api", stageName: "prod", methodPath: "*/*", settings });

const WEB_ACL_RULES = [
  {
    name: "known-bad-inputs",
    priority: 1,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" },
    },
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "kbi", sampledRequestsEnabled: true },
  },
];
const webAcl = (rules: unknown[] = WEB_ACL_RULES, logged = true) => {
  const acl = res(T.webAcl, "acl", { scope: "REGIONAL", defaultAction: { allow: {} }, rules }, {});
  const withArn = {
    ...acl,
    outputs: { ...acl.props, arn: "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/acl/1" },
  };
  return logged
    ? [
        withArn,
        res(T.webAclLogging, "acl-logging", {
          resourceArn: "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/acl/1",
          logDestinationConfigs: ["arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-acl"],
        }),
      ]
    : [withArn];
};

/**
 * A public REST API stage as a secure program has it: behind a complete web ACL (the WAF component's
 * rules, logged), associated by the stage ARN.
 */
function restStage(props: Record<string, unknown>): HarnessResource[] {
  const stageArn = "arn:aws:apigateway:eu-west-1::/restapis/a/stages/prod";
  const aclArn = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/api-acl/1";
  const aclProps = { scope: "REGIONAL", defaultAction: { allow: {} }, rules: webAclRules("api", 2000) };
  return [
    res(T.stage, "stage", props, { outputs: { ...props, arn: stageArn } }),
    res(T.webAcl, "api-acl", aclProps, { outputs: { ...aclProps, arn: aclArn } }),
    res(T.webAclLogging, "api-acl-logging", {
      resourceArn: aclArn,
      logDestinationConfigs: ["arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-api"],
    }),
    res(T.webAclAssociation, "api-acl-association", { resourceArn: stageArn, webAclArn: aclArn }),
  ];
}

const queuePolicy = (...statements: Record<string, unknown>[]) => [
  res(T.queue, "jobs", { kmsMasterKeyId: KEY_ARN }),
  res(T.queuePolicy, "jobs-policy", { queueUrl: "https://sqs/jobs", policy: doc(...statements) }),
];
const SEND_FROM_TOPIC = {
  Sid: "FromTopic",
  Effect: "Allow",
  Principal: { Service: "sns.amazonaws.com" },
  Action: "sqs:SendMessage",
  Resource: "arn:aws:sqs:eu-west-1:111122223333:jobs",
  Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:events" } },
};

/** `sse`'s props with SSE-S3 (AES256) instead of the KMS key. */
const SSE_S3 = (sse: HarnessResource) => ({
  ...sse.props,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

/** A Valkey replication group the whole pack passes, with what `extra` overrides (undefined removes). */
function cache(extra: Record<string, unknown> = {}): HarnessResource[] {
  const props: Record<string, unknown> = {
    description: "sessions",
    engine: "valkey",
    numCacheClusters: 2,
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    subnetGroupName: "cache-subnets",
    atRestEncryptionEnabled: true,
    kmsKeyId: KEY_ARN,
    transitEncryptionEnabled: true,
    transitEncryptionMode: "required",
    authToken: "generated-token",
    snapshotRetentionLimit: 7,
    ...extra,
  };
  for (const k of Object.keys(props)) if (props[k] === undefined) delete props[k];
  return [res(T.cache, "cache", props)];
}

export const TWINS: readonly Twin[] = [
  // S3
  {
    policy: "s3-enable-versioning",
    secure: [bucket("data")],
    insecure: [bucket("data").filter((r) => r.type !== T.versioning)],
  },
  {
    policy: "s3-encrypt-with-kms",
    secure: [
      bucket("data"),
      // a server access log target keeps SSE-S3: AWS delivers those logs under no other key
      [...bucket("data"), ...bucket("logs").map((r) => (r.type === T.sse ? { ...r, props: SSE_S3(r) } : r))],
    ],
    insecure: [
      bucket("data").filter((r) => r.type !== T.sse),
      bucket("data").map((r) => (r.type === T.sse ? { ...r, props: SSE_S3(r) } : r)),
    ],
  },
  {
    policy: "s3-enable-bucket-key",
    secure: [bucket("data"), bucket("logs").map((r) => (r.type === T.sse ? { ...r, props: SSE_S3(r) } : r))],
    insecure: [
      bucket("data").map((r) =>
        r.type === T.sse
          ? {
              ...r,
              props: {
                ...r.props,
                rules: [
                  {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
                  },
                ],
              },
            }
          : r,
      ),
    ],
  },
  {
    policy: "s3-use-dns-compliant-names",
    secure: [bucket("data")],
    insecure: [[res(T.bucket, "dotted", { bucket: "www.example.com" })]],
  },
  {
    policy: "s3-configure-abort-incomplete-uploads",
    secure: [bucket("data")],
    insecure: [
      [
        res(T.lifecycle, "lc", {
          bucket: "b",
          rules: [{ id: "x", status: "Enabled", expiration: { days: 30 } }],
        }),
      ],
    ],
  },
  // CloudWatch, Secrets Manager, ECR, KMS
  {
    policy: "cloudwatch-encrypt-log-groups",
    secure: [[res(T.logGroup, "lg", { retentionInDays: 365, kmsKeyId: KEY_ARN })]],
    insecure: [[res(T.logGroup, "lg", { retentionInDays: 365 })]],
  },
  {
    policy: "secretsmanager-encrypt-with-cmk",
    secure: [
      [
        res(T.secret, "s", { kmsKeyId: KEY_ARN, description: "db" }),
        res("aws:secretsmanager/secretRotation:SecretRotation", "s-rotation", {
          secretId: "s-id",
          rotationLambdaArn: "arn:aws:lambda:eu-west-1:111122223333:function:rotate",
          rotationRules: { automaticallyAfterDays: 30 },
        }),
      ],
    ],
    insecure: [[res(T.secret, "s", {})], [res(T.secret, "s", { kmsKeyId: "alias/aws/secretsmanager" })]],
  },
  {
    policy: "secretsmanager-prohibit-public-access",
    secure: [
      secretPolicy({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` } }),
      secretPolicy({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }),
    ],
    insecure: [
      secretPolicy({ Principal: "*" }),
      secretPolicy({ Principal: { AWS: "*" }, Condition: { Bool: { "aws:SecureTransport": "true" } } }),
    ],
  },
  {
    policy: "ecr-encrypt-with-kms",
    secure: [
      [
        res(T.repo, "r", {
          name: "app",
          imageTagMutability: "IMMUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }],
        }),
        res("aws:ecr/lifecyclePolicy:LifecyclePolicy", "r-lifecycle", { repository: "app", policy: "{}" }),
      ],
    ],
    insecure: [
      [
        res(T.repo, "r", {
          imageTagMutability: "IMMUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
        }),
      ],
    ],
  },
  {
    policy: "ecr-prohibit-public-access",
    secure: [
      [
        res(T.repoPolicy, "rp", {
          repository: "r",
          policy: doc({
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          }),
        }),
      ],
    ],
    insecure: [
      [
        res(T.repoPolicy, "rp", {
          repository: "r",
          policy: doc({ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage"] }),
        }),
      ],
      [
        res(T.repoPolicy, "rp", {
          repository: "r",
          policy: doc({
            Effect: "Allow",
            NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: ["ecr:BatchGetImage"],
          }),
        }),
      ],
    ],
  },
  {
    policy: "kms-forbid-policy-lockout-bypass",
    secure: [
      [
        res(T.key, "k", {
          enableKeyRotation: true,
          description: "data",
          policy: doc({
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: "kms:*",
            Resource: "*",
          }),
        }),
      ],
    ],
    insecure: [
      [
        res(T.key, "k", {
          description: "data",
          enableKeyRotation: true,
          bypassPolicyLockoutSafetyCheck: true,
          policy: doc({
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: "kms:*",
            Resource: "*",
          }),
        }),
      ],
    ],
  },
  {
    policy: "kms-enable-keys",
    secure: [
      [
        res(T.key, "k", {
          description: "data",
          enableKeyRotation: true,
          isEnabled: true,
          policy: doc({
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: "kms:*",
            Resource: "*",
          }),
        }),
      ],
    ],
    insecure: [[res(T.key, "k", { description: "data", enableKeyRotation: true, isEnabled: false })]],
  },
  {
    policy: "kms-configure-key-policy",
    secure: [
      [
        res(T.key, "k", {
          description: "data",
          enableKeyRotation: true,
          policy: doc({
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: "kms:*",
            Resource: "*",
          }),
        }),
      ],
    ],
    insecure: [[res(T.key, "k", { description: "data", enableKeyRotation: true })]],
  },
  // EC2 / VPC
  {
    policy: "ec2-forbid-default-vpc",
    secure: [[]],
    insecure: [[res(T.defaultVpc, "default", {})]],
  },
  {
    policy: "ec2-restrict-egress",
    secure: [
      [
        res(T.sg, "app", {
          vpcId: "vpc-1",
          description: "app",
          egress: [
            {
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              cidrBlocks: ["10.0.0.0/16"],
              description: "HTTPS to the VPC endpoints",
            },
          ],
        }),
      ],
    ],
    insecure: [
      [
        res(T.sg, "app", {
          vpcId: "vpc-1",
          description: "app",
          egress: [
            { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "everything" },
          ],
        }),
      ],
      [
        res(T.sgRule, "all-out", {
          type: "egress",
          securityGroupId: "sg-1",
          protocol: "-1",
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ["0.0.0.0/0"],
        }),
      ],
    ],
  },
  {
    policy: "ec2-restrict-nacl-all-ports",
    secure: [
      [
        res(T.naclRule, "https", {
          networkAclId: "acl-1",
          ruleNumber: 100,
          egress: false,
          protocol: "tcp",
          ruleAction: "allow",
          cidrBlock: "0.0.0.0/0",
          fromPort: 443,
          toPort: 443,
        }),
      ],
    ],
    insecure: [
      [
        res(T.naclRule, "all", {
          networkAclId: "acl-1",
          ruleNumber: 100,
          egress: false,
          protocol: "-1",
          ruleAction: "allow",
          cidrBlock: "0.0.0.0/0",
          fromPort: 0,
          toPort: 0,
        }),
      ],
    ],
  },
  // ELB
  {
    policy: "elb-enable-cross-zone",
    secure: [
      [
        res(T.lb, "nlb", {
          loadBalancerType: "network",
          internal: true,
          enableCrossZoneLoadBalancing: true,
          enableDeletionProtection: true,
          subnets: ["a", "b"],
          accessLogs: { bucket: "logs", enabled: true },
        }),
      ],
    ],
    insecure: [
      [
        res(T.lb, "nlb", {
          loadBalancerType: "network",
          internal: true,
          enableDeletionProtection: true,
          subnets: ["a", "b"],
        }),
      ],
    ],
  },
  {
    policy: "elb-enable-target-health-checks",
    secure: [
      [
        res(T.tg, "tg", {
          port: 8080,
          protocol: "HTTP",
          targetType: "ip",
          healthCheck: { enabled: true, path: "/health" },
        }),
      ],
    ],
    insecure: [
      [res(T.tg, "tg", { port: 8080, protocol: "HTTP", targetType: "ip", healthCheck: { enabled: false } })],
    ],
  },
  // ECS
  {
    policy: "ecs-restrict-host-networking",
    secure: [taskDef(), taskDef({ networkMode: "host", requiresCompatibilities: ["EC2"] })],
    insecure: [
      taskDef({ networkMode: "host", requiresCompatibilities: ["EC2"] }, { user: undefined }),
      taskDef({ networkMode: "host", requiresCompatibilities: ["EC2"] }, { user: "root" }),
    ],
  },
  {
    policy: "ecs-encrypt-efs-volumes",
    secure: [
      taskDef({
        volumes: [
          { name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1", transitEncryption: "ENABLED" } },
        ],
      }),
    ],
    insecure: [taskDef({ volumes: [{ name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1" } }] })],
  },
  {
    policy: "ecs-separate-task-and-execution-roles",
    secure: [taskDef()],
    insecure: [taskDef({ taskRoleArn: "arn:aws:iam::111122223333:role/exec" })],
  },
  {
    policy: "ecs-configure-exec-logging",
    secure: [
      [
        res(T.cluster, "c", {
          settings: [{ name: "containerInsights", value: "enabled" }],
          configuration: { executeCommandConfiguration: { kmsKeyId: KEY_ARN, logging: "DEFAULT" } },
        }),
      ],
    ],
    insecure: [
      [
        res(T.cluster, "c", {
          settings: [{ name: "containerInsights", value: "enabled" }],
          configuration: { executeCommandConfiguration: { logging: "NONE" } },
        }),
      ],
    ],
  },
  // IAM
  {
    policy: "iam-restrict-trust-policies",
    secure: [
      role(ASSUME_ECS),
      role(github("repo:acme/app:ref:refs/heads/main")),
      role(github(["repo:acme/app:*", "repo:acme/infra:environment:prod"])),
    ],
    insecure: [
      role(doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" })),
      role(
        doc({
          Effect: "Allow",
          Principal: "*",
          Action: "sts:AssumeRole",
          Condition: { Bool: { "aws:SecureTransport": "true" } },
        }),
      ),
      role(doc({ Effect: "Allow", Principal: { Service: "*" }, Action: "sts:AssumeRole" })),
      role(github("repo:*")),
      role(github("*")),
      role(
        doc({
          Effect: "Allow",
          Principal: { Federated: GITHUB },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
        }),
      ),
    ],
  },
  {
    policy: "iam-restrict-pass-role",
    secure: [
      identity({
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: `arn:aws:iam::${ACCOUNT}:role/app-task`,
        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      }),
    ],
    insecure: [
      identity({ Effect: "Allow", Action: ["iam:PassRole"], Resource: "*" }),
      identity({
        Effect: "Allow",
        Action: ["iam:Pass*", "ecs:RunTask"],
        NotResource: "arn:aws:iam::111122223333:role/admin",
      }),
    ],
  },
  {
    policy: "iam-restrict-sensitive-actions",
    secure: [
      identity({
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:db-*`,
      }),
      identity({
        Effect: "Allow",
        Action: ["ecr:GetAuthorizationToken", "logs:CreateLogStream"],
        Resource: "*",
      }),
    ],
    insecure: [
      identity({ Effect: "Allow", Action: ["iam:PutRolePolicy"], Resource: "*" }),
      identity({ Effect: "Allow", Action: ["iam:CreateAccessKey"], Resource: "*" }),
      identity({ Effect: "Allow", Action: ["ssm:GetParameters"], Resource: "*" }),
      identity({ Effect: "Allow", Action: ["s3:Get*"], Resource: "*" }),
    ],
  },
  {
    policy: "iam-forbid-admin-attachments",
    secure: [
      [
        res(T.roleAttachment, "att", {
          role: "app",
          policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        }),
      ],
    ],
    insecure: [
      [
        res(T.roleAttachment, "att", {
          role: "app",
          policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
        }),
      ],
      [res(T.roleAttachment, "att", { role: "app", policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" })],
      role(ASSUME_ECS, { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }),
    ],
  },
  {
    policy: "iam-forbid-user-policies",
    secure: [
      [
        res("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "att", {
          group: "devs",
          policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
        }),
      ],
    ],
    insecure: [
      [res(T.userAttachment, "att", { user: "alice", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" })],
      [
        res(T.userPolicy, "inline", {
          user: "alice",
          policy: doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b" }),
        }),
      ],
    ],
  },
  {
    policy: "iam-require-strong-password-policy",
    secure: [[res(T.passwordPolicy, "pw", STRONG_PASSWORDS)]],
    insecure: [
      [res(T.passwordPolicy, "pw", { ...STRONG_PASSWORDS, minimumPasswordLength: 8 })],
      [res(T.passwordPolicy, "pw", { ...STRONG_PASSWORDS, requireSymbols: false })],
      [res(T.passwordPolicy, "pw", { ...STRONG_PASSWORDS, passwordReusePrevention: 1 })],
      [res(T.passwordPolicy, "pw", { ...STRONG_PASSWORDS, maxPasswordAge: 0 })],
    ],
  },
  // Lambda
  {
    policy: "lambda-prohibit-public-access",
    secure: [
      [
        res(T.permission, "p", {
          function: "fn",
          action: "lambda:InvokeFunction",
          principal: "*",
          principalOrgId: "o-abc123",
        }),
      ],
      [
        res(T.permission, "p", {
          function: "fn",
          action: "lambda:InvokeFunctionUrl",
          principal: "*",
          functionUrlAuthType: "AWS_IAM",
        }),
      ],
    ],
    insecure: [
      [res(T.permission, "p", { function: "fn", action: "lambda:InvokeFunction", principal: "*" })],
      [
        res(T.permission, "p", {
          function: "fn",
          action: "lambda:InvokeFunctionUrl",
          principal: "*",
          functionUrlAuthType: "NONE",
        }),
      ],
    ],
  },
  {
    policy: "lambda-restrict-permission-source",
    secure: [
      [
        res(T.permission, "p", {
          function: "fn",
          action: "lambda:InvokeFunction",
          principal: "s3.amazonaws.com",
          sourceArn: "arn:aws:s3:::uploads",
          sourceAccount: ACCOUNT,
        }),
      ],
    ],
    insecure: [
      [
        res(T.permission, "p", {
          function: "fn",
          action: "lambda:InvokeFunction",
          principal: "events.amazonaws.com",
        }),
      ],
    ],
  },
  {
    policy: "lambda-require-function-url-auth",
    secure: [
      [
        res(T.fnUrl, "url", {
          functionName: "fn",
          authorizationType: "AWS_IAM",
          cors: { allowOrigins: ["https://app.example.com"] },
        }),
      ],
    ],
    insecure: [[res(T.fnUrl, "url", { functionName: "fn", authorizationType: "NONE" })]],
  },
  {
    policy: "lambda-restrict-function-url-cors",
    secure: [
      [
        res(T.fnUrl, "url", {
          functionName: "fn",
          authorizationType: "AWS_IAM",
          cors: { allowOrigins: ["https://app.example.com"] },
        }),
      ],
    ],
    insecure: [
      [
        res(T.fnUrl, "url", {
          functionName: "fn",
          authorizationType: "AWS_IAM",
          cors: { allowOrigins: ["*"] },
        }),
      ],
    ],
  },
  {
    policy: "lambda-forbid-deprecated-runtime",
    secure: [fn(), fn({ runtime: undefined, packageType: "Image" })],
    insecure: [fn({ runtime: "nodejs16.x" }), fn({ runtime: "python3.8" })],
  },
  {
    policy: "lambda-enable-tracing",
    secure: [fn()],
    insecure: [fn({ tracingConfig: { mode: "PassThrough" } }), fn({ tracingConfig: undefined })],
  },
  {
    policy: "lambda-configure-dead-letter-queue",
    secure: [fn()],
    insecure: [fn({ deadLetterConfig: undefined })],
  },
  {
    policy: "lambda-set-reserved-concurrency",
    secure: [fn()],
    insecure: [fn({ reservedConcurrentExecutions: -1 }), fn({ reservedConcurrentExecutions: undefined })],
  },
  { policy: "lambda-run-in-vpc", secure: [fn()], insecure: [fn({ vpcConfig: undefined })] },
  {
    policy: "lambda-encrypt-environment",
    secure: [fn(), fn({ kmsKeyArn: undefined, environment: undefined })],
    insecure: [fn({ kmsKeyArn: undefined })],
  },
  {
    policy: "lambda-require-code-signing",
    secure: [fn()],
    insecure: [fn({ codeSigningConfigArn: undefined })],
  },
  // RDS
  {
    policy: "rds-require-tls",
    secure: [
      [
        res(T.paramGroup, "pg", {
          family: "postgres16",
          parameters: [{ name: "rds.force_ssl", value: "1" }],
        }),
      ],
    ],
    insecure: [
      [
        res(T.paramGroup, "pg", {
          family: "postgres16",
          parameters: [{ name: "rds.force_ssl", value: "0" }],
        }),
      ],
      [
        res("aws:rds/clusterParameterGroup:ClusterParameterGroup", "cpg", {
          family: "aurora-mysql8.0",
          parameters: [{ name: "require_secure_transport", value: "OFF" }],
        }),
      ],
    ],
  },
  {
    policy: "rds-use-current-ca",
    secure: [[res(T.db, "db", DB)]],
    insecure: [[res(T.db, "db", { ...DB, caCertIdentifier: "rds-ca-2019" })]],
  },
  {
    policy: "rds-enable-performance-insights",
    secure: [[res(T.db, "db", DB)]],
    insecure: [
      [res(T.db, "db", { ...DB, performanceInsightsEnabled: false })],
      [res(T.db, "db", { ...DB, performanceInsightsKmsKeyId: undefined })],
    ],
  },
  {
    policy: "rds-encrypt-with-cmk",
    secure: [[res(T.db, "db", DB)]],
    insecure: [[res(T.db, "db", { ...DB, kmsKeyId: undefined })]],
  },
  {
    policy: "rds-enable-backtracking",
    secure: [[res(T.rdsCluster, "aurora", { ...AURORA, backtrackWindow: 86400 })]],
    insecure: [[res(T.rdsCluster, "aurora", AURORA)]],
  },
  {
    policy: "rds-prohibit-public-snapshots",
    secure: [
      [
        res(T.snapshot, "snap", {
          dbInstanceIdentifier: "db",
          dbSnapshotIdentifier: "snap",
          sharedAccounts: ["444455556666"],
        }),
      ],
    ],
    insecure: [
      [
        res(T.snapshot, "snap", {
          dbInstanceIdentifier: "db",
          dbSnapshotIdentifier: "snap",
          sharedAccounts: ["all"],
        }),
      ],
    ],
  },
  // API Gateway
  {
    policy: "apigateway-enable-access-logging",
    secure: [
      restStage(STAGE),
      [res(T.stageV2, "stage", { apiId: "a", name: "$default", accessLogSettings: STAGE.accessLogSettings })],
    ],
    insecure: [
      [res(T.stage, "stage", { ...STAGE, accessLogSettings: undefined })],
      [res(T.stageV2, "stage", { apiId: "a", name: "$default" })],
    ],
  },
  {
    policy: "apigateway-enable-tracing",
    secure: [restStage(STAGE)],
    insecure: [[res(T.stage, "stage", { ...STAGE, xrayTracingEnabled: false })]],
  },
  {
    policy: "apigateway-enable-cache",
    secure: [restStage(STAGE)],
    insecure: [[res(T.stage, "stage", { ...STAGE, cacheClusterEnabled: undefined })]],
  },
  {
    policy: "apigateway-use-client-certificate",
    secure: [restStage(STAGE)],
    insecure: [[res(T.stage, "stage", { ...STAGE, clientCertificateId: undefined })]],
  },
  {
    policy: "apigateway-encrypt-cache",
    secure: [[methodSettings(METHOD_SETTINGS)]],
    insecure: [[methodSettings({ ...METHOD_SETTINGS, cacheDataEncrypted: false })]],
  },
  {
    policy: "apigateway-disable-data-trace",
    secure: [[methodSettings(METHOD_SETTINGS)]],
    insecure: [[methodSettings({ ...METHOD_SETTINGS, dataTraceEnabled: true })]],
  },
  {
    policy: "apigateway-configure-logging-level",
    secure: [[methodSettings(METHOD_SETTINGS)]],
    insecure: [[methodSettings({ ...METHOD_SETTINGS, loggingLevel: "OFF" })]],
  },
  {
    policy: "apigateway-require-authorization",
    secure: [
      [
        res(T.method, "get", {
          restApi: "api",
          resourceId: "r",
          httpMethod: "GET",
          authorization: "AWS_IAM",
        }),
      ],
      [
        res(T.method, "preflight", {
          restApi: "api",
          resourceId: "r",
          httpMethod: "OPTIONS",
          authorization: "NONE",
        }),
      ],
      [
        res(T.route, "route", {
          apiId: "a",
          routeKey: "GET /items",
          authorizationType: "JWT",
          authorizerId: "z",
        }),
      ],
    ],
    insecure: [
      [res(T.method, "get", { restApi: "api", resourceId: "r", httpMethod: "GET", authorization: "NONE" })],
      [res(T.route, "route", { apiId: "a", routeKey: "GET /items" })],
    ],
  },
  {
    policy: "apigateway-use-secure-tls-policy",
    secure: [
      [
        res(T.domain, "api", {
          domainName: "api.example.com",
          securityPolicy: "TLS_1_2",
          regionalCertificateArn: "arn:c",
        }),
      ],
    ],
    insecure: [
      [
        res(T.domain, "api", {
          domainName: "api.example.com",
          securityPolicy: "TLS_1_0",
          regionalCertificateArn: "arn:c",
        }),
      ],
    ],
  },
  // Backup, WAFv2
  {
    policy: "backup-encrypt-vault-with-cmk",
    secure: [[res(T.vault, "vault", { kmsKeyArn: KEY_ARN })]],
    insecure: [[res(T.vault, "vault", {})]],
  },
  {
    policy: "wafv2-configure-rules",
    secure: [webAcl()],
    insecure: [webAcl([]), webAcl([{ ...WEB_ACL_RULES[0], overrideAction: undefined }])],
  },
  {
    policy: "wafv2-block-known-bad-inputs",
    secure: [webAcl()],
    insecure: [
      webAcl([
        {
          name: "rate",
          priority: 1,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP" } },
        },
      ]),
    ],
  },
  { policy: "wafv2-enable-logging", secure: [webAcl()], insecure: [webAcl(WEB_ACL_RULES, false)] },
  // ElastiCache (the environment-dependent backups and failover rules: policies/elasticache tests)
  {
    policy: "elasticache-encrypt-at-rest",
    secure: [cache()],
    insecure: [cache({ atRestEncryptionEnabled: false }), cache({ atRestEncryptionEnabled: undefined })],
  },
  {
    policy: "elasticache-encrypt-in-transit",
    secure: [cache(), cache({ transitEncryptionMode: undefined })],
    insecure: [
      cache({ transitEncryptionEnabled: false, authToken: undefined, userGroupIds: ["rbac"] }),
      cache({ transitEncryptionMode: "preferred" }),
    ],
  },
  {
    policy: "elasticache-require-auth",
    secure: [cache(), cache({ authToken: undefined, userGroupIds: ["rbac"] })],
    insecure: [cache({ authToken: undefined })],
  },
  {
    policy: "elasticache-enable-auto-minor-version-upgrade",
    secure: [cache(), cache({ autoMinorVersionUpgrade: undefined })],
    insecure: [cache({ autoMinorVersionUpgrade: false })],
  },
  {
    policy: "elasticache-forbid-default-subnet-group",
    secure: [cache()],
    insecure: [cache({ subnetGroupName: "default" }), cache({ subnetGroupName: undefined })],
  },
  {
    policy: "elasticache-encrypt-with-cmk",
    secure: [cache()],
    insecure: [cache({ kmsKeyId: undefined })],
  },
  // SQS, SNS
  {
    policy: "sqs-prohibit-public-access",
    secure: [queuePolicy(SEND_FROM_TOPIC)],
    insecure: [
      queuePolicy({ ...SEND_FROM_TOPIC, Principal: "*", Condition: undefined }),
      queuePolicy({
        ...SEND_FROM_TOPIC,
        Principal: { AWS: "*" },
        Condition: { StringNotEquals: { "aws:SourceAccount": ACCOUNT } },
      }),
    ],
  },
  {
    policy: "sqs-forbid-wildcard-actions",
    secure: [queuePolicy(SEND_FROM_TOPIC)],
    insecure: [
      queuePolicy({ ...SEND_FROM_TOPIC, Action: "sqs:*" }),
      queuePolicy({ ...SEND_FROM_TOPIC, Action: "*" }),
    ],
  },
  {
    policy: "sqs-encrypt-queues",
    secure: [
      [res(T.queue, "q", { kmsMasterKeyId: KEY_ARN })],
      [res(T.queue, "q", { kmsMasterKeyId: KEY_ARN, sqsManagedSseEnabled: false })],
    ],
    insecure: [[res(T.queue, "q", { sqsManagedSseEnabled: false })]],
  },
  {
    policy: "sqs-encrypt-with-cmk",
    secure: [[res(T.queue, "q", { kmsMasterKeyId: KEY_ARN })]],
    insecure: [[res(T.queue, "q", { sqsManagedSseEnabled: true })]],
  },
  {
    policy: "sns-encrypt-with-cmk",
    secure: [[res(T.topic, "t", { kmsMasterKeyId: KEY_ARN })]],
    insecure: [[res(T.topic, "t", { kmsMasterKeyId: "alias/aws/sns" })]],
  },
  {
    policy: "require-descriptions",
    secure: [
      [
        res(T.sg, "app", {
          vpcId: "vpc-1",
          description: "API tasks",
          egress: [
            {
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              cidrBlocks: ["10.0.0.0/16"],
              description: "HTTPS to the VPC endpoints",
            },
          ],
        }),
      ],
      fn(),
    ],
    insecure: [
      [res(T.sg, "app", { vpcId: "vpc-1", description: "Managed by Pulumi" })],
      [
        res(T.sg, "app", {
          vpcId: "vpc-1",
          description: "API tasks",
          ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
        }),
      ],
      [
        res(T.sgRule, "r", {
          type: "ingress",
          securityGroupId: "sg-1",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ["10.0.0.0/16"],
        }),
      ],
      fn({ description: undefined }),
      [res(T.secret, "s", { kmsKeyId: KEY_ARN })],
    ],
  },
];

/** The twins of one policy. Throws when the table has none (every baseline policy must have twins). */
export function twinsOf(policy: string): Twin {
  const t = TWINS.find((x) => x.policy === policy);
  if (!t) throw new Error(`no twins for policy '${policy}' in policies/twins.ts`);
  return t;
}
