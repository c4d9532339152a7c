/**
 * What a service's task role may do with the components it depends on (pure): exactly the actions its
 * dependencies need, on exactly their ARNs, never a wildcard. The program resolves the ARNs and passes
 * them here; the property tests check the result against the packet's `dependencies`.
 */
import { queueStatements } from "../components/queue/queue";
import { BEDROCK_INVOKE_ACTIONS } from "../lib/bedrock";

/** An IAM statement of a task role. */
export interface TaskStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: string[];
  readonly Resource: string | string[];
}

/** The resolved components one service depends on. */
export interface ServiceDependencies {
  /** `api` services produce to their queues, workers consume them. */
  readonly kind: "api" | "worker";
  readonly queues: readonly { readonly name: string; readonly arn: string; readonly kmsKeyArn?: string }[];
  readonly buckets: readonly { readonly name: string; readonly arn: string }[];
  /**
   * The Bedrock models the service may invoke (only for the AI report's users), each with the ARNs that
   * invoking it needs (`lib/bedrock.ts` `bedrockInvokeArns`). @default []
   */
  readonly bedrockModels?: readonly { readonly id: string; readonly arns: readonly string[] }[];
}

/** `jobs-queue` -> `JobsQueue` (IAM Sids are alphanumeric). */
export function sidOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

/** The task role statements for a service's dependencies. */
export function taskRoleStatements(deps: ServiceDependencies): TaskStatement[] {
  return [
    ...deps.queues.flatMap((q) =>
      queueStatements(
        `Queue${sidOf(q.name)}`,
        deps.kind === "api" ? "produce" : "consume",
        q.arn,
        q.kmsKeyArn,
      ),
    ),
    ...deps.buckets.flatMap((b): TaskStatement[] => [
      { Sid: `Bucket${sidOf(b.name)}List`, Effect: "Allow", Action: ["s3:ListBucket"], Resource: b.arn },
      {
        Sid: `Bucket${sidOf(b.name)}Objects`,
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: `${b.arn}/*`,
      },
    ]),
    ...((deps.bedrockModels ?? []).length
      ? [
          {
            Sid: "BedrockInvokeModels",
            Effect: "Allow" as const,
            Action: [...BEDROCK_INVOKE_ACTIONS],
            Resource: [...new Set((deps.bedrockModels ?? []).flatMap((m) => m.arns))],
          },
        ]
      : []),
  ];
}
