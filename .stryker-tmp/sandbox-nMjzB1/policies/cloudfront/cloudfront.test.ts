// @ts-nocheck
import { blamed, res, violationsOf } from "../testing";
import { cloudfrontEnableLogging } from "./cloudfront-enable-logging";
import { cloudfrontEncryptOriginTraffic } from "./cloudfront-encrypt-origin-traffic";
import { cloudfrontForbidDeprecatedOriginSsl } from "./cloudfront-forbid-deprecated-origin-ssl";
import { cloudfrontRequireHttpsViewers } from "./cloudfront-require-https-viewers";
import { cloudfrontSetDefaultRootObject } from "./cloudfront-set-default-root-object";
import { cloudfrontUseCustomCertificate } from "./cloudfront-use-custom-certificate";
import { cloudfrontUseOriginAccessControl } from "./cloudfront-use-origin-access-control";
import { cloudfrontUseRecommendedTlsPolicy } from "./cloudfront-use-recommended-tls-policy";
import { cloudfrontUseSni } from "./cloudfront-use-sni";

const DIST = "aws:cloudfront/distribution:Distribution";
const SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
const DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";

const s3Origin = {
  originId: "site",
  domainName: "site-id.s3.eu-west-1.amazonaws.com",
  originAccessControlId: "oac-id",
};
const apiOrigin = {
  originId: "api",
  domainName: "alb-1234567890.eu-west-1.elb.amazonaws.com",
  customOriginConfig: {
    originProtocolPolicy: "https-only",
    originSslProtocols: ["TLSv1.2"],
    httpPort: 80,
    httpsPort: 443,
  },
};
const good = {
  enabled: true,
  aliases: ["app.example.com"],
  defaultRootObject: "index.html",
  origins: [s3Origin, apiOrigin],
  defaultCacheBehavior: { targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https" },
  orderedCacheBehaviors: [
    { pathPattern: "/api/*", targetOriginId: "api", viewerProtocolPolicy: "https-only" },
  ],
  viewerCertificate: {
    acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    sslSupportMethod: "sni-only",
    minimumProtocolVersion: "TLSv1.2_2021",
  },
  loggingConfig: { bucket: "logs-id.s3.amazonaws.com", prefix: "cloudfront/" },
};
const dist = (props: Record<string, unknown> = {}) => res(DIST, "cdn", { ...good, ...props });
const defaultCert = { cloudfrontDefaultCertificate: true };

it("a secure distribution passes every CloudFront policy", async () => {
  const all = [
    cloudfrontSetDefaultRootObject,
    cloudfrontRequireHttpsViewers,
    cloudfrontEnableLogging,
    cloudfrontUseCustomCertificate,
    cloudfrontUseSni,
    cloudfrontEncryptOriginTraffic,
    cloudfrontForbidDeprecatedOriginSsl,
    cloudfrontUseOriginAccessControl,
    cloudfrontUseRecommendedTlsPolicy,
  ];
  expect(await violationsOf(all, [dist()])).toEqual([]);
});

describe("cloudfront-set-default-root-object (CloudFront.1)", () => {
  it("fails for an S3-backed distribution without one; API-only distributions are not applicable", async () => {
    expect(
      await violationsOf(cloudfrontSetDefaultRootObject, [dist({ defaultRootObject: "" })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(cloudfrontSetDefaultRootObject, [
        dist({ defaultRootObject: undefined, origins: [apiOrigin] }),
      ]),
    ).toEqual([]);
  });
});

describe("cloudfront-require-https-viewers (CloudFront.3)", () => {
  it("fails for allow-all in the default or an ordered behavior", async () => {
    expect(
      await violationsOf(cloudfrontRequireHttpsViewers, [
        dist({ defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" } }),
      ]),
    ).toHaveLength(1);
    const v = await violationsOf(cloudfrontRequireHttpsViewers, [
      dist({ orderedCacheBehaviors: [{ pathPattern: "/img/*", viewerProtocolPolicy: "allow-all" }] }),
    ]);
    expect(v[0].message).toMatch(/orderedCacheBehaviors\[0\] \(\/img\/\*\) allows HTTP/);
  });
});

describe("cloudfront-enable-logging (CloudFront.5)", () => {
  it("passes with loggingConfig or a v2 delivery source + delivery", async () => {
    const d = dist({ loggingConfig: undefined });
    const source = res(SOURCE, "src", {
      name: "cdn-access",
      logType: "ACCESS_LOGS",
      resourceArn: "arn:aws:cloudfront::123456789012:distribution/cdn-id",
    });
    const withArn = {
      ...d,
      outputs: { ...d.props, arn: "arn:aws:cloudfront::123456789012:distribution/cdn-id" },
    };
    const delivery = res(DELIVERY, "del", {
      deliverySourceName: "cdn-access",
      deliveryDestinationArn: "arn:dest",
    });
    expect(await violationsOf(cloudfrontEnableLogging, [withArn, source, delivery])).toEqual([]);
  });
  it("fails without logging, or with a delivery source that delivers nowhere", async () => {
    const d = dist({ loggingConfig: undefined });
    expect(await blamed(cloudfrontEnableLogging, [d])).toEqual([d.urn]);
    const source = res(
      SOURCE,
      "src",
      { name: "cdn-access" },
      { propertyDependencies: { resourceArn: [d.urn] } },
    );
    expect(await blamed(cloudfrontEnableLogging, [d, source])).toEqual([d.urn]);
  });
});

describe("cloudfront-use-custom-certificate (CloudFront.7, advisory)", () => {
  it("reports the default certificate as advisory", async () => {
    const v = await violationsOf(cloudfrontUseCustomCertificate, [dist({ viewerCertificate: defaultCert })]);
    expect(v.map((x) => x.enforcementLevel)).toEqual(["advisory"]);
  });
});

describe("cloudfront-use-sni (CloudFront.8)", () => {
  it("fails for vip with a custom certificate; the default certificate is not applicable", async () => {
    expect(
      await violationsOf(cloudfrontUseSni, [
        dist({ viewerCertificate: { ...good.viewerCertificate, sslSupportMethod: "vip" } }),
      ]),
    ).toHaveLength(1);
    expect(await violationsOf(cloudfrontUseSni, [dist({ viewerCertificate: defaultCert })])).toEqual([]);
  });
});

describe("cloudfront-encrypt-origin-traffic (CloudFront.9)", () => {
  it("fails for http-only, and for match-viewer when viewers may use HTTP", async () => {
    const httpOnly = {
      ...apiOrigin,
      customOriginConfig: { ...apiOrigin.customOriginConfig, originProtocolPolicy: "http-only" },
    };
    expect(await violationsOf(cloudfrontEncryptOriginTraffic, [dist({ origins: [httpOnly] })])).toHaveLength(
      1,
    );
    const match = {
      ...apiOrigin,
      customOriginConfig: { ...apiOrigin.customOriginConfig, originProtocolPolicy: "match-viewer" },
    };
    expect(await violationsOf(cloudfrontEncryptOriginTraffic, [dist({ origins: [match] })])).toEqual([]);
    expect(
      await violationsOf(cloudfrontEncryptOriginTraffic, [
        dist({ origins: [match], defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" } }),
      ]),
    ).toHaveLength(1);
  });
});

describe("cloudfront-forbid-deprecated-origin-ssl (CloudFront.10)", () => {
  it("fails for SSLv3 by default and for configured deprecated protocols", async () => {
    const ssl3 = {
      ...apiOrigin,
      customOriginConfig: { ...apiOrigin.customOriginConfig, originSslProtocols: ["SSLv3", "TLSv1.2"] },
    };
    expect(await violationsOf(cloudfrontForbidDeprecatedOriginSsl, [dist({ origins: [ssl3] })])).toHaveLength(
      1,
    );
    const tls1 = {
      ...apiOrigin,
      customOriginConfig: { ...apiOrigin.customOriginConfig, originSslProtocols: ["TLSv1"] },
    };
    expect(await violationsOf(cloudfrontForbidDeprecatedOriginSsl, [dist({ origins: [tls1] })])).toEqual([]);
    const cfg = {
      config: { "cloudfront-forbid-deprecated-origin-ssl": { deprecatedProtocols: ["SSLv3", "TLSv1"] } },
    };
    expect(
      await violationsOf(cloudfrontForbidDeprecatedOriginSsl, [dist({ origins: [tls1] })], cfg),
    ).toHaveLength(1);
  });
});

describe("cloudfront-use-origin-access-control (CloudFront.13)", () => {
  it("fails for S3 origins without OAC (by domain or s3OriginConfig), ignores custom origins", async () => {
    const noOac = { originId: "site", domainName: "site-id.s3.eu-west-1.amazonaws.com" };
    expect(
      await violationsOf(cloudfrontUseOriginAccessControl, [dist({ origins: [noOac, apiOrigin] })]),
    ).toHaveLength(1);
    const oai = {
      originId: "x",
      domainName: "unknown",
      s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1" },
    };
    expect(await violationsOf(cloudfrontUseOriginAccessControl, [dist({ origins: [oai] })])).toHaveLength(1);
    const website = {
      originId: "w",
      domainName: "b.s3-website-eu-west-1.amazonaws.com",
      customOriginConfig: apiOrigin.customOriginConfig,
    };
    expect(await violationsOf(cloudfrontUseOriginAccessControl, [dist({ origins: [website] })])).toEqual([]);
  });
});

describe("cloudfront-use-recommended-tls-policy (CloudFront.15)", () => {
  it("fails for old or unset policies with a custom certificate", async () => {
    const old = dist({
      viewerCertificate: { ...good.viewerCertificate, minimumProtocolVersion: "TLSv1.2_2018" },
    });
    expect(await violationsOf(cloudfrontUseRecommendedTlsPolicy, [old])).toHaveLength(1);
    const unset = dist({
      viewerCertificate: { ...good.viewerCertificate, minimumProtocolVersion: undefined },
    });
    expect(await violationsOf(cloudfrontUseRecommendedTlsPolicy, [unset])).toHaveLength(1);
    expect(
      await violationsOf(cloudfrontUseRecommendedTlsPolicy, [dist({ viewerCertificate: defaultCert })]),
    ).toEqual([]);
  });
});
