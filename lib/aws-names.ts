/**
 * AWS resource names as the Pulumi AWS provider (@pulumi/aws 7.x) makes and checks them: one rule per
 * resource type the program registers, and the functions that apply them (autonaming, prefix names,
 * validation, names that always fit). Pure data and small functions; imports nothing of the project.
 *
 * How the provider names a resource (pulumi/pulumi-aws, read for this table):
 * - `provider/autonaming.go` `setAutonaming`: every resource with an input property `name` is autonamed
 *   `tfbridge.AutoName("name", 255, "-")` unless overridden: `<logical name>-<7 random hex chars>`, and an
 *   error ("... plus 7 random chars is longer than maximum length N") when that is longer than N. The
 *   provider never cuts a name.
 * - `provider/resource_overrides.go` and `provider/aliases.go` override the length (and case) for some
 *   types: target group 32, IAM role 64, CloudWatch event rule 64, Lambda 64, SQS 80, SNS topic 80,
 *   S3 bucket 63 lowercase, ElastiCache cluster 50 / replication group 40 lowercase, KMS alias 238 with
 *   `alias/` prepended, event target id 255, Lambda permission statement id 100. Route 53 record names
 *   are never autonamed (they are DNS names).
 * - After autonaming, the upstream (Terraform) schema validates the name (e.g. ALB 32 characters,
 *   alphanumeric and hyphens): the `maxLength`/`pattern` below. A `*Prefix` property is completed by
 *   Terraform's `id.PrefixedUniqueId` with 26 characters (timestamp digits and a hex counter).
 * - AWS's own limits (API references, linked per rule) where they are stricter than the schema.
 */
import { createHash } from "node:crypto";

/** How the provider fills in a name the program leaves out. */
export interface AutoNaming {
  /** Longest autoname accepted: `<logical>-<7 chars>` longer than this is an error. */
  readonly maxLength: number;
  /** The provider lowercases the logical name first. @default false */
  readonly lowercase?: boolean;
  /** Prepended after autonaming (KMS aliases: `alias/`). */
  readonly prefix?: string;
}

/** The name rule of one resource type. */
export interface NameRule {
  /** Input property holding the physical name (Pulumi's name, e.g. `name`, `bucket`, `identifier`). */
  readonly property: string;
  /** Provider autonaming when `property` is left out; false: the property is required. */
  readonly autoname: AutoNaming | false;
  /** `*Prefix` property Terraform completes with {@link PREFIX_SUFFIX_LENGTH} characters. */
  readonly prefixProperty?: string;
  /** Shortest name. @default 1 */
  readonly minLength?: number;
  /** Longest name AWS (or the provider's schema) accepts. */
  readonly maxLength: number;
  /** Characters allowed (the whole name must match). */
  readonly pattern: RegExp;
  /** The characters in words, for messages. */
  readonly allowed: string;
  /** Must start with a letter. @default false */
  readonly startsWithLetter?: boolean;
  /** Must not start or end with a hyphen. @default false */
  readonly noEdgeHyphen?: boolean;
  /** Must not contain `--`. @default false */
  readonly noDoubleHyphen?: boolean;
  /** Every name starts with this (KMS: `alias/`). */
  readonly requiredPrefix?: string;
  /** Names may not start with these. */
  readonly forbiddenPrefixes?: readonly string[];
  /**
   * Inputs whose change replaces the resource: part of the hash of a fitted name, so the replacement
   * gets a new name and can be created before the old one is deleted.
   */
  readonly replaceOn?: readonly string[];
  /** Where the limits come from. */
  readonly source: string;
}

/** A type with no provider-side physical name to check (ids are assigned by AWS, or it is not AWS). */
export interface Unnamed {
  readonly unnamed: string;
}

/** Characters Terraform's `id.PrefixedUniqueId` appends to a `*Prefix` (terraform-plugin-sdk `UniqueIDSuffixLength`). */
export const PREFIX_SUFFIX_LENGTH = 26;
/** Random characters the Pulumi bridge appends when autonaming (`resource.NewUniqueHex(name + "-", 7, max)`). */
export const AUTONAME_RANDOM_LENGTH = 7;

const P = "pulumi-aws provider/autonaming.go (AutoName 255)";
const O = "pulumi-aws provider/resource_overrides.go";
const ALNUM_HYPHEN = { pattern: /^[A-Za-z0-9-]+$/, allowed: "letters, digits and hyphens" } as const;
const ALNUM_HYPHEN_UNDERSCORE = {
  pattern: /^[A-Za-z0-9_-]+$/,
  allowed: "letters, digits, hyphens and underscores",
} as const;
const LOWER_ALNUM_HYPHEN = {
  pattern: /^[a-z0-9-]+$/,
  allowed: "lowercase letters, digits and hyphens",
} as const;
const IAM_CHARS = { pattern: /^[\w+=,.@-]+$/, allowed: "letters, digits and +=,.@_-" } as const;
const PRINTABLE = { pattern: /^[\x20-\x7e]+$/, allowed: "printable ASCII" } as const;
const DEFAULT_AUTONAME: AutoNaming = { maxLength: 255 };

const unnamed = (why: string): Unnamed => ({ unnamed: why });
const NO_NAME = unnamed("no name property: AWS assigns the id");
const SUB_RESOURCE = unnamed("configures a parent resource named elsewhere");

/**
 * Every resource type the program registers (both bundled-example stacks, the ledger fixture, and the
 * components' optional parts), with its name rule or why it has none. `lib/aws-names.test.ts` fails when
 * the program registers a type missing here.
 */
export const AWS_NAME_RULES: Readonly<Record<string, NameRule | Unnamed>> = {
  // --- Load balancing ---------------------------------------------------------------------------
  "aws:lb/targetGroup:TargetGroup": {
    property: "name",
    autoname: { maxLength: 32 },
    maxLength: 32,
    ...ALNUM_HYPHEN,
    noEdgeHyphen: true,
    replaceOn: ["port", "protocol", "targetType", "protocolVersion"],
    source:
      'pulumi-aws provider/aliases.go AutoName("name", 32); AWS API_CreateTargetGroup: 32, alphanumeric and hyphens, no leading/trailing hyphen',
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 32,
    ...ALNUM_HYPHEN,
    noEdgeHyphen: true,
    forbiddenPrefixes: ["internal-"],
    replaceOn: ["internal", "loadBalancerType"],
    source: `${P}; schema/AWS API_CreateLoadBalancer: 32, alphanumeric and hyphens, no leading/trailing hyphen, not internal-`,
  },
  "aws:lb/listener:Listener": NO_NAME,
  "aws:lb/listenerRule:ListenerRule": NO_NAME,
  // --- IAM --------------------------------------------------------------------------------------
  "aws:iam/role:Role": {
    property: "name",
    autoname: { maxLength: 64 },
    prefixProperty: "namePrefix",
    maxLength: 64,
    ...IAM_CHARS,
    source: `${O} aws_iam_role AutoName 64; IAM quotas: role name 64`,
  },
  "aws:iam/rolePolicy:RolePolicy": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    prefixProperty: "namePrefix",
    maxLength: 128,
    ...IAM_CHARS,
    source: `${P}; IAM quotas: inline policy name 128`,
  },
  "aws:iam/policy:Policy": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    prefixProperty: "namePrefix",
    maxLength: 128,
    ...IAM_CHARS,
    source: `${P}; IAM quotas: managed policy name 128`,
  },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": NO_NAME,
  // --- RDS --------------------------------------------------------------------------------------
  "aws:rds/instance:Instance": {
    property: "identifier",
    autoname: DEFAULT_AUTONAME,
    prefixProperty: "identifierPrefix",
    maxLength: 63,
    ...LOWER_ALNUM_HYPHEN,
    startsWithLetter: true,
    noEdgeHyphen: true,
    noDoubleHyphen: true,
    source: `${O} aws_db_instance (randlen 7, max 255); AWS CreateDBInstance DBInstanceIdentifier: 1-63, lowercase letters/digits/hyphens, starts with a letter, no -- or trailing hyphen`,
  },
  "aws:rds/subnetGroup:SubnetGroup": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    prefixProperty: "namePrefix",
    maxLength: 255,
    pattern: /^[ .0-9a-z_-]+$/,
    allowed: "lowercase letters, digits, spaces, periods, underscores and hyphens",
    forbiddenPrefixes: ["default"],
    source: `${P}; schema validation ^[ .0-9a-z-_]+$, 255, not "default"`,
  },
  "aws:rds/parameterGroup:ParameterGroup": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    prefixProperty: "namePrefix",
    maxLength: 255,
    ...LOWER_ALNUM_HYPHEN,
    startsWithLetter: true,
    noEdgeHyphen: true,
    noDoubleHyphen: true,
    source: `${P}; AWS CreateDBParameterGroup: 1-255 letters/digits/hyphens, starts with a letter, no -- or trailing hyphen; schema: lowercase`,
  },
  // --- ElastiCache ------------------------------------------------------------------------------
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    property: "replicationGroupId",
    autoname: { maxLength: 40, lowercase: true },
    maxLength: 40,
    ...LOWER_ALNUM_HYPHEN,
    startsWithLetter: true,
    noEdgeHyphen: true,
    noDoubleHyphen: true,
    source: `${O} aws_elasticache_replication_group AutoNameTransform 40 lowercase; AWS CreateReplicationGroup: 1-40`,
  },
  "aws:elasticache/cluster:Cluster": {
    property: "clusterId",
    autoname: { maxLength: 50, lowercase: true },
    maxLength: 50,
    ...LOWER_ALNUM_HYPHEN,
    startsWithLetter: true,
    noEdgeHyphen: true,
    noDoubleHyphen: true,
    source: `${O} aws_elasticache_cluster AutoNameTransform 50 lowercase; AWS CreateCacheCluster: 1-50`,
  },
  "aws:elasticache/subnetGroup:SubnetGroup": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 255,
    ...LOWER_ALNUM_HYPHEN,
    source: `${P}; AWS CreateCacheSubnetGroup: 255 alphanumeric/hyphens, stored lowercase`,
  },
  "aws:elasticache/parameterGroup:ParameterGroup": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 255,
    ...LOWER_ALNUM_HYPHEN,
    startsWithLetter: true,
    noEdgeHyphen: true,
    noDoubleHyphen: true,
    source: `${P}; AWS CreateCacheParameterGroup: 255, starts with a letter, stored lowercase`,
  },
  // --- Messaging --------------------------------------------------------------------------------
  "aws:sqs/queue:Queue": {
    property: "name",
    autoname: { maxLength: 80 },
    prefixProperty: "namePrefix",
    maxLength: 80,
    pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
    allowed: "letters, digits, hyphens and underscores (FIFO: .fifo suffix)",
    source: `${O} aws_sqs_queue AutoName 80; AWS CreateQueue: 1-80`,
  },
  "aws:sqs/queuePolicy:QueuePolicy": SUB_RESOURCE,
  "aws:sqs/redrivePolicy:RedrivePolicy": SUB_RESOURCE,
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": SUB_RESOURCE,
  "aws:sns/topic:Topic": {
    property: "name",
    autoname: { maxLength: 80 },
    prefixProperty: "namePrefix",
    maxLength: 256,
    pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
    allowed: "letters, digits, hyphens and underscores (FIFO: .fifo suffix)",
    source: `${O} aws_sns_topic AutoName 80; AWS CreateTopic: 1-256`,
  },
  "aws:sns/topicPolicy:TopicPolicy": SUB_RESOURCE,
  "aws:sns/topicSubscription:TopicSubscription": NO_NAME,
  "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": {
    property: "configurationName",
    autoname: false,
    maxLength: 128,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: "AWS Chatbot CreateSlackChannelConfiguration ConfigurationName: 1-128, [A-Za-z0-9-_]",
  },
  // --- Compute ----------------------------------------------------------------------------------
  "aws:lambda/function:Function": {
    property: "name",
    autoname: { maxLength: 64 },
    maxLength: 64,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: `${O} aws_lambda_function AutoName 64; AWS CreateFunction: 64`,
  },
  "aws:lambda/permission:Permission": NO_NAME,
  "aws:ecs/cluster:Cluster": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 255,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: `${P}; AWS CreateCluster: 255 letters/digits/hyphens/underscores`,
  },
  "aws:ecs/service:Service": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 255,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: `${P}; AWS CreateService: 255 letters/digits/hyphens/underscores`,
  },
  "aws:ecs/taskDefinition:TaskDefinition": {
    property: "family",
    autoname: false,
    maxLength: 255,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: "AWS RegisterTaskDefinition family: 255 letters/digits/hyphens/underscores (required input)",
  },
  "aws:ecr/repository:Repository": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    minLength: 2,
    maxLength: 256,
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    allowed: "lowercase letters, digits and single . _ - / separators",
    source: `${P}; AWS CreateRepository: 2-256, lowercase pattern`,
  },
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": SUB_RESOURCE,
  "aws:appautoscaling/policy:Policy": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 255,
    ...PRINTABLE,
    source: `${P}; schema 1-255`,
  },
  "aws:appautoscaling/target:Target": NO_NAME,
  // --- Storage ----------------------------------------------------------------------------------
  "aws:s3/bucket:Bucket": {
    property: "bucket",
    autoname: { maxLength: 63, lowercase: true },
    prefixProperty: "bucketPrefix",
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    allowed: "lowercase letters, digits, periods and hyphens, starting and ending with a letter or digit",
    forbiddenPrefixes: ["xn--", "sthree-", "amzn-s3-demo-"],
    source: `${O} aws_s3_bucket AutoNameTransform 63 lowercase; S3 bucket naming rules: 3-63`,
  },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": SUB_RESOURCE,
  "aws:s3/bucketLogging:BucketLogging": SUB_RESOURCE,
  "aws:s3/bucketObjectv2:BucketObjectv2": unnamed("an object key, not a resource name"),
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": SUB_RESOURCE,
  "aws:s3/bucketPolicy:BucketPolicy": SUB_RESOURCE,
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": SUB_RESOURCE,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": SUB_RESOURCE,
  "aws:s3/bucketVersioning:BucketVersioning": SUB_RESOURCE,
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": SUB_RESOURCE,
  "aws:s3/bucketNotification:BucketNotification": SUB_RESOURCE,
  // --- Logs, metrics, events --------------------------------------------------------------------
  "aws:cloudwatch/logGroup:LogGroup": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    prefixProperty: "namePrefix",
    maxLength: 512,
    pattern: /^[._\-/#A-Za-z0-9]+$/,
    allowed: "letters, digits and ._-/#",
    source: `${P}; AWS CreateLogGroup: 1-512, [.-_/#A-Za-z0-9]`,
  },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 512,
    pattern: /^[^:*]+$/,
    allowed: "any characters but : and *",
    source: `${P}; AWS PutMetricFilter filterName: 1-512, no : or *`,
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 255,
    ...PRINTABLE,
    source: `${O} aws_cloudwatch_metric_alarm AutoName 255; AWS PutMetricAlarm: 1-255`,
  },
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
    property: "alarmName",
    autoname: false,
    maxLength: 255,
    ...PRINTABLE,
    source: "AWS PutCompositeAlarm AlarmName: 1-255",
  },
  "aws:cloudwatch/dashboard:Dashboard": {
    property: "dashboardName",
    autoname: false,
    maxLength: 255,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: "AWS PutDashboard DashboardName: 255, letters/digits/-_ (required input)",
  },
  "aws:cloudwatch/eventRule:EventRule": {
    property: "name",
    autoname: { maxLength: 64 },
    prefixProperty: "namePrefix",
    maxLength: 64,
    pattern: /^[._A-Za-z0-9-]+$/,
    allowed: "letters, digits and ._-",
    source: `${O} aws_cloudwatch_event_rule AutoName 64; AWS PutRule: 1-64`,
  },
  "aws:cloudwatch/eventTarget:EventTarget": {
    property: "targetId",
    autoname: DEFAULT_AUTONAME,
    maxLength: 64,
    pattern: /^[._A-Za-z0-9-]+$/,
    allowed: "letters, digits and ._-",
    source: `${O} aws_cloudwatch_event_target AutoName targetId 255; AWS PutTargets Id: 1-64`,
  },
  "aws:cloudwatch/logDeliverySource:LogDeliverySource": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 60,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: `${P}; AWS PutDeliverySource name: 1-60, [\\w-]`,
  },
  "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 60,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: `${P}; AWS PutDeliveryDestination name: 1-60, [\\w-]`,
  },
  "aws:cloudwatch/logDelivery:LogDelivery": NO_NAME,
  "aws:synthetics/canary:Canary": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 21,
    pattern: /^[0-9a-z_-]+$/,
    allowed: "lowercase letters, digits, hyphens and underscores",
    source: `${P}; the canary's Lambda is cwsyn-<name>-<36-char id> within Lambda's 64: 21 (CloudWatch Synthetics canary naming; the SDK schema says 255)`,
  },
  // --- Network ----------------------------------------------------------------------------------
  "aws:ec2/securityGroup:SecurityGroup": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    prefixProperty: "namePrefix",
    maxLength: 255,
    pattern: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
    allowed: "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
    forbiddenPrefixes: ["sg-"],
    source: `${P}; AWS CreateSecurityGroup GroupName: 255, not sg-`,
  },
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": NO_NAME,
  "aws:ec2/eip:Eip": NO_NAME,
  "aws:ec2/flowLog:FlowLog": NO_NAME,
  "aws:ec2/internetGateway:InternetGateway": NO_NAME,
  "aws:ec2/natGateway:NatGateway": NO_NAME,
  "aws:ec2/routeTable:RouteTable": NO_NAME,
  "aws:ec2/routeTableAssociation:RouteTableAssociation": NO_NAME,
  "aws:ec2/route:Route": NO_NAME,
  "aws:ec2/subnet:Subnet": NO_NAME,
  "aws:ec2/vpc:Vpc": NO_NAME,
  "aws:ec2/vpcEndpoint:VpcEndpoint": NO_NAME,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": NO_NAME,
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": NO_NAME,
  "aws:route53/record:Record": {
    property: "name",
    autoname: false,
    maxLength: 255,
    pattern: /^[A-Za-z0-9_.*-]+\.?$/,
    allowed: "a DNS name",
    source: `${O} aws_route53_record: never autonamed (a DNS name); RFC 1035: 255`,
  },
  // --- Certificates, keys, secrets --------------------------------------------------------------
  "aws:acm/certificate:Certificate": NO_NAME,
  "aws:acm/certificateValidation:CertificateValidation": NO_NAME,
  "aws:kms/key:Key": NO_NAME,
  "aws:kms/alias:Alias": {
    property: "name",
    autoname: { maxLength: 238, prefix: "alias/" },
    prefixProperty: "namePrefix",
    maxLength: 256,
    pattern: /^alias\/[A-Za-z0-9/_-]+$/,
    allowed: "alias/ then letters, digits and /_-",
    requiredPrefix: "alias/",
    forbiddenPrefixes: ["alias/aws/"],
    source: `${O} aws_kms_alias (238, alias/ prepended); AWS CreateAlias: 1-256`,
  },
  "aws:secretsmanager/secret:Secret": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    prefixProperty: "namePrefix",
    maxLength: 512,
    pattern: /^[A-Za-z0-9/_+=.@-]+$/,
    allowed: "letters, digits and /_+=.@-",
    source: `${P}; AWS CreateSecret Name: 1-512`,
  },
  "aws:secretsmanager/secretVersion:SecretVersion": SUB_RESOURCE,
  "aws:secretsmanager/secretRotation:SecretRotation": SUB_RESOURCE,
  // --- CloudFront -------------------------------------------------------------------------------
  "aws:cloudfront/distribution:Distribution": NO_NAME,
  "aws:cloudfront/function:Function": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 64,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: `${P}; AWS CreateFunction (CloudFront): 1-64, [a-zA-Z0-9-_]`,
  },
  "aws:cloudfront/originAccessControl:OriginAccessControl": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 64,
    ...PRINTABLE,
    source: `${P}; AWS CreateOriginAccessControl Name: 64`,
  },
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 128,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: `${P}; AWS CreateResponseHeadersPolicy Name: 128`,
  },
  // --- WAF, backup, account baseline ------------------------------------------------------------
  "aws:wafv2/webAcl:WebAcl": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    prefixProperty: "namePrefix",
    maxLength: 128,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: `${P}; AWS WAFV2 CreateWebACL Name: 1-128, ^[\\w-]+$`,
  },
  "aws:wafv2/webAclAssociation:WebAclAssociation": NO_NAME,
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": SUB_RESOURCE,
  "aws:backup/vault:Vault": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    minLength: 2,
    maxLength: 50,
    ...ALNUM_HYPHEN_UNDERSCORE,
    source: `${P}; AWS Backup CreateBackupVault: 2-50, ^[a-zA-Z0-9\\-\\_]{2,50}$`,
  },
  "aws:backup/plan:Plan": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 50,
    pattern: /^[A-Za-z0-9._-]+$/,
    allowed: "letters, digits and ._-",
    source: `${P}; AWS Backup CreateBackupPlan BackupPlanName: 1-50`,
  },
  "aws:backup/selection:Selection": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 50,
    pattern: /^[A-Za-z0-9._-]+$/,
    allowed: "letters, digits and ._-",
    source: `${P}; AWS Backup CreateBackupSelection SelectionName: 1-50`,
  },
  "aws:backup/vaultPolicy:VaultPolicy": SUB_RESOURCE,
  "aws:cloudtrail/trail:Trail": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    minLength: 3,
    maxLength: 128,
    pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/,
    allowed: "letters, digits and ._-, starting and ending with a letter or digit",
    source: `${P}; AWS CloudTrail CreateTrail: 3-128`,
  },
  "aws:guardduty/detector:Detector": NO_NAME,
  "aws:securityhub/account:Account": NO_NAME,
  "aws:securityhub/standardsSubscription:StandardsSubscription": NO_NAME,
  "aws:cfg/recorder:Recorder": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 256,
    ...PRINTABLE,
    source: `${P}; AWS Config PutConfigurationRecorder: 1-256`,
  },
  "aws:cfg/deliveryChannel:DeliveryChannel": {
    property: "name",
    autoname: DEFAULT_AUTONAME,
    maxLength: 256,
    ...PRINTABLE,
    source: `${P}; AWS Config PutDeliveryChannel: 1-256`,
  },
  "aws:cfg/recorderStatus:RecorderStatus": unnamed("names the recorder it starts"),
  // --- Not AWS resources ------------------------------------------------------------------------
  "pulumi:providers:aws": unnamed("a provider, not a cloud resource"),
  "random:index/randomPassword:RandomPassword": unnamed("not a cloud resource"),
  "random:index/randomId:RandomId": unnamed("not a cloud resource"),
};

/** The name rule of a type, undefined for types without a physical name or missing from the table. */
export function nameRule(type: string): NameRule | undefined {
  const entry = AWS_NAME_RULES[type];
  return entry && !("unnamed" in entry) ? entry : undefined;
}

/** Short stable hash (lowercase hex) of the parts. */
export function shortHash(parts: readonly string[], length = AUTONAME_RANDOM_LENGTH): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, length);
}

/**
 * `text` when it has at most `max` characters, else its start cut at a hyphen-free end plus `-` and a
 * stable 7-character hash of the whole text: deterministic, so the same input always gives the same
 * name, and unchanged below the limit, so existing resources keep their names.
 */
export function fitLength(text: string, max: number): string {
  if (text.length <= max) return text;
  const hash = shortHash([text]);
  return `${text.slice(0, Math.max(0, max - hash.length - 1)).replace(/[-._]+$/, "")}-${hash}`;
}

/** What the provider would make of a resource's name inputs. */
export type PhysicalName =
  | { readonly kind: "explicit" | "prefix" | "autoname"; readonly name: string }
  | { readonly kind: "autoname-error"; readonly problem: string; readonly name: string }
  | { readonly kind: "unknown" };

/**
 * The physical name the provider would give a resource: the explicit `property`, else the `*Prefix` plus
 * Terraform's 26 characters, else the provider's autoname `<logical>-<7 hex>` (hex from `random`). An
 * explicit value that is not a plain string (an unknown Output offline) is `unknown`.
 */
export function physicalName(
  rule: NameRule,
  logicalName: string,
  inputs: Readonly<Record<string, unknown>>,
  random: string = shortHash([logicalName]),
): PhysicalName {
  const explicit = inputs[rule.property];
  if (explicit !== undefined && explicit !== null && explicit !== "")
    return typeof explicit === "string" ? { kind: "explicit", name: explicit } : { kind: "unknown" };
  const prefix = rule.prefixProperty ? inputs[rule.prefixProperty] : undefined;
  if (prefix !== undefined && prefix !== null && prefix !== "") {
    if (typeof prefix !== "string") return { kind: "unknown" };
    // id.PrefixedUniqueId: a UTC timestamp to the 1/10000 s (18 digits) and an 8-hex-digit counter.
    return { kind: "prefix", name: `${prefix}${"20261204150405".padEnd(18, "0")}${"0".repeat(7)}1` };
  }
  if (rule.autoname === false) return { kind: "unknown" };
  const auto = rule.autoname;
  const base = `${auto.lowercase ? logicalName.toLowerCase() : logicalName}-`;
  const name = `${auto.prefix ?? ""}${base}${random.slice(0, AUTONAME_RANDOM_LENGTH)}`;
  if (base.length + AUTONAME_RANDOM_LENGTH > auto.maxLength)
    return {
      kind: "autoname-error",
      name,
      problem: `the provider autonames it "${base}" plus ${AUTONAME_RANDOM_LENGTH} random characters, longer than its maximum ${auto.maxLength}`,
    };
  return { kind: "autoname", name };
}

/** What is wrong with `name` under `rule` (empty when AWS accepts it). */
export function nameProblems(rule: NameRule, name: string): string[] {
  const out: string[] = [];
  if (name.length > rule.maxLength)
    out.push(`is ${name.length} characters, more than the ${rule.maxLength} AWS allows`);
  if (name.length < (rule.minLength ?? 1))
    out.push(`is ${name.length} characters, fewer than the ${rule.minLength ?? 1} AWS requires`);
  if (!rule.pattern.test(name)) out.push(`may contain only ${rule.allowed}`);
  if (rule.requiredPrefix && !name.startsWith(rule.requiredPrefix))
    out.push(`must start with ${rule.requiredPrefix}`);
  const body =
    rule.requiredPrefix && name.startsWith(rule.requiredPrefix)
      ? name.slice(rule.requiredPrefix.length)
      : name;
  if (rule.startsWithLetter && !/^[A-Za-z]/.test(body)) out.push("must start with a letter");
  if (rule.noEdgeHyphen && (body.startsWith("-") || body.endsWith("-")))
    out.push("must not start or end with a hyphen");
  if (rule.noDoubleHyphen && body.includes("--")) out.push("must not contain two hyphens in a row");
  for (const p of rule.forbiddenPrefixes ?? [])
    if (name.toLowerCase().startsWith(p)) out.push(`must not start with ${p}`);
  return out;
}

/** Longest `*Prefix` under `rule`: Terraform appends 26 characters. */
export function maxPrefixLength(rule: NameRule): number {
  return rule.maxLength - PREFIX_SUFFIX_LENGTH;
}

/**
 * Make `text` use only letters, digits and single hyphens, which every named rule here accepts
 * (lowercased where the rule rejects capitals); anything else becomes a hyphen.
 */
function sanitize(rule: NameRule, text: string): string {
  const s = rule.pattern.test("A") || rule.pattern.test("alias/A") ? text : text.toLowerCase();
  return s.replace(/[^A-Za-z0-9-]+/g, "-").replace(/-{2,}/g, "-");
}

/**
 * A deterministic explicit name that always satisfies `rule`: `text` (sanitized; cut in the middle when
 * too long, keeping its start and end), then `-` and a
 * 7-character hash of `text` and `salt`. Same inputs, same name; different inputs (e.g. the settings whose
 * change replaces the resource, passed as `salt`) give a different name, so a replacement never collides
 * with the name it replaces.
 */
export function fitName(rule: NameRule, text: string, salt: readonly string[] = []): string {
  const hash = shortHash([text, ...salt]);
  const required = rule.requiredPrefix ?? "";
  const body = sanitize(rule, text.startsWith(required) ? text.slice(required.length) : text);
  const room = rule.maxLength - required.length - hash.length - 1;
  let head = body;
  if (head.length > room) {
    // Keep the start (project and stack) and the end (the resource's role, e.g. `tg-blue`).
    const tail = room >= 12 ? body.slice(-Math.min(10, Math.floor(room / 3))).replace(/^[-._]+/, "") : "";
    head = `${body.slice(0, Math.max(0, room - tail.length - 1)).replace(/[-._]+$/, "")}-${tail}`;
    head = head.slice(0, Math.max(0, room));
  }
  head = head.replace(/[-._]+$/, "");
  if (rule.startsWithLetter && !/^[a-z]/i.test(head)) head = `r${head}`.slice(0, Math.max(1, room));
  head = head.replace(/^[-._]+/, "");
  return `${required}${head ? `${head}-` : ""}${hash}`;
}

/**
 * A `*Prefix` that fits `rule` (with Terraform's 26 characters): `prefix` when it does, else cut with a
 * 7-character hash and a trailing hyphen.
 */
export function fitPrefix(rule: NameRule, prefix: string): string {
  const max = maxPrefixLength(rule);
  if (prefix.length <= max) return prefix;
  const hash = shortHash([prefix]);
  const head = sanitize(rule, prefix)
    .slice(0, max - hash.length - 2)
    .replace(/[-._]+$/, "");
  return `${head}-${hash}-`;
}

/**
 * The explicit name (or prefix) a resource needs so that the provider accepts it, or undefined when the
 * provider's own naming already does: the name is left to the provider wherever it fits, so a stack that
 * deploys today keeps every name (no replacement); only names that could never be created change.
 */
export function nameFix(
  type: string,
  logicalName: string,
  inputs: Readonly<Record<string, unknown>>,
): { readonly property: string; readonly value: string } | undefined {
  const rule = nameRule(type);
  if (!rule) return undefined;
  const physical = physicalName(rule, logicalName, inputs);
  if (physical.kind === "explicit" || physical.kind === "unknown") return undefined;
  if (physical.kind === "prefix") {
    const prefix = inputs[rule.prefixProperty!] as string;
    const fitted = fitPrefix(rule, prefix);
    return fitted === prefix ? undefined : { property: rule.prefixProperty!, value: fitted };
  }
  if (physical.kind === "autoname" && nameProblems(rule, physical.name).length === 0) return undefined;
  const salt = (rule.replaceOn ?? []).map((k) => {
    const v = inputs[k];
    return ["string", "number", "boolean"].includes(typeof v) ? `${k}=${String(v)}` : `${k}`;
  });
  return { property: rule.property, value: fitName(rule, logicalName, salt) };
}
