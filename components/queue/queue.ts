/**
 * `slipway:queue:Queue`: an SQS queue with its dead-letter queue. Redrive after `maxReceiveCount`
 * failed receives, server-side encryption (SQS-managed keys, or a customer KMS key), a queue policy on
 * both queues that denies any access without TLS, visibility timeout and retention from the arguments,
 * and FIFO (with content-based deduplication) when the release asks for ordering. Who may send and
 * receive is decided by the services' task roles ({@link queueStatements}), never by the queue policy.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fitLength } from "../../lib/aws-names";
import { InputError } from "../../lib/errors";

const TYPE = "slipway:queue:Queue";
/** Longest SQS queue name (with `.fifo`). */
export const MAX_QUEUE_NAME = 80;

/** Arguments of {@link Queue}. */
export interface QueueArgs {
  /** FIFO queues (exactly-once, ordered per message group). @default false */
  readonly fifo?: boolean;
  /** Seconds a received message stays invisible, 0..43200; above the consumer's processing time. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Seconds the main queue keeps a message, 60..1209600. @default 345600 (4 days) */
  readonly messageRetentionSeconds?: number;
  /** Seconds the dead-letter queue keeps a message, 60..1209600 (longer than the main queue). @default 1209600 (14 days) */
  readonly deadLetterRetentionSeconds?: number;
  /** Receives before a message moves to the dead-letter queue, 1..1000. @default 5 */
  readonly maxReceiveCount?: number;
  /** Customer-managed KMS key for SSE. @default undefined (SQS-managed SSE) */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Base name of the two queues: the main queue is `<queueName>[.fifo]`, the dead-letter queue
   * `<queueName>-dlq[.fifo]`, both within SQS's 80 characters. Longer component names are cut with a
   * stable hash, so any project and stack name fits.
   * @default the component name, cut with a hash when `<name>-dlq[.fifo]` would pass 80 characters
   * @example "shop-production-orders"
   */
  readonly queueName?: string;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** `-dlq` plus `.fifo` for FIFO queues: what the longest of the two names adds to the base name. */
function dlqSuffix(args: Pick<QueueArgs, "fifo">): string {
  return `-dlq${args.fifo ? ".fifo" : ""}`;
}

/** The base name of the queues of a component named `name`: {@link QueueArgs.queueName}'s default. */
export function queueBaseName(name: string, args: Pick<QueueArgs, "fifo" | "queueName">): string {
  return args.queueName ?? fitLength(name, MAX_QUEUE_NAME - dlqSuffix(args).length);
}

function range(errors: string[], path: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi)
    errors.push(`${path}: must be an integer ${lo}..${hi} (got ${v})`);
}

/** Synchronous validation; throws one InputError naming every bad argument. */
export function validateQueueArgs(name: string, args: QueueArgs): void {
  const errors: string[] = [];
  const base = queueBaseName(name, args);
  const longest = `${base}${dlqSuffix(args)}`;
  if (!/^[A-Za-z0-9_-]+$/.test(base) || longest.length > MAX_QUEUE_NAME)
    errors.push(
      `${args.queueName === undefined ? "name" : "args.queueName"}: "${base}" must be letters, digits, '-' and '_' and short enough for "${longest}" to fit ${MAX_QUEUE_NAME} characters`,
    );
  range(errors, "args.visibilityTimeoutSeconds", args.visibilityTimeoutSeconds ?? 30, 0, 43200);
  const retention = args.messageRetentionSeconds ?? 345600;
  const dlqRetention = args.deadLetterRetentionSeconds ?? 1209600;
  range(errors, "args.messageRetentionSeconds", retention, 60, 1209600);
  range(errors, "args.deadLetterRetentionSeconds", dlqRetention, 60, 1209600);
  if (dlqRetention < retention)
    errors.push(
      `args.deadLetterRetentionSeconds: must not be shorter than messageRetentionSeconds (${dlqRetention} < ${retention}); a message's age counts from its first enqueue`,
    );
  range(errors, "args.maxReceiveCount", args.maxReceiveCount ?? 5, 1, 1000);
  if (errors.length)
    throw new InputError(`${TYPE} "${name}"`, "args", errors.join("; "), "correct the arguments named above");
}

/** The queue policy of one queue: deny every action without TLS (FSBP SQS.1 is SSE; this is the TLS rule). */
export function denyInsecureTransportPolicy(queueArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}

/** What a service does with a queue it depends on. */
export type QueueAccess = "produce" | "consume";

/** IAM statements for a task role: exactly the actions of `access` on exactly this queue. */
export function queueStatements(
  sid: string,
  access: QueueAccess,
  queueArn: string,
  kmsKeyArn?: string,
): { Sid: string; Effect: "Allow"; Action: string[]; Resource: string }[] {
  const actions =
    access === "produce"
      ? ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
      : [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
        ];
  return [
    {
      Sid: `${sid}${access === "produce" ? "Send" : "Receive"}`,
      Effect: "Allow",
      Action: actions,
      Resource: queueArn,
    },
    ...(kmsKeyArn
      ? [
          {
            Sid: `${sid}Kms`,
            Effect: "Allow" as const,
            Action: access === "produce" ? ["kms:GenerateDataKey", "kms:Decrypt"] : ["kms:Decrypt"],
            Resource: kmsKeyArn,
          },
        ]
      : []),
  ];
}

export class Queue extends pulumi.ComponentResource {
  public readonly queueUrl: pulumi.Output<string>;
  public readonly queueArn: pulumi.Output<string>;
  public readonly queueName: pulumi.Output<string>;
  public readonly deadLetterQueueArn: pulumi.Output<string>;
  public readonly deadLetterQueueName: pulumi.Output<string>;
  public readonly fifo: boolean;
  /** The customer key, when one was given (services need kms permissions for it). */
  public readonly kmsKeyArn?: pulumi.Output<string>;

  constructor(name: string, args: QueueArgs, opts?: pulumi.ComponentResourceOptions) {
    validateQueueArgs(name, args);
    super(TYPE, name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags ?? {};
    this.fifo = args.fifo ?? false;
    const suffix = this.fifo ? ".fifo" : "";
    const base = queueBaseName(name, args);
    const encryption =
      args.kmsKeyArn !== undefined
        ? { kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 }
        : { sqsManagedSseEnabled: true };
    if (args.kmsKeyArn !== undefined) this.kmsKeyArn = pulumi.output(args.kmsKeyArn);
    const fifo = this.fifo ? { fifoQueue: true, contentBasedDeduplication: true } : {};

    const dlq = new aws.sqs.Queue(
      `${name}-dlq`,
      {
        name: `${base}-dlq${suffix}`,
        messageRetentionSeconds: args.deadLetterRetentionSeconds ?? 1209600,
        ...fifo,
        ...encryption,
        tags,
      },
      parent,
    );
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      {
        name: `${base}${suffix}`,
        visibilityTimeoutSeconds: args.visibilityTimeoutSeconds ?? 30,
        messageRetentionSeconds: args.messageRetentionSeconds ?? 345600,
        receiveWaitTimeSeconds: 20,
        redrivePolicy: dlq.arn.apply((arn) =>
          JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: args.maxReceiveCount ?? 5 }),
        ),
        ...fifo,
        ...encryption,
        tags,
      },
      parent,
    );
    // Only this queue may use the dead-letter queue.
    new aws.sqs.RedriveAllowPolicy(
      `${name}-dlq-redrive-allow`,
      {
        queueUrl: dlq.url,
        redriveAllowPolicy: queue.arn.apply((arn) =>
          JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] }),
        ),
      },
      parent,
    );
    for (const [role, q] of [
      ["queue", queue],
      ["dlq", dlq],
    ] as const)
      new aws.sqs.QueuePolicy(
        `${name}-${role}-policy`,
        { queueUrl: q.url, policy: q.arn.apply(denyInsecureTransportPolicy) },
        parent,
      );

    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.queueName = queue.name;
    this.deadLetterQueueArn = dlq.arn;
    this.deadLetterQueueName = dlq.name;
    this.registerOutputs({
      queueUrl: this.queueUrl,
      queueArn: this.queueArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
    });
  }
}
