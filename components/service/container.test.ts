import {
  COLLECTOR_CONTAINER,
  containerDefinitions,
  ecrLifecyclePolicy,
  ecsTasksAssumeRolePolicy,
  executionRolePolicy,
  scratchVolumeName,
  secretResourceArn,
  tracingStatements,
  validateContainerInputs,
  validateFargateSize,
  type ContainerSpec,
} from "./container";

describe("validateFargateSize", () => {
  test.each([
    [256, 512],
    [256, 2048],
    [512, 1024],
    [1024, 8192],
    [2048, 16384],
    [4096, 30720],
    [8192, 61440],
    [16384, 122880],
  ])("%i CPU / %i MiB is valid", (cpu, memory) => expect(validateFargateSize(cpu, memory)).toEqual([]));

  test.each<[number, number, string]>([
    [300, 512, "args.cpu: must be one of 256, 512, 1024, 2048, 4096, 8192, 16384"],
    [256, 4096, "args.memory: 4096 MiB is not a Fargate size for 256 CPU units"],
    [1024, 1024, "args.memory: 1024 MiB is not a Fargate size for 1024 CPU units"],
    [512, 1536, "args.memory: 1536 MiB is not a Fargate size for 512 CPU units"],
    [8192, 20000, "args.memory: 20000 MiB"],
  ])("%i CPU / %i MiB -> %s", (cpu, memory, message) => {
    const errors = validateFargateSize(cpu, memory);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });
});

describe("validateContainerInputs", () => {
  const ok = {
    port: 8080,
    user: "1000:1000",
    environment: { NODE_ENV: "production" },
    secretNames: ["DATABASE_URL"],
    scratchPaths: ["/tmp"],
    healthCheckCommand: ["CMD-SHELL", "true"],
  };
  test("valid inputs have no errors", () => expect(validateContainerInputs(ok)).toEqual([]));
  test.each<[Record<string, unknown>, string]>([
    [{ port: 0 }, "args.port: must be an integer from 1 to 65535"],
    [{ port: 70000 }, "args.port"],
    [{ user: "root" }, "args.user: must be a non-root user"],
    [{ user: "0" }, "args.user: must be a non-root user"],
    [{ user: "0:0" }, "args.user: must be a non-root user"],
    [{ user: "1000; rm" }, "args.user"],
    [
      { environment: { "BAD-NAME": "x" } },
      "args.environment.BAD-NAME: not a valid environment variable name",
    ],
    [{ secretNames: ["1X"] }, "args.secrets[0].name: not a valid environment variable name"],
    [{ secretNames: ["A", "A"] }, "args.secrets[1].name: A is listed twice"],
    [{ secretNames: ["NODE_ENV"] }, "args.secrets[0].name: NODE_ENV is also a plain environment variable"],
    [{ scratchPaths: ["/"] }, 'args.scratchPaths[0]: must be an absolute path other than "/"'],
    [{ scratchPaths: ["tmp"] }, "args.scratchPaths[0]"],
    [
      { healthCheckCommand: ["curl localhost"] },
      'args.healthCheckCommand: must start with "CMD" or "CMD-SHELL"',
    ],
    [{ healthCheckCommand: ["SHELL", "x"] }, "args.healthCheckCommand"],
    [{ command: [] }, "args.command: must not be empty"],
  ])("%j -> %s", (override, message) => {
    const errors = validateContainerInputs({ ...ok, ...override } as typeof ok);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });
});

describe("containerDefinitions", () => {
  const base: ContainerSpec = {
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0",
    kind: "api",
    port: 8080,
    user: "1000:1000",
    environment: { PORT: "8080", LOG_LEVEL: "info" },
    secrets: [
      { name: "JWT_SECRET", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt-AbCdEf" },
      { name: "DATABASE_URL", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" },
    ],
    healthCheckCommand: ["CMD", "/app/healthcheck"],
    scratchPaths: ["/tmp", "/var/cache/app"],
    logGroupName: "/ecs/slipway/staging/api",
    region: "eu-west-1",
    streamPrefix: "blue",
  };

  test("api container: hardened, secrets by reference, port mapping, health check, awslogs", () => {
    const [app, ...rest] = containerDefinitions(base);
    expect(rest).toEqual([]);
    expect(app).toEqual({
      name: "app",
      image: base.image,
      essential: true,
      user: "1000:1000",
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
      environment: [
        { name: "LOG_LEVEL", value: "info" },
        { name: "PORT", value: "8080" },
      ],
      secrets: [
        { name: "DATABASE_URL", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" },
        { name: "JWT_SECRET", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt-AbCdEf" },
      ],
      mountPoints: [
        { sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false },
        { sourceVolume: "scratch-var-cache-app", containerPath: "/var/cache/app", readOnly: false },
      ],
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": "/ecs/slipway/staging/api",
          "awslogs-region": "eu-west-1",
          "awslogs-stream-prefix": "blue",
        },
      },
      stopTimeout: 30,
      portMappings: [{ containerPort: 8080, protocol: "tcp", name: "http" }],
      healthCheck: {
        command: ["CMD", "/app/healthcheck"],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 60,
      },
    });
  });

  test("worker: no port mapping, the configured health check", () => {
    const [app] = containerDefinitions({ ...base, kind: "worker" });
    expect(app.portMappings).toBeUndefined();
    expect(app.healthCheck).toBeDefined();
  });

  test("no container health check unless one is configured (no curl assumed in the image), for any kind", () => {
    for (const kind of ["api", "worker"] as const) {
      const [app] = containerDefinitions({ ...base, kind, healthCheckCommand: undefined });
      expect(app.healthCheck).toBeUndefined();
      expect(JSON.stringify(app)).not.toContain("curl");
    }
  });

  test("one-off migration task: the given command, no port, no health check, no sidecar", () => {
    const defs = containerDefinitions({
      ...base,
      oneOff: true,
      command: ["npm", "run", "migrate"],
      streamPrefix: "migrate",
      tracing: { image: "otel", config: "--config=x", serviceName: "api" },
    });
    expect(defs).toHaveLength(1);
    expect(defs[0].command).toEqual(["npm", "run", "migrate"]);
    expect(defs[0].portMappings).toBeUndefined();
    expect(defs[0].healthCheck).toBeUndefined();
    expect(defs[0].readonlyRootFilesystem).toBe(true);
    // No collector in a one-off task, so no OTLP endpoint either.
    expect(JSON.stringify(defs[0].environment)).not.toContain("OTEL_");
  });

  test("tracing adds a non-essential, hardened ADOT sidecar and OTLP environment", () => {
    const defs = containerDefinitions({
      ...base,
      environment: { OTEL_SERVICE_NAME: "custom" },
      tracing: {
        image: "public.ecr.aws/aws-observability/aws-otel-collector:v1",
        config: "--config=/c.yaml",
        serviceName: "api",
      },
    });
    expect(defs).toHaveLength(2);
    const [app, otel] = defs;
    expect(app.dependsOn).toEqual([{ containerName: COLLECTOR_CONTAINER, condition: "START" }]);
    expect(app.environment).toEqual([
      { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: "http://localhost:4317" },
      { name: "OTEL_PROPAGATORS", value: "xray,tracecontext" },
      { name: "OTEL_SERVICE_NAME", value: "custom" },
    ]);
    expect(otel).toMatchObject({
      name: COLLECTOR_CONTAINER,
      image: "public.ecr.aws/aws-observability/aws-otel-collector:v1",
      essential: false,
      command: ["--config=/c.yaml"],
      readonlyRootFilesystem: true,
      privileged: false,
    });
    expect(otel.user).not.toMatch(/^(0|root)/);
    expect(
      (otel.logConfiguration as { options: Record<string, string> }).options["awslogs-stream-prefix"],
    ).toBe("blue-otel");
  });

  test("scratch volume names", () => {
    expect(scratchVolumeName("/tmp")).toBe("scratch-tmp");
    expect(scratchVolumeName("/var/run/")).toBe("scratch-var-run");
  });
});

describe("IAM documents", () => {
  test("secretResourceArn strips JSON key / version suffixes", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";
    expect(secretResourceArn(arn)).toBe(arn);
    expect(secretResourceArn(`${arn}:password::`)).toBe(arn);
    expect(secretResourceArn(`${arn}:password:AWSCURRENT:`)).toBe(arn);
  });

  test("execution role: one repository, one log group, exactly the given secrets and keys", () => {
    const doc = executionRolePolicy({
      repositoryArn: "arn:aws:ecr:eu-west-1:123456789012:repository/api",
      logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/api:*",
      secretValueFroms: [
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:b-AbCdEf:key::",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:a-AbCdEf",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:b-AbCdEf",
      ],
      kmsKeyArns: ["arn:aws:kms:eu-west-1:123456789012:key/1"],
    });
    expect(doc.Statement).toEqual([
      { Sid: "EcrAuthToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "EcrPull",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: "arn:aws:ecr:eu-west-1:123456789012:repository/api",
      },
      {
        Sid: "WriteLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/api:log-stream:*",
      },
      {
        Sid: "ReadSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: [
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:a-AbCdEf",
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:b-AbCdEf",
        ],
      },
      {
        Sid: "DecryptWithKeys",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: ["arn:aws:kms:eu-west-1:123456789012:key/1"],
      },
    ]);
  });

  test("execution role without secrets has no secrets or KMS statement", () => {
    const doc = executionRolePolicy({
      repositoryArn: "r",
      logGroupArn: "l",
      secretValueFroms: [],
      kmsKeyArns: [],
    });
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["EcrAuthToken", "EcrPull", "WriteLogs"]);
    expect(JSON.stringify(doc)).not.toContain("secretsmanager");
  });

  test("tracing statements: X-Ray writes and the collector's EMF log group only", () => {
    const [xray, emf] = tracingStatements({ region: "eu-west-1", accountId: "123456789012" });
    expect(xray.Action).toContain("xray:PutTraceSegments");
    expect(emf.Resource).toEqual([
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/ecs/application/metrics",
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/ecs/application/metrics:log-stream:*",
    ]);
  });

  test("trust policy: ECS tasks of this account only", () => {
    expect(JSON.parse(ecsTasksAssumeRolePolicy("123456789012"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        },
      ],
    });
  });

  test("ECR lifecycle: the newest deployed images first (rollback depth), untagged after 7 days, keep N others", () => {
    const policy = JSON.parse(ecrLifecyclePolicy(25, 12));
    expect(policy.rules.map((r: { rulePriority: number }) => r.rulePriority)).toEqual([1, 2, 3]);
    // Highest priority: images tagged deployed-* match it, so no lower rule can expire them.
    expect(policy.rules[0].selection).toEqual({
      tagStatus: "tagged",
      tagPrefixList: ["deployed-"],
      countType: "imageCountMoreThan",
      countNumber: 12,
    });
    expect(policy.rules[1].selection).toEqual({
      tagStatus: "untagged",
      countType: "sinceImagePushed",
      countUnit: "days",
      countNumber: 7,
    });
    expect(policy.rules[2].selection).toEqual({
      tagStatus: "any",
      countType: "imageCountMoreThan",
      countNumber: 25,
    });
    expect(JSON.parse(ecrLifecyclePolicy(25)).rules[0].selection.countNumber).toBe(20);
  });

  test("execution role pulls from the service's repository and the ECR repositories of its images", () => {
    const doc = executionRolePolicy({
      repositoryArn: "arn:aws:ecr:eu-west-1:123456789012:repository/own",
      imageRepositoryArns: [
        "arn:aws:ecr:eu-west-1:210987654321:repository/taskflow/api",
        "arn:aws:ecr:eu-west-1:123456789012:repository/own",
      ],
      logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/x:*",
      secretValueFroms: [],
      kmsKeyArns: [],
    });
    expect(doc.Statement.find((s) => s.Sid === "EcrPull")?.Resource).toEqual([
      "arn:aws:ecr:eu-west-1:123456789012:repository/own",
      "arn:aws:ecr:eu-west-1:210987654321:repository/taskflow/api",
    ]);
  });
});
