/** Shared readers for CloudFront distribution inputs. */
// @ts-nocheck

import { asArray, asRecord, asString } from "../lib/props";

export interface Origin {
  readonly id: string;
  readonly raw: Record<string, unknown>;
}

export function originsOf(props: Record<string, unknown>): Origin[] {
  return asArray(props.origins).flatMap((o, i) => {
    const raw = asRecord(o);
    return raw ? [{ id: asString(raw.originId) ?? `#${i}`, raw }] : [];
  });
}

/** S3 REST origins (not S3 website endpoints, which are custom origins). */
export function isS3Origin(o: Origin): boolean {
  if (asRecord(o.raw.s3OriginConfig)) return true;
  if (asRecord(o.raw.customOriginConfig)) return false;
  const domain = asString(o.raw.domainName) ?? "";
  return /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/.test(domain) && !/s3-website/.test(domain);
}

export function customOriginConfig(o: Origin): Record<string, unknown> | undefined {
  return asRecord(o.raw.customOriginConfig);
}

/** The default and ordered cache behaviors, labelled for messages. */
export function behaviorsOf(
  props: Record<string, unknown>,
): { label: string; raw: Record<string, unknown> }[] {
  const out: { label: string; raw: Record<string, unknown> }[] = [];
  const d = asRecord(props.defaultCacheBehavior);
  if (d) out.push({ label: "defaultCacheBehavior", raw: d });
  asArray(props.orderedCacheBehaviors).forEach((b, i) => {
    const raw = asRecord(b);
    if (raw) out.push({ label: `orderedCacheBehaviors[${i}] (${String(raw.pathPattern ?? "?")})`, raw });
  });
  return out;
}

/** The viewer certificate when it is a custom (ACM or IAM) certificate. */
export function customCertificate(props: Record<string, unknown>): Record<string, unknown> | undefined {
  const vc = asRecord(props.viewerCertificate);
  if (!vc || vc.cloudfrontDefaultCertificate === true) return undefined;
  return asString(vc.acmCertificateArn) || asString(vc.iamCertificateId) ? vc : undefined;
}
