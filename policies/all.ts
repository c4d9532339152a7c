/**
 * The slipway-baseline policy list, importable in-process without constructing a `PolicyPack`
 * (whose constructor serves gRPC to the Pulumi engine). `index.ts` builds the pack from this list;
 * tests and the offline runner evaluate it through `harness.ts`.
 */
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import { ec2RestrictNaclAdminPorts } from "./ec2/ec2-restrict-nacl-admin-ports";
import { snsProhibitPublicAccess } from "./sns/sns-prohibit-public-access";
import { ecsUseLatestFargatePlatform } from "./ecs/ecs-use-latest-fargate-platform";
import { controlsOf } from "./lib/meta";
import { forbidPlaintextSecrets } from "./operations/forbid-plaintext-secrets";
import { requireTags } from "./operations/require-tags";
import { requireDescriptions } from "./operations/require-descriptions";
import { secretsmanagerEnableRotation } from "./secretsmanager/secretsmanager-enable-rotation";
import { kmsRestrictDecryptInManagedPolicies } from "./kms/kms-restrict-decrypt-in-managed-policies";
import { kmsRestrictDecryptInInlinePolicies } from "./kms/kms-restrict-decrypt-in-inline-policies";
import { kmsEnableKeyRotation } from "./kms/kms-enable-key-rotation";
import { kmsProhibitPublicAccess } from "./kms/kms-prohibit-public-access";
import { iamForbidFullAdmin } from "./iam/iam-forbid-full-admin";
import { iamForbidServiceWildcardActions } from "./iam/iam-forbid-service-wildcard-actions";
import { snsEncryptTopics } from "./sns/sns-encrypt-topics";
import { cloudwatchSetLogRetention } from "./cloudwatch/cloudwatch-set-log-retention";
import { cloudwatchRequireAlarmActions } from "./cloudwatch/cloudwatch-require-alarm-actions";
import { cloudfrontEnableLogging } from "./cloudfront/cloudfront-enable-logging";
import { cloudfrontEncryptOriginTraffic } from "./cloudfront/cloudfront-encrypt-origin-traffic";
import { cloudfrontForbidDeprecatedOriginSsl } from "./cloudfront/cloudfront-forbid-deprecated-origin-ssl";
import { cloudfrontRequireHttpsViewers } from "./cloudfront/cloudfront-require-https-viewers";
import { cloudfrontSetDefaultRootObject } from "./cloudfront/cloudfront-set-default-root-object";
import { cloudfrontUseCustomCertificate } from "./cloudfront/cloudfront-use-custom-certificate";
import { cloudfrontUseOriginAccessControl } from "./cloudfront/cloudfront-use-origin-access-control";
import { cloudfrontUseRecommendedTlsPolicy } from "./cloudfront/cloudfront-use-recommended-tls-policy";
import { cloudfrontUseSni } from "./cloudfront/cloudfront-use-sni";
import { ec2RestrictDefaultSecurityGroup } from "./ec2/ec2-restrict-default-security-group";
import { ec2EnableVpcFlowLogs } from "./ec2/ec2-enable-vpc-flow-logs";
import { ec2DisablePublicIpOnLaunch } from "./ec2/ec2-disable-public-ip-on-launch";
import { ec2RestrictUnrestrictedIngress } from "./ec2/ec2-restrict-unrestricted-ingress";
import { ec2RestrictHighRiskPorts } from "./ec2/ec2-restrict-high-risk-ports";
import { ecrConfigureLifecyclePolicy } from "./ecr/ecr-configure-lifecycle-policy";
import { ecrEnableImageScanning } from "./ecr/ecr-enable-image-scanning";
import { ecrEnableTagImmutability } from "./ecr/ecr-enable-tag-immutability";
import { ecsConfigureLogging } from "./ecs/ecs-configure-logging";
import { ecsDisablePublicIp } from "./ecs/ecs-disable-public-ip";
import { ecsEnableContainerInsights } from "./ecs/ecs-enable-container-insights";
import { ecsForbidCredentialsInEnvironment } from "./ecs/ecs-forbid-credentials-in-environment";
import { ecsIsolateProcessNamespace } from "./ecs/ecs-isolate-process-namespace";
import { ecsRequireReadOnlyRootFilesystem } from "./ecs/ecs-require-read-only-root-filesystem";
import { ecsRunUnprivileged } from "./ecs/ecs-run-unprivileged";
import { elbRedirectHttpToHttps } from "./elb/elb-redirect-http-to-https";
import { elbDropInvalidHeaders } from "./elb/elb-drop-invalid-headers";
import { elbEnableAccessLogs } from "./elb/elb-enable-access-logs";
import { elbEnableDeletionProtection } from "./elb/elb-enable-deletion-protection";
import { elbConfigureDesyncMitigation } from "./elb/elb-configure-desync-mitigation";
import { elbSpanMultipleAzs } from "./elb/elb-span-multiple-azs";
import { elbUseRecommendedTlsPolicy } from "./elb/elb-use-recommended-tls-policy";
import { elbUseSecureListeners } from "./elb/elb-use-secure-listeners";
import { requireWafOnPublicEndpoints } from "./wafv2/require-waf-on-public-endpoints";
import { rdsCopyTagsToSnapshots } from "./rds/rds-copy-tags-to-snapshots";
import { rdsEnableAutoMinorVersionUpgrade } from "./rds/rds-enable-auto-minor-version-upgrade";
import { rdsEnableAutomaticBackups } from "./rds/rds-enable-automatic-backups";
import { rdsEnableDeletionProtection } from "./rds/rds-enable-deletion-protection";
import { rdsEnableEnhancedMonitoring } from "./rds/rds-enable-enhanced-monitoring";
import { rdsEnableIamAuth } from "./rds/rds-enable-iam-auth";
import { rdsEnableMultiAz } from "./rds/rds-enable-multi-az";
import { rdsEncryptStorage } from "./rds/rds-encrypt-storage";
import { rdsExportLogs } from "./rds/rds-export-logs";
import { rdsManageMasterPassword } from "./rds/rds-manage-master-password";
import { rdsProhibitPublicAccess } from "./rds/rds-prohibit-public-access";
import { rdsUseCustomAdminUsername } from "./rds/rds-use-custom-admin-username";
import { s3BlockPublicAccess } from "./s3/s3-block-public-access";
import { s3BlockPublicAccessAccount } from "./s3/s3-block-public-access-account";
import { s3BlockPublicRead } from "./s3/s3-block-public-read";
import { s3BlockPublicWrite } from "./s3/s3-block-public-write";
import { s3ConfigureLifecycle } from "./s3/s3-configure-lifecycle";
import { s3DisableAcls } from "./s3/s3-disable-acls";
import { s3EnableAccessLogging } from "./s3/s3-enable-access-logging";
import { s3RequireSsl } from "./s3/s3-require-ssl";
import { s3RestrictCrossAccountAccess } from "./s3/s3-restrict-cross-account-access";

import { apigatewayConfigureLoggingLevel } from "./apigateway/apigateway-configure-logging-level";
import { apigatewayDisableDataTrace } from "./apigateway/apigateway-disable-data-trace";
import { apigatewayEnableAccessLogging } from "./apigateway/apigateway-enable-access-logging";
import { apigatewayEnableCache } from "./apigateway/apigateway-enable-cache";
import { apigatewayEnableTracing } from "./apigateway/apigateway-enable-tracing";
import { apigatewayEncryptCache } from "./apigateway/apigateway-encrypt-cache";
import { apigatewayRequireAuthorization } from "./apigateway/apigateway-require-authorization";
import { apigatewayUseClientCertificate } from "./apigateway/apigateway-use-client-certificate";
import { apigatewayUseSecureTlsPolicy } from "./apigateway/apigateway-use-secure-tls-policy";
import { backupEncryptVaultWithCmk } from "./backup/backup-encrypt-vault-with-cmk";
import { cloudwatchEncryptLogGroups } from "./cloudwatch/cloudwatch-encrypt-log-groups";
import { ec2ForbidDefaultVpc } from "./ec2/ec2-forbid-default-vpc";
import { ec2RestrictEgress } from "./ec2/ec2-restrict-egress";
import { ec2RestrictNaclAllPorts } from "./ec2/ec2-restrict-nacl-all-ports";
import { ecrEncryptWithKms } from "./ecr/ecr-encrypt-with-kms";
import { ecrProhibitPublicAccess } from "./ecr/ecr-prohibit-public-access";
import { ecsConfigureExecLogging } from "./ecs/ecs-configure-exec-logging";
import { ecsEncryptEfsVolumes } from "./ecs/ecs-encrypt-efs-volumes";
import { ecsRestrictHostNetworking } from "./ecs/ecs-restrict-host-networking";
import { ecsSeparateTaskAndExecutionRoles } from "./ecs/ecs-separate-task-and-execution-roles";
import { elbEnableCrossZone } from "./elb/elb-enable-cross-zone";
import { elbEnableTargetHealthChecks } from "./elb/elb-enable-target-health-checks";
import { iamForbidAdminAttachments } from "./iam/iam-forbid-admin-attachments";
import { iamForbidUserPolicies } from "./iam/iam-forbid-user-policies";
import { iamRequireStrongPasswordPolicy } from "./iam/iam-require-strong-password-policy";
import { iamRestrictPassRole } from "./iam/iam-restrict-pass-role";
import { iamRestrictSensitiveActions } from "./iam/iam-restrict-sensitive-actions";
import { iamRestrictTrustPolicies } from "./iam/iam-restrict-trust-policies";
import { kmsConfigureKeyPolicy } from "./kms/kms-configure-key-policy";
import { kmsEnableKeys } from "./kms/kms-enable-keys";
import { kmsForbidPolicyLockoutBypass } from "./kms/kms-forbid-policy-lockout-bypass";
import { lambdaConfigureDeadLetterQueue } from "./lambda/lambda-configure-dead-letter-queue";
import { lambdaEnableTracing } from "./lambda/lambda-enable-tracing";
import { lambdaEncryptEnvironment } from "./lambda/lambda-encrypt-environment";
import { lambdaForbidDeprecatedRuntime } from "./lambda/lambda-forbid-deprecated-runtime";
import { lambdaProhibitPublicAccess } from "./lambda/lambda-prohibit-public-access";
import { lambdaRequireCodeSigning } from "./lambda/lambda-require-code-signing";
import { lambdaRequireFunctionUrlAuth } from "./lambda/lambda-require-function-url-auth";
import { lambdaRestrictFunctionUrlCors } from "./lambda/lambda-restrict-function-url-cors";
import { lambdaRestrictPermissionSource } from "./lambda/lambda-restrict-permission-source";
import { lambdaRunInVpc } from "./lambda/lambda-run-in-vpc";
import { lambdaSetReservedConcurrency } from "./lambda/lambda-set-reserved-concurrency";
import { rdsEnableBacktracking } from "./rds/rds-enable-backtracking";
import { rdsEnablePerformanceInsights } from "./rds/rds-enable-performance-insights";
import { rdsEncryptWithCmk } from "./rds/rds-encrypt-with-cmk";
import { rdsProhibitPublicSnapshots } from "./rds/rds-prohibit-public-snapshots";
import { rdsRequireTls } from "./rds/rds-require-tls";
import { rdsUseCurrentCa } from "./rds/rds-use-current-ca";
import { s3ConfigureAbortIncompleteUploads } from "./s3/s3-configure-abort-incomplete-uploads";
import { s3EnableVersioning } from "./s3/s3-enable-versioning";
import { s3EncryptWithKms } from "./s3/s3-encrypt-with-kms";
import { s3UseDnsCompliantNames } from "./s3/s3-use-dns-compliant-names";
import { secretsmanagerEncryptWithCmk } from "./secretsmanager/secretsmanager-encrypt-with-cmk";
import { secretsmanagerProhibitPublicAccess } from "./secretsmanager/secretsmanager-prohibit-public-access";
import { snsEncryptWithCmk } from "./sns/sns-encrypt-with-cmk";
import { elasticacheEncryptAtRest } from "./elasticache/elasticache-encrypt-at-rest";
import { elasticacheEncryptInTransit } from "./elasticache/elasticache-encrypt-in-transit";
import { elasticacheRequireAuth } from "./elasticache/elasticache-require-auth";
import { elasticacheEnableAutomaticBackups } from "./elasticache/elasticache-enable-automatic-backups";
import { elasticacheEnableAutoMinorVersionUpgrade } from "./elasticache/elasticache-enable-auto-minor-version-upgrade";
import { elasticacheEnableAutomaticFailover } from "./elasticache/elasticache-enable-automatic-failover";
import { elasticacheForbidDefaultSubnetGroup } from "./elasticache/elasticache-forbid-default-subnet-group";
import { elasticacheEncryptWithCmk } from "./elasticache/elasticache-encrypt-with-cmk";
import { sqsEncryptQueues } from "./sqs/sqs-encrypt-queues";
import { s3EnableBucketKey } from "./s3/s3-enable-bucket-key";
import { sqsEncryptWithCmk } from "./sqs/sqs-encrypt-with-cmk";
import { sqsForbidWildcardActions } from "./sqs/sqs-forbid-wildcard-actions";
import { sqsProhibitPublicAccess } from "./sqs/sqs-prohibit-public-access";
import { wafv2BlockKnownBadInputs } from "./wafv2/wafv2-block-known-bad-inputs";
import { wafv2ConfigureRules } from "./wafv2/wafv2-configure-rules";
import { wafv2EnableLogging } from "./wafv2/wafv2-enable-logging";

/** Name of the policy pack (`pulumi preview --policy-pack policies` reports it). */
export const PACK_NAME = "slipway-baseline";

/** Every policy of the pack, in report order. */
export const policies: Policies = [
  // S3
  s3BlockPublicAccessAccount,
  s3BlockPublicRead,
  s3BlockPublicWrite,
  s3RequireSsl,
  s3RestrictCrossAccountAccess,
  s3BlockPublicAccess,
  s3EnableAccessLogging,
  s3DisableAcls,
  s3ConfigureLifecycle,
  // RDS
  rdsProhibitPublicAccess,
  rdsEncryptStorage,
  rdsEnableMultiAz,
  rdsEnableEnhancedMonitoring,
  rdsEnableDeletionProtection,
  rdsExportLogs,
  rdsEnableIamAuth,
  rdsEnableAutomaticBackups,
  rdsEnableAutoMinorVersionUpgrade,
  rdsCopyTagsToSnapshots,
  rdsUseCustomAdminUsername,
  rdsManageMasterPassword,
  // ECS
  ecsDisablePublicIp,
  ecsIsolateProcessNamespace,
  ecsRunUnprivileged,
  ecsRequireReadOnlyRootFilesystem,
  ecsForbidCredentialsInEnvironment,
  ecsConfigureLogging,
  ecsEnableContainerInsights,
  ecsUseLatestFargatePlatform,
  // ECR
  ecrEnableImageScanning,
  ecrEnableTagImmutability,
  ecrConfigureLifecyclePolicy,
  // CloudFront
  cloudfrontSetDefaultRootObject,
  cloudfrontRequireHttpsViewers,
  cloudfrontEnableLogging,
  cloudfrontUseCustomCertificate,
  cloudfrontUseSni,
  cloudfrontEncryptOriginTraffic,
  cloudfrontForbidDeprecatedOriginSsl,
  cloudfrontUseOriginAccessControl,
  cloudfrontUseRecommendedTlsPolicy,
  // ELB
  elbRedirectHttpToHttps,
  elbDropInvalidHeaders,
  elbEnableAccessLogs,
  elbEnableDeletionProtection,
  elbConfigureDesyncMitigation,
  elbSpanMultipleAzs,
  elbUseRecommendedTlsPolicy,
  elbUseSecureListeners,
  requireWafOnPublicEndpoints,
  // EC2 (VPC, subnets, security groups)
  ec2RestrictDefaultSecurityGroup,
  ec2EnableVpcFlowLogs,
  ec2DisablePublicIpOnLaunch,
  ec2RestrictUnrestrictedIngress,
  ec2RestrictHighRiskPorts,
  ec2RestrictNaclAdminPorts,
  // Secrets Manager
  secretsmanagerEnableRotation,
  // KMS
  kmsRestrictDecryptInManagedPolicies,
  kmsRestrictDecryptInInlinePolicies,
  kmsEnableKeyRotation,
  kmsProhibitPublicAccess,
  // IAM
  iamForbidFullAdmin,
  iamForbidServiceWildcardActions,
  // SNS
  snsEncryptTopics,
  snsProhibitPublicAccess,
  // CloudWatch (operations)
  cloudwatchSetLogRetention,
  cloudwatchRequireAlarmActions,
  // Operations (role document)
  forbidPlaintextSecrets,
  requireTags,
  // Peer baseline (checkov, trivy, awsguard, compliance-policies: policies/peer-rules.yaml)
  apigatewayConfigureLoggingLevel,
  apigatewayDisableDataTrace,
  apigatewayEnableAccessLogging,
  apigatewayEnableCache,
  apigatewayEnableTracing,
  apigatewayEncryptCache,
  apigatewayRequireAuthorization,
  apigatewayUseClientCertificate,
  apigatewayUseSecureTlsPolicy,
  backupEncryptVaultWithCmk,
  cloudwatchEncryptLogGroups,
  ec2ForbidDefaultVpc,
  ec2RestrictEgress,
  ec2RestrictNaclAllPorts,
  ecrEncryptWithKms,
  ecrProhibitPublicAccess,
  ecsConfigureExecLogging,
  ecsEncryptEfsVolumes,
  ecsRestrictHostNetworking,
  ecsSeparateTaskAndExecutionRoles,
  elbEnableCrossZone,
  elbEnableTargetHealthChecks,
  iamForbidAdminAttachments,
  iamForbidUserPolicies,
  iamRequireStrongPasswordPolicy,
  iamRestrictPassRole,
  iamRestrictSensitiveActions,
  iamRestrictTrustPolicies,
  kmsConfigureKeyPolicy,
  kmsEnableKeys,
  kmsForbidPolicyLockoutBypass,
  lambdaConfigureDeadLetterQueue,
  lambdaEnableTracing,
  lambdaEncryptEnvironment,
  lambdaForbidDeprecatedRuntime,
  lambdaProhibitPublicAccess,
  lambdaRequireCodeSigning,
  lambdaRequireFunctionUrlAuth,
  lambdaRestrictFunctionUrlCors,
  lambdaRestrictPermissionSource,
  lambdaRunInVpc,
  lambdaSetReservedConcurrency,
  rdsEnableBacktracking,
  rdsEnablePerformanceInsights,
  rdsEncryptWithCmk,
  rdsProhibitPublicSnapshots,
  rdsRequireTls,
  rdsUseCurrentCa,
  s3ConfigureAbortIncompleteUploads,
  s3EnableVersioning,
  s3EncryptWithKms,
  s3UseDnsCompliantNames,
  secretsmanagerEncryptWithCmk,
  secretsmanagerProhibitPublicAccess,
  snsEncryptWithCmk,
  elasticacheEncryptAtRest,
  elasticacheEncryptInTransit,
  elasticacheRequireAuth,
  elasticacheEnableAutomaticBackups,
  elasticacheEnableAutoMinorVersionUpgrade,
  elasticacheEnableAutomaticFailover,
  elasticacheForbidDefaultSubnetGroup,
  elasticacheEncryptWithCmk,
  sqsEncryptQueues,
  s3EnableBucketKey,
  sqsEncryptWithCmk,
  sqsForbidWildcardActions,
  sqsProhibitPublicAccess,
  wafv2BlockKnownBadInputs,
  wafv2ConfigureRules,
  wafv2EnableLogging,
  requireDescriptions,
];

/** FSBP control ids per policy name (machine readable; the same ids are the policies' `fsbp:` tags). */
export const controls: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  policies.map((p) => [p.name, controlsOf(p)]),
);

/**
 * The policy pack config for a stack's environment type: `environmentType` for every policy whose
 * config schema declares it. Write it as the file for `pulumi preview --policy-pack-config`.
 */
export function packConfigFor(environmentType: "staging" | "production" | "development"): PolicyPackConfig {
  return Object.fromEntries(
    policies
      .filter((p) => p.configSchema?.properties.environmentType !== undefined)
      .map((p) => [p.name, { environmentType }]),
  );
}
