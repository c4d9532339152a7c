/**
 * Shared S3 joins for the S3 stack policies: a bucket's public access block, account-level block,
 * bucket policies (inline `policy` and `aws.s3.BucketPolicy`), ACLs (inline `acl`/`grants` and
 * `aws.s3.BucketAcl`/`BucketAclV2`), logging and log targets.
 */
import type { PolicyResource } from "@pulumi/policy";
import { grantsAction, grantsPublicAccess, type Statement, statementsOf } from "../lib/iam";
import { ofType, references, referencing } from "../lib/join";
import { asArray, asRecord, asString, isTrue, safe } from "../lib/props";
import {
  CLOUDFRONT_DISTRIBUTION,
  LOAD_BALANCER,
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK,
  S3_BUCKET_ACL,
  S3_BUCKET_LOGGING,
  S3_BUCKET_POLICY,
  S3_BUCKETS,
  S3_PUBLIC_ACCESS_BLOCK,
} from "../lib/types";

/** Outputs that identify a bucket in references (`bucket: b.id`, `b.bucket`, `b.arn`). */
export const BUCKET_KEYS = ["id", "bucket", "arn"] as const;

export const PUBLIC_ACCESS_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

export function buckets(resources: readonly PolicyResource[]): PolicyResource[] {
  return ofType(resources, S3_BUCKETS);
}

/** A label for messages: the logical name. */
export function label(r: PolicyResource): string {
  return `${r.type.split(":").pop()} '${r.name}'`;
}

/** The public access blocks attached to `bucket`. */
export function publicAccessBlocksOf(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
): PolicyResource[] {
  return referencing(resources, S3_PUBLIC_ACCESS_BLOCK, "bucket", bucket, BUCKET_KEYS);
}

/** The flags of a public access block that are not set to true. */
export function missingFlags(block: PolicyResource): string[] {
  return PUBLIC_ACCESS_FLAGS.filter((f) => !isTrue(block.props[f]));
}

export function accountPublicAccessBlocks(resources: readonly PolicyResource[]): PolicyResource[] {
  return ofType(resources, S3_ACCOUNT_PUBLIC_ACCESS_BLOCK);
}

/** Is `flag` set to true on the bucket's block or the account's block? */
export function blockedBy(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
  flag: string,
): boolean {
  return [...publicAccessBlocksOf(resources, bucket), ...accountPublicAccessBlocks(resources)].some((b) =>
    isTrue(b.props[flag]),
  );
}

/** Every statement of the bucket's policies (inline `policy` and `BucketPolicy` resources). */
export function bucketPolicyStatements(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
): Statement[] {
  const docs = [
    bucket.props.policy,
    ...referencing(resources, S3_BUCKET_POLICY, "bucket", bucket, BUCKET_KEYS).map((p) => p.props.policy),
  ];
  return docs.flatMap((d) => statementsOf(d) ?? []);
}

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
const PUBLIC_URIS = [ALL_USERS, AUTHENTICATED_USERS];

/** Canned ACLs that grant read / write to everyone (or every AWS account). */
const READ_CANNED = ["public-read", "public-read-write", "authenticated-read"];
const WRITE_CANNED = ["public-read-write"];

export type Access = "read" | "write";

/** Public grants in the bucket's ACLs (inline and `BucketAcl` resources), described for messages. */
export function publicAclGrants(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
  access: Access,
): string[] {
  const found: string[] = [];
  const canned = access === "read" ? READ_CANNED : WRITE_CANNED;
  const permissions = access === "read" ? ["READ", "FULL_CONTROL"] : ["WRITE", "FULL_CONTROL"];
  const acl = asString(bucket.props.acl);
  if (acl && canned.includes(acl)) found.push(`${label(bucket)} acl '${acl}'`);
  for (const g of asArray(bucket.props.grants)) {
    const grant = asRecord(g);
    if (!grant || !PUBLIC_URIS.includes(String(grant.uri))) continue;
    if (asArray(grant.permissions).some((p) => permissions.includes(String(p)))) {
      found.push(`${label(bucket)} grant to ${String(grant.uri)}`);
    }
  }
  for (const a of referencing(resources, S3_BUCKET_ACL, "bucket", bucket, BUCKET_KEYS)) {
    const c = asString(a.props.acl);
    if (c && canned.includes(c)) found.push(`${label(a)} acl '${c}'`);
    const grants = asArray(asRecord(a.props.accessControlPolicy)?.grants);
    for (const g of grants) {
      const grant = asRecord(g);
      const grantee = asRecord(grant?.grantee);
      if (
        grantee &&
        PUBLIC_URIS.includes(String(grantee.uri)) &&
        permissions.includes(String(grant?.permission))
      ) {
        found.push(`${label(a)} grant ${String(grant?.permission)} to ${String(grantee.uri)}`);
      }
    }
  }
  return found;
}

const READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"];
const WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "s3:PutObjectAcl", "s3:DeleteObjectVersion"];

/** Statements that allow everyone, with no condition limiting the callers, to read or write. */
export function publicPolicyStatements(statements: readonly Statement[], access: Access): Statement[] {
  const actions = access === "read" ? READ_ACTIONS : WRITE_ACTIONS;
  return statements.filter(
    (s) => s.effect === "Allow" && grantsPublicAccess(s) && actions.some((a) => grantsAction(s, a)),
  );
}

/** Does the bucket log server access (inline `logging` or a `BucketLogging`/`BucketLoggingV2`)? */
export function hasAccessLogging(resources: readonly PolicyResource[], bucket: PolicyResource): boolean {
  const inline = asRecord(bucket.props.logging);
  if (inline && asString(inline.targetBucket)) return true;
  return referencing(resources, S3_BUCKET_LOGGING, "bucket", bucket, BUCKET_KEYS).some((l) =>
    asString(l.props.targetBucket),
  );
}

/** Bucket names/ids a log destination value may carry: a name, an `arn:aws:s3:::name/...`, or a domain. */
function bucketNameFrom(value: string): string {
  if (value.startsWith("arn:aws:s3:::")) return value.slice("arn:aws:s3:::".length).split("/")[0];
  const m = /^(.+?)\.s3[.-]/.exec(value);
  return m ? m[1] : value;
}

function isBucket(value: unknown, bucket: PolicyResource): boolean {
  if (typeof value !== "string" || value.length === 0) return false;
  const name = bucketNameFrom(value);
  return BUCKET_KEYS.some((k) => {
    const v = safe(() => bucket.props[k]);
    return typeof v === "string" && (v === value || v === name);
  });
}

/** Is the bucket the target of S3 server access logs (inline `logging` or a `BucketLogging`)? */
function isServerAccessLogTarget(resources: readonly PolicyResource[], bucket: PolicyResource): boolean {
  return (
    ofType(resources, S3_BUCKET_LOGGING).some((l) => references(l, "targetBucket", bucket, BUCKET_KEYS)) ||
    buckets(resources).some(
      (b) => b !== bucket && isBucket(asRecord(safe(() => b.props.logging))?.targetBucket, bucket),
    )
  );
}

/** Does a resource of `types` name the bucket in its nested `prop.key` (a value or a dependency)? */
function nestedTarget(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
  types: readonly string[],
  prop: string,
  key: string,
): boolean {
  return ofType(resources, types).some((r) => {
    const v = asRecord(safe(() => r.props[prop]))?.[key];
    if (typeof v === "string") return isBucket(v, bucket);
    return (r.propertyDependencies[prop] ?? []).includes(bucket);
  });
}

/**
 * Is the bucket a destination AWS only delivers to under SSE-S3 (S3 server access logs, load balancer
 * access logs)? Such a bucket cannot use a KMS key for default encryption.
 */
export function requiresS3ManagedKeys(resources: readonly PolicyResource[], bucket: PolicyResource): boolean {
  return (
    isServerAccessLogTarget(resources, bucket) ||
    nestedTarget(resources, bucket, LOAD_BALANCER, "accessLogs", "bucket")
  );
}

/**
 * Is the bucket a log destination (S3 server access logs, load balancer access logs, CloudFront
 * standard logs)? Log buckets are exempt from S3.9: they cannot log to themselves.
 */
export function isLogTarget(resources: readonly PolicyResource[], bucket: PolicyResource): boolean {
  return (
    requiresS3ManagedKeys(resources, bucket) ||
    nestedTarget(resources, bucket, CLOUDFRONT_DISTRIBUTION, "loggingConfig", "bucket")
  );
}

/**
 * The reasons a bucket allows public `access` (S3.2 read, S3.3 write): public ACLs/grants unless its
 * (or the account's) public access block ignores public ACLs, and bucket policy statements for
 * Principal "*" unless the block restricts public buckets. Empty when it allows none.
 */
export function publicAccessReasons(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
  access: Access,
): string[] {
  const acls = blockedBy(resources, bucket, "ignorePublicAcls")
    ? []
    : publicAclGrants(resources, bucket, access);
  const statements = blockedBy(resources, bucket, "restrictPublicBuckets")
    ? []
    : publicPolicyStatements(bucketPolicyStatements(resources, bucket), access);
  return [...acls, ...statements.map((s) => `policy statement ${s.sid ?? "(no Sid)"}`)];
}
