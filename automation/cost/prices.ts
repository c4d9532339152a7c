/**
 * The embedded, dated price table: AWS on-demand list prices (USD) for the resources slipway creates
 * that have a fixed hourly or monthly price, per region. Usage-priced services (S3, CloudFront, data
 * transfer, log ingestion, requests) are not in it: the estimate marks them `usage_priced`.
 *
 * Source: the public AWS pricing pages (aws.amazon.com/<service>/pricing), Linux, on-demand, no free
 * tier, no Savings Plans or reserved capacity. Prices change: `PRICE_TABLE_DATE` says when the table was
 * compiled, and the plan prints it next to every estimate. Update the numbers and the date together.
 */

/**
 * When the prices below were compiled from the public pricing pages. Spot-checked on 2026-11-28
 * against published figures (us-east-1: ALB 0.0225/h, NAT gateway 0.045/h, Fargate x86 0.04048 per
 * vCPU-h and 0.004445 per GB-h, ARM 0.03238 and 0.00356, RDS PostgreSQL db.t4g.micro/small/medium
 * 0.016/0.032/0.065 per hour, RDS gp3 0.115 per GB-month, Secrets Manager 0.40 per secret-month,
 * standard alarm 0.10 per month): all unchanged, so the compile date still stands. The other regions
 * were not re-checked.
 */
export const PRICE_TABLE_DATE = "2025-06-01";

/** Hours in the month used for hourly prices (AWS's own convention: 730). */
export const HOURS_PER_MONTH = 730;

export interface RegionPrices {
  /** NAT gateway, per hour (data processing per GB is usage-priced). */
  readonly natGatewayHour: number;
  /** Public IPv4 address (Elastic IP), per hour. */
  readonly publicIpv4Hour: number;
  /** Application Load Balancer, per hour (LCUs are usage-priced). */
  readonly albHour: number;
  /** Fargate Linux/x86 per vCPU-hour and per GB-hour. */
  readonly fargateVcpuHour: number;
  readonly fargateGbHour: number;
  /** Fargate Linux/ARM (Graviton) per vCPU-hour and per GB-hour. */
  readonly fargateArmVcpuHour: number;
  readonly fargateArmGbHour: number;
  /** RDS for PostgreSQL single-AZ instance prices per hour, by class (Multi-AZ is twice the price). */
  readonly rdsPostgresHour: Readonly<Record<string, number>>;
  /** RDS gp3 storage per GB-month, single-AZ (Multi-AZ is twice the price). */
  readonly rdsGp3GbMonth: number;
  /** RDS gp2 storage per GB-month, single-AZ. */
  readonly rdsGp2GbMonth: number;
  /** KMS customer managed key, per month. */
  readonly kmsKeyMonth: number;
  /** Secrets Manager secret, per month. */
  readonly secretMonth: number;
  /** CloudWatch standard-resolution metric alarm, per month (high-resolution: 3x). */
  readonly alarmMonth: number;
  /** CloudWatch composite alarm, per month. */
  readonly compositeAlarmMonth: number;
  /** CloudWatch dashboard, per month. */
  readonly dashboardMonth: number;
  /** CloudWatch Synthetics canary run. */
  readonly canaryRun: number;
  /** VPC interface endpoint, per AZ-hour (data processed per GB is usage-priced). */
  readonly interfaceEndpointAzHour: number;
  /** Route 53 hosted zone, per month (first 25 zones). */
  readonly hostedZoneMonth: number;
  /** Route 53 health check on an AWS endpoint, per month (non-AWS endpoints: `healthCheckOtherMonth`). */
  readonly healthCheckAwsMonth: number;
  readonly healthCheckOtherMonth: number;
  /** WAF web ACL per month and rule per month (requests are usage-priced). */
  readonly wafWebAclMonth: number;
  readonly wafRuleMonth: number;
  /**
   * ElastiCache node-based, Redis OSS engine, per node-hour, by node type (Valkey nodes are
   * {@link VALKEY_NODE_FACTOR} of it). Absent for a region whose node prices the table does not have.
   */
  readonly elasticacheRedisOssHour?: Readonly<Record<string, number>>;
}

/**
 * Valkey node-based clusters cost this fraction of the same Redis OSS node (AWS prices Valkey nodes
 * 20 % lower, announced with the engine in October 2024).
 */
export const VALKEY_NODE_FACTOR = 0.8;

/** Prices per region (the regions the table covers). */
export const PRICES: Readonly<Record<string, RegionPrices>> = {
  "us-east-1": {
    natGatewayHour: 0.045,
    publicIpv4Hour: 0.005,
    albHour: 0.0225,
    fargateVcpuHour: 0.04048,
    fargateGbHour: 0.004445,
    fargateArmVcpuHour: 0.03238,
    fargateArmGbHour: 0.00356,
    rdsPostgresHour: {
      "db.t4g.micro": 0.016,
      "db.t4g.small": 0.032,
      "db.t4g.medium": 0.065,
      "db.t4g.large": 0.129,
      "db.t4g.xlarge": 0.258,
      "db.t3.micro": 0.018,
      "db.t3.small": 0.036,
      "db.t3.medium": 0.072,
      "db.t3.large": 0.145,
      "db.m6g.large": 0.159,
      "db.m6g.xlarge": 0.318,
      "db.m7g.large": 0.168,
      "db.m7g.xlarge": 0.337,
      "db.r6g.large": 0.225,
      "db.r6g.xlarge": 0.45,
      "db.r7g.large": 0.239,
    },
    rdsGp3GbMonth: 0.115,
    rdsGp2GbMonth: 0.115,
    kmsKeyMonth: 1.0,
    secretMonth: 0.4,
    alarmMonth: 0.1,
    compositeAlarmMonth: 0.5,
    dashboardMonth: 3.0,
    canaryRun: 0.0012,
    interfaceEndpointAzHour: 0.01,
    hostedZoneMonth: 0.5,
    healthCheckAwsMonth: 0.5,
    healthCheckOtherMonth: 0.75,
    wafWebAclMonth: 5.0,
    wafRuleMonth: 1.0,
    // From the us-east-1 ElastiCache pricing page (Redis OSS on-demand); other regions not compiled.
    elasticacheRedisOssHour: {
      "cache.t4g.micro": 0.016,
      "cache.t4g.small": 0.032,
      "cache.t4g.medium": 0.065,
      "cache.m7g.large": 0.158,
      "cache.r7g.large": 0.219,
    },
  },
  "eu-west-1": {
    natGatewayHour: 0.048,
    publicIpv4Hour: 0.005,
    albHour: 0.0252,
    fargateVcpuHour: 0.04048,
    fargateGbHour: 0.004445,
    fargateArmVcpuHour: 0.03238,
    fargateArmGbHour: 0.00356,
    rdsPostgresHour: {
      "db.t4g.micro": 0.017,
      "db.t4g.small": 0.034,
      "db.t4g.medium": 0.068,
      "db.t4g.large": 0.136,
      "db.t4g.xlarge": 0.272,
      "db.t3.micro": 0.019,
      "db.t3.small": 0.038,
      "db.t3.medium": 0.076,
      "db.t3.large": 0.152,
      "db.m6g.large": 0.168,
      "db.m6g.xlarge": 0.336,
      "db.m7g.large": 0.178,
      "db.m7g.xlarge": 0.356,
      "db.r6g.large": 0.245,
      "db.r6g.xlarge": 0.49,
      "db.r7g.large": 0.26,
    },
    rdsGp3GbMonth: 0.127,
    rdsGp2GbMonth: 0.127,
    kmsKeyMonth: 1.0,
    secretMonth: 0.4,
    alarmMonth: 0.1,
    compositeAlarmMonth: 0.5,
    dashboardMonth: 3.0,
    canaryRun: 0.0012,
    interfaceEndpointAzHour: 0.011,
    hostedZoneMonth: 0.5,
    healthCheckAwsMonth: 0.5,
    healthCheckOtherMonth: 0.75,
    wafWebAclMonth: 5.0,
    wafRuleMonth: 1.0,
  },
  "eu-central-1": {
    natGatewayHour: 0.052,
    publicIpv4Hour: 0.005,
    albHour: 0.027,
    fargateVcpuHour: 0.04656,
    fargateGbHour: 0.00511,
    fargateArmVcpuHour: 0.03725,
    fargateArmGbHour: 0.00409,
    rdsPostgresHour: {
      "db.t4g.micro": 0.018,
      "db.t4g.small": 0.036,
      "db.t4g.medium": 0.072,
      "db.t4g.large": 0.144,
      "db.t4g.xlarge": 0.288,
      "db.t3.micro": 0.02,
      "db.t3.small": 0.04,
      "db.t3.medium": 0.08,
      "db.t3.large": 0.16,
      "db.m6g.large": 0.18,
      "db.m6g.xlarge": 0.36,
      "db.m7g.large": 0.19,
      "db.m7g.xlarge": 0.381,
      "db.r6g.large": 0.264,
      "db.r6g.xlarge": 0.528,
      "db.r7g.large": 0.28,
    },
    rdsGp3GbMonth: 0.137,
    rdsGp2GbMonth: 0.137,
    kmsKeyMonth: 1.0,
    secretMonth: 0.4,
    alarmMonth: 0.1,
    compositeAlarmMonth: 0.5,
    dashboardMonth: 3.0,
    canaryRun: 0.0013,
    interfaceEndpointAzHour: 0.012,
    hostedZoneMonth: 0.5,
    healthCheckAwsMonth: 0.5,
    healthCheckOtherMonth: 0.75,
    wafWebAclMonth: 5.0,
    wafRuleMonth: 1.0,
  },
};

/** Resource types that are priced by usage only (no fixed monthly price): what they are billed on. */
export const USAGE_PRICED: Readonly<Record<string, string>> = {
  "aws:s3/bucket:Bucket": "S3 storage, requests and data transfer",
  "aws:s3/bucketV2:BucketV2": "S3 storage, requests and data transfer",
  "aws:s3/bucketObject:BucketObject": "S3 storage",
  "aws:s3/bucketObjectv2:BucketObjectv2": "S3 storage",
  "aws:cloudfront/distribution:Distribution": "CloudFront requests and data transfer out",
  "aws:cloudwatch/logGroup:LogGroup": "CloudWatch Logs ingestion and storage",
  "aws:ecr/repository:Repository": "ECR image storage and data transfer",
  "aws:sns/topic:Topic": "SNS publishes and deliveries",
  "aws:sns/topicSubscription:TopicSubscription": "SNS deliveries",
  "aws:ec2/flowLog:FlowLog": "Flow log delivery (vended logs ingestion)",
  "aws:ec2/vpcEndpoint:VpcEndpoint#Gateway": "gateway endpoints are free; data transfer applies",
  "aws:lb/targetGroup:TargetGroup": "billed through the load balancer's LCUs",
  "aws:lb/listener:Listener": "billed through the load balancer's LCUs",
  "aws:lb/listenerRule:ListenerRule": "billed through the load balancer's LCUs (beyond 10 rules)",
  "aws:cloudwatch/eventRule:EventRule": "EventBridge events (AWS service events are free)",
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": "custom metrics published",
  "aws:route53/record:Record": "Route 53 queries (alias queries to AWS resources are free)",
  "aws:ecs/cluster:Cluster": "Container Insights metrics and logs, when enabled",
  "aws:kms/key:Key#requests": "KMS requests",
  "awsx:ecr:Image": "ECR image storage",
  "aws:sqs/queue:Queue": "SQS requests (the first million a month are free) and data transfer",
};

/** Resource types with no charge of their own. */
export const FREE: ReadonlySet<string> = new Set([
  "aws:sqs/queuePolicy:QueuePolicy",
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:elasticache/parameterGroup:ParameterGroup",
  "aws:ec2/vpc:Vpc",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:ec2/route:Route",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/securityGroupRule:SecurityGroupRule",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
  "aws:ec2/networkAcl:NetworkAcl",
  "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:kms/alias:Alias",
  "aws:acm/certificate:Certificate",
  "aws:acm/certificateValidation:CertificateValidation",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  "aws:s3/bucketLogging:BucketLogging",
  "aws:s3/bucketLoggingV2:BucketLoggingV2",
  "aws:cloudfront/originAccessControl:OriginAccessControl",
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
  "aws:cloudfront/cachePolicy:CachePolicy",
  "aws:cloudfront/function:Function",
  "aws:secretsmanager/secretVersion:SecretVersion",
  "aws:secretsmanager/secretRotation:SecretRotation",
  "aws:secretsmanager/secretPolicy:SecretPolicy",
  "aws:sns/topicPolicy:TopicPolicy",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:appautoscaling/target:Target",
  "aws:appautoscaling/policy:Policy",
  "aws:lambda/permission:Permission",
  "random:index/randomPassword:RandomPassword",
  "random:index/randomId:RandomId",
  "random:index/randomString:RandomString",
]);
