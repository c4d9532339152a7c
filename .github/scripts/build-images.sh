#!/usr/bin/env bash
# Build each backend service's image ONCE, push it by digest to the project registry, wait for ECR's scan
# and refuse it on critical or high findings, then write images.json ({"<service>": "<repo>@sha256:..."})
# and the `images` step output. The same digests go to the staging and the production deploy (build once,
# promote); nothing is ever rebuilt per environment.
#
# Environment: IMAGE_CONTEXTS  JSON object of Docker build contexts by service name, e.g.
#                              {"api": "services/api", "worker": "services/worker"} (repository variable)
#              PROJECT_ID      repositories are <PROJECT_ID>/<service>
#              AWS_REGION      set by configure-aws-credentials
#              OUT             where images.json goes
# The repositories are created here when missing (immutable tags, scan on push, KMS encryption) with the
# lifecycle policy of docs/ecr/lifecycle-policy.json (the newest 20 deployed-* images are never expired),
# so they exist before any stack's service references them.
set -euo pipefail

if [ -z "${IMAGE_CONTEXTS:-}" ] || [ "$IMAGE_CONTEXTS" = "{}" ]; then
  echo "::error title=no images to build::set the repository variable SLIPWAY_IMAGE_CONTEXTS to the build context of each backend service, e.g. {\"api\": \"services/api\"} (docs/first-deploy.md)"
  exit 1
fi
account="$(aws sts get-caller-identity --query Account --output text)"
registry="$account.dkr.ecr.$AWS_REGION.amazonaws.com"
aws ecr get-login-password | docker login --username AWS --password-stdin "$registry"

images="{}"
for service in $(jq -r 'keys[]' <<<"$IMAGE_CONTEXTS"); do
  context="$(jq -r --arg s "$service" '.[$s]' <<<"$IMAGE_CONTEXTS")"
  repo="$PROJECT_ID/$service"
  if ! aws ecr describe-repositories --repository-names "$repo" >/dev/null 2>&1; then
    aws ecr create-repository --repository-name "$repo" --image-tag-mutability IMMUTABLE \
      --image-scanning-configuration scanOnPush=true --encryption-configuration encryptionType=KMS >/dev/null
  fi
  aws ecr put-lifecycle-policy --repository-name "$repo" \
    --lifecycle-policy-text "file://docs/ecr/lifecycle-policy.json" >/dev/null

  # One platform, no attestation manifests: the digest is the image manifest's, which ECS pulls and ECR scans.
  docker buildx build "$context" --platform linux/amd64 --provenance=false --sbom=false \
    --tag "$registry/$repo:build-$GITHUB_SHA" --push --metadata-file "$RUNNER_TEMP/$service.meta.json"
  digest="$(jq -r '."containerimage.digest"' "$RUNNER_TEMP/$service.meta.json")"
  case "$digest" in sha256:????????????????????????????????????????????????????????????????) ;; *)
    echo "::error::no image digest for $service (got $digest)"; exit 1 ;;
  esac

  aws ecr wait image-scan-complete --repository-name "$repo" --image-id "imageDigest=$digest"
  counts="$(aws ecr describe-image-scan-findings --repository-name "$repo" --image-id "imageDigest=$digest" \
    --query 'imageScanFindings.findingSeverityCounts' --output json)"
  blocking="$(jq '((.CRITICAL // 0) + (.HIGH // 0))' <<<"${counts:-null}")"
  if [ "$blocking" != "0" ]; then
    echo "::error title=image scan::$service ($digest): $counts; fix the findings (base image, dependencies) and push again"
    exit 1
  fi
  echo "$service: $registry/$repo@$digest (scan: ${counts:-no findings})"
  images="$(jq -c --arg s "$service" --arg r "$registry/$repo@$digest" '. + {($s): $r}' <<<"$images")"
done

printf '%s\n' "$images" >"$OUT"
echo "images=$images" >>"$GITHUB_OUTPUT"
