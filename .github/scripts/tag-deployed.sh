#!/usr/bin/env bash
# After a successful deploy, tag every image it ran `deployed-<stack>-<run id>-<attempt>` (the same manifest,
# a new immutable tag): the ECR lifecycle policy keeps the newest 20 deployed-* images per repository, so a
# rollback finds the digests it needs (docs/ecr/lifecycle-policy.json).
# Usage: tag-deployed.sh <stack> <images.json>
set -euo pipefail
stack="$1"
file="$2"
tag="deployed-$stack-$GITHUB_RUN_ID-$GITHUB_RUN_ATTEMPT"
for service in $(jq -r 'keys[]' "$file"); do
  ref="$(jq -r --arg s "$service" '.[$s]' "$file")"
  repo="${ref#*/}"
  repo="${repo%@*}"
  digest="${ref#*@}"
  manifest="$(aws ecr batch-get-image --repository-name "$repo" --image-ids "imageDigest=$digest" \
    --query 'images[0].imageManifest' --output text)"
  media="$(aws ecr batch-get-image --repository-name "$repo" --image-ids "imageDigest=$digest" \
    --query 'images[0].imageManifestMediaType' --output text)"
  aws ecr put-image --repository-name "$repo" --image-tag "$tag" --image-manifest "$manifest" \
    --image-manifest-media-type "$media" >/dev/null
  echo "$service: $ref tagged $tag"
done
