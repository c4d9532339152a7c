/**
 * Type tokens the policies match, grouped by what they express. Where @pulumi/aws v7 has several
 * resource types for the same thing (deprecated `V2` S3 resources, `aws.alb.*` aliases of
 * `aws.lb.*`), every token is listed so no spelling escapes a policy.
 */

export const S3_BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
export const S3_PUBLIC_ACCESS_BLOCK = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"] as const;
export const S3_ACCOUNT_PUBLIC_ACCESS_BLOCK = [
  "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
] as const;
export const S3_BUCKET_POLICY = ["aws:s3/bucketPolicy:BucketPolicy"] as const;
export const S3_BUCKET_ACL = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"] as const;
export const S3_BUCKET_LOGGING = [
  "aws:s3/bucketLogging:BucketLogging",
  "aws:s3/bucketLoggingV2:BucketLoggingV2",
] as const;
export const S3_OWNERSHIP_CONTROLS = ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"] as const;
export const S3_LIFECYCLE = [
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
] as const;

export const RDS_INSTANCE = ["aws:rds/instance:Instance"] as const;
export const RDS_CLUSTER = ["aws:rds/cluster:Cluster"] as const;
export const RDS_CLUSTER_INSTANCE = ["aws:rds/clusterInstance:ClusterInstance"] as const;

export const ECS_CLUSTER = ["aws:ecs/cluster:Cluster"] as const;
export const ECS_SERVICE = ["aws:ecs/service:Service"] as const;
export const ECS_TASK_DEFINITION = ["aws:ecs/taskDefinition:TaskDefinition"] as const;

export const ECR_REPOSITORY = ["aws:ecr/repository:Repository"] as const;
export const ECR_LIFECYCLE_POLICY = ["aws:ecr/lifecyclePolicy:LifecyclePolicy"] as const;
export const ECR_REGISTRY_SCANNING = [
  "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
] as const;

export const CLOUDFRONT_DISTRIBUTION = ["aws:cloudfront/distribution:Distribution"] as const;
export const CLOUDWATCH_LOG_DELIVERY_SOURCE = ["aws:cloudwatch/logDeliverySource:LogDeliverySource"] as const;
export const CLOUDWATCH_LOG_DELIVERY = ["aws:cloudwatch/logDelivery:LogDelivery"] as const;

export const LOAD_BALANCER = [
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:alb/loadBalancer:LoadBalancer",
] as const;
export const LISTENER = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
/** Classic Load Balancer (`aws.elb.LoadBalancer`): in scope of ELB.5 (access logs). */
export const CLASSIC_LOAD_BALANCER = ["aws:elb/loadBalancer:LoadBalancer"] as const;

export const VPC = ["aws:ec2/vpc:Vpc"] as const;
export const SUBNET = ["aws:ec2/subnet:Subnet"] as const;
export const FLOW_LOG = ["aws:ec2/flowLog:FlowLog"] as const;
export const SECURITY_GROUP = ["aws:ec2/securityGroup:SecurityGroup"] as const;
export const DEFAULT_SECURITY_GROUP = ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"] as const;
export const SECURITY_GROUP_RULE = ["aws:ec2/securityGroupRule:SecurityGroupRule"] as const;
export const VPC_INGRESS_RULE = ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"] as const;
export const VPC_EGRESS_RULE = ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"] as const;

export const SECRET = ["aws:secretsmanager/secret:Secret"] as const;
export const SECRET_ROTATION = ["aws:secretsmanager/secretRotation:SecretRotation"] as const;

export const KMS_KEY = ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"] as const;
export const KMS_KEY_POLICY = ["aws:kms/keyPolicy:KeyPolicy"] as const;

export const IAM_MANAGED_POLICY = ["aws:iam/policy:Policy"] as const;
export const IAM_INLINE_POLICY = [
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
] as const;
export const IAM_ROLE = ["aws:iam/role:Role"] as const;

export const SNS_TOPIC = ["aws:sns/topic:Topic"] as const;
export const LOG_GROUP = ["aws:cloudwatch/logGroup:LogGroup"] as const;
export const METRIC_ALARM = ["aws:cloudwatch/metricAlarm:MetricAlarm"] as const;
export const COMPOSITE_ALARM = ["aws:cloudwatch/compositeAlarm:CompositeAlarm"] as const;
export const LAMBDA_FUNCTION = ["aws:lambda/function:Function"] as const;
export const SSM_PARAMETER = ["aws:ssm/parameter:Parameter"] as const;

/** True when `type` is one of `tokens`. */
export function isOneOf(type: string, tokens: readonly string[]): boolean {
  return tokens.includes(type);
}

export const ECR_REPOSITORY_POLICY = ["aws:ecr/repositoryPolicy:RepositoryPolicy"] as const;
export const SQS_QUEUE = ["aws:sqs/queue:Queue"] as const;
export const ELASTICACHE_REPLICATION_GROUP = ["aws:elasticache/replicationGroup:ReplicationGroup"] as const;
export const ELASTICACHE_CLUSTER = ["aws:elasticache/cluster:Cluster"] as const;
export const SQS_QUEUE_POLICY = ["aws:sqs/queuePolicy:QueuePolicy"] as const;
export const SECRET_POLICY = ["aws:secretsmanager/secretPolicy:SecretPolicy"] as const;
export const LAMBDA_PERMISSION = ["aws:lambda/permission:Permission"] as const;
export const LAMBDA_FUNCTION_URL = ["aws:lambda/functionUrl:FunctionUrl"] as const;
export const IAM_USER_POLICY = ["aws:iam/userPolicy:UserPolicy"] as const;
export const IAM_POLICY_ATTACHMENTS = [
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  "aws:iam/policyAttachment:PolicyAttachment",
] as const;
export const IAM_USER_POLICY_ATTACHMENT = ["aws:iam/userPolicyAttachment:UserPolicyAttachment"] as const;
export const IAM_ACCOUNT_PASSWORD_POLICY = ["aws:iam/accountPasswordPolicy:AccountPasswordPolicy"] as const;
export const RDS_PARAMETER_GROUPS = [
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup",
] as const;
export const APIGATEWAY_STAGE = ["aws:apigateway/stage:Stage"] as const;
export const APIGATEWAY_V2_STAGE = ["aws:apigatewayv2/stage:Stage"] as const;
export const APIGATEWAY_METHOD = ["aws:apigateway/method:Method"] as const;
export const APIGATEWAY_METHOD_SETTINGS = ["aws:apigateway/methodSettings:MethodSettings"] as const;
export const APIGATEWAY_V2_ROUTE = ["aws:apigatewayv2/route:Route"] as const;
export const APIGATEWAY_DOMAIN_NAMES = [
  "aws:apigateway/domainName:DomainName",
  "aws:apigatewayv2/domainName:DomainName",
] as const;
export const BACKUP_VAULT = ["aws:backup/vault:Vault"] as const;
export const S3_VERSIONING = [
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
] as const;
export const TARGET_GROUP = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"] as const;
export const NETWORK_ACL_RULE = ["aws:ec2/networkAclRule:NetworkAclRule"] as const;
export const NETWORK_ACL = [
  "aws:ec2/networkAcl:NetworkAcl",
  "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
] as const;
export const DEFAULT_VPC = ["aws:ec2/defaultVpc:DefaultVpc"] as const;
