/**
 * `slipway:dns:Dns`: custom domain and TLS. Two explicit modes:
 *
 * - **custom domain** (`args.domain` and `args.hostedZoneId` given): ACM certificates with DNS validation in
 *   the Route 53 zone: one for the static site in us-east-1 (CloudFront only accepts certificates from
 *   there, so it is created through `args.cloudFrontProvider`) and one for the API in the stack's region
 *   (for the ALB's HTTPS listener). {@link Dns.createAliasRecords} adds alias A/AAAA records for the site
 *   (CloudFront) and the API (ALB) once their DNS names exist.
 * - **AWS-provided names** (no `args.domain`): nothing is created. The site is served on its
 *   `dxxxx.cloudfront.net` name with CloudFront's default certificate (HTTPS), and the API on the ALB's
 *   `*.elb.amazonaws.com` name; the ALB has no certificate for that name, so the service component must
 *   decide how it serves (e.g. HTTPS only through CloudFront's `/api/*` route). `mode` says which applies.
 */
// @ts-nocheck

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../../lib/errors";

/** Which names the stack serves on. */
export type DnsMode = "custom-domain" | "aws-provided-names";

/** Arguments of {@link Dns}. */
export interface DnsArgs {
  /**
   * The apex (or delegated sub-) domain. Leave undefined to serve on the AWS-provided names.
   * @default undefined (AWS-provided names mode)
   * @example "taskflow.example.com"
   */
  readonly domain?: string;
  /**
   * Route 53 public hosted zone of `domain` (required with `domain`, forbidden without).
   * @default undefined
   * @example "Z0123456789ABCDEFGHIJ"
   */
  readonly hostedZoneId?: pulumi.Input<string>;
  /**
   * Create the static site's certificate (the packet has a frontend).
   * @default true
   */
  readonly site?: boolean;
  /**
   * Create the API's certificate (the packet has a `backend_api`).
   * @default true
   */
  readonly api?: boolean;
  /**
   * Host name of the static site; must be `domain` or under it.
   * @default domain
   * @example "app.taskflow.example.com"
   */
  readonly siteHostname?: string;
  /**
   * Extra names on the site certificate (and alias records), under `domain`.
   * @default []
   * @example ["www.taskflow.example.com"]
   */
  readonly siteAlternativeNames?: readonly string[];
  /**
   * Host name of the API; must be under `domain` and differ from the site names.
   * @default "api.<domain>"
   */
  readonly apiHostname?: string;
  /**
   * An `aws.Provider` for us-east-1, used for the CloudFront certificate and its validation. Required
   * when `domain` is set and `site` is true.
   * @default undefined
   * @example new aws.Provider("us-east-1", { region: "us-east-1", defaultTags })
   */
  readonly cloudFrontProvider?: pulumi.ProviderResource;
  /** Extra tags on the certificates. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Where an alias record points: a CloudFront distribution or a load balancer. */
export interface AliasTarget {
  /** Target DNS name (`distribution.domainName` or `loadBalancer.dnsName`). */
  readonly dnsName: pulumi.Input<string>;
  /** Target's hosted zone id (`distribution.hostedZoneId` or `loadBalancer.zoneId`). */
  readonly zoneId: pulumi.Input<string>;
}

/** One alias name. */
export interface AliasRecordSpec {
  /** Fully qualified host name, without trailing dot. @example "api.taskflow.example.com" */
  readonly hostname: string;
  /** The target. */
  readonly target: AliasTarget;
  /**
   * Also create an AAAA record (CloudFront with IPv6 on, or a dual-stack ALB).
   * @default true
   */
  readonly ipv6?: boolean;
  /**
   * Route 53 evaluates the target's health (useful for ALBs; CloudFront ignores it).
   * @default false
   */
  readonly evaluateTargetHealth?: boolean;
}

/** Arguments of {@link AliasRecords}. */
export interface AliasRecordsArgs {
  /** Route 53 hosted zone that holds the names. */
  readonly hostedZoneId: pulumi.Input<string>;
  /** The names; at least one, host names unique. */
  readonly records: readonly AliasRecordSpec[];
}

const DNS_TYPE = "slipway:dns:Dns";
const ALIAS_TYPE = "slipway:dns:AliasRecords";
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** True when `host` is `domain` or a name under it. */
export function isWithinDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Kebab-case child-name part for a host name. */
function hostRole(host: string): string {
  return host.replace(/\./g, "-");
}

interface ResolvedDnsArgs {
  mode: DnsMode;
  domain?: string;
  site: boolean;
  api: boolean;
  siteHostname?: string;
  siteAlternativeNames: readonly string[];
  apiHostname?: string;
}

/** Validate and default the args synchronously; errors name the argument path. */
export function resolveDnsArgs(name: string, args: DnsArgs): ResolvedDnsArgs {
  const fail = (field: string, problem: string, fix: string): never => {
    throw new InputError(`${DNS_TYPE} "${name}"`, field, problem, fix);
  };
  const site = args.site ?? true;
  const api = args.api ?? true;
  if (args.domain === undefined) {
    const onlyWithDomain: (keyof DnsArgs)[] = [
      "hostedZoneId",
      "siteHostname",
      "siteAlternativeNames",
      "apiHostname",
      "cloudFrontProvider",
    ];
    for (const k of onlyWithDomain) {
      if (args[k] !== undefined) {
        fail(
          `args.${k}`,
          "is set but args.domain is not",
          "set args.domain too, or remove it to serve on AWS-provided names",
        );
      }
    }
    return { mode: "aws-provided-names", site, api, siteAlternativeNames: [] };
  }
  const domain = args.domain;
  if (!HOSTNAME.test(domain)) {
    fail(
      "args.domain",
      `"${domain}" is not a lower-case DNS name`,
      'use a name like "example.com" (no trailing dot, no scheme)',
    );
  }
  if (args.hostedZoneId === undefined || args.hostedZoneId === "") {
    fail(
      "args.hostedZoneId",
      "is required when args.domain is set",
      "pass the Route 53 public hosted zone id of the domain",
    );
  }
  if (typeof args.hostedZoneId === "string" && !/^Z[A-Z0-9]{1,31}$/.test(args.hostedZoneId)) {
    fail(
      "args.hostedZoneId",
      `"${args.hostedZoneId}" is not a Route 53 hosted zone id`,
      'use the id, e.g. "Z0123456789ABCDEFGHIJ" (without "/hostedzone/")',
    );
  }
  if (!site && !api) {
    fail(
      "args.site",
      "and args.api are both false",
      "drop args.domain, or enable the site or the API certificate",
    );
  }
  const checkHost = (field: string, host: string): void => {
    if (!HOSTNAME.test(host))
      fail(field, `"${host}" is not a lower-case DNS name`, "use a host name without scheme or trailing dot");
    if (!isWithinDomain(host, domain))
      fail(
        field,
        `"${host}" is not within args.domain "${domain}"`,
        `use "${domain}" or a name ending in ".${domain}"`,
      );
  };
  const siteHostname = args.siteHostname ?? domain;
  const siteAlternativeNames = args.siteAlternativeNames ?? [];
  const apiHostname = args.apiHostname ?? `api.${domain}`;
  if (site) {
    checkHost("args.siteHostname", siteHostname);
    siteAlternativeNames.forEach((n, i) => checkHost(`args.siteAlternativeNames[${i}]`, n));
    const all = [siteHostname, ...siteAlternativeNames];
    if (new Set(all).size !== all.length) {
      fail(
        "args.siteAlternativeNames",
        "repeats a site name",
        "list every extra name once, without the site host name",
      );
    }
    if (args.cloudFrontProvider === undefined) {
      fail(
        "args.cloudFrontProvider",
        "is required for the site certificate (CloudFront only uses certificates from us-east-1)",
        'pass an aws.Provider with region "us-east-1" (CloudFront only uses certificates from there)',
      );
    }
  } else if (args.siteHostname !== undefined || args.siteAlternativeNames !== undefined) {
    fail(
      args.siteHostname !== undefined ? "args.siteHostname" : "args.siteAlternativeNames",
      "is set but args.site is false",
      "remove it or set args.site",
    );
  }
  if (api) {
    checkHost("args.apiHostname", apiHostname);
    if (site && [siteHostname, ...siteAlternativeNames].includes(apiHostname)) {
      fail(
        "args.apiHostname",
        `"${apiHostname}" is also a site name`,
        `give the API its own name, e.g. "api.${domain}"`,
      );
    }
  } else if (args.apiHostname !== undefined) {
    fail("args.apiHostname", "is set but args.api is false", "remove it or set args.api");
  }
  return {
    mode: "custom-domain",
    domain,
    site,
    api,
    siteHostname: site ? siteHostname : undefined,
    siteAlternativeNames: site ? siteAlternativeNames : [],
    apiHostname: api ? apiHostname : undefined,
  };
}

/** What the stack serves on which names (pure; for reports and docs). */
export function dnsSummary(a: {
  mode: DnsMode;
  siteHostname?: string;
  siteAlternativeNames: readonly string[];
  apiHostname?: string;
}): string {
  if (a.mode === "aws-provided-names") {
    return (
      "No custom domain: the site is served on its CloudFront *.cloudfront.net name with CloudFront's default " +
      "certificate, the API on the load balancer's *.elb.amazonaws.com name (no ACM certificate for that name)."
    );
  }
  const parts: string[] = [];
  if (a.siteHostname) {
    const names = [a.siteHostname, ...a.siteAlternativeNames].map((n) => `https://${n}`).join(", ");
    parts.push(`site on ${names} (ACM certificate in us-east-1 for CloudFront)`);
  }
  if (a.apiHostname)
    parts.push(`API on https://${a.apiHostname} (ACM certificate in the stack's region for the ALB)`);
  return `Custom domain: ${parts.join("; ")}; certificates DNS-validated in Route 53.`;
}

/** Custom domain certificates (or the explicit AWS-provided names mode). */
export class Dns extends pulumi.ComponentResource {
  /** `custom-domain` or `aws-provided-names`. */
  readonly mode: DnsMode;
  /** True in custom-domain mode. */
  readonly enabled: boolean;
  /** The domain, in custom-domain mode. */
  readonly domain?: string;
  /** Site host name, when a site certificate exists. */
  readonly siteHostname?: string;
  /** Extra site names on the certificate. */
  readonly siteAlternativeNames: readonly string[];
  /** API host name, when an API certificate exists. */
  readonly apiHostname?: string;
  /** Validated certificate ARN for CloudFront (us-east-1); only resolves once validation completed. */
  readonly siteCertificateArn?: pulumi.Output<string>;
  /** Validated certificate ARN for the ALB HTTPS listener (stack region). */
  readonly apiCertificateArn?: pulumi.Output<string>;
  /** `https://<site host>` in custom-domain mode. */
  readonly siteUrl?: string;
  /** `https://<api host>` in custom-domain mode. */
  readonly apiUrl?: string;
  /** One sentence for reports and docs: what is served on which names, with which certificates. */
  readonly summary: string;

  private readonly componentName: string;
  private readonly hostedZoneId?: pulumi.Input<string>;

  constructor(name: string, args: DnsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(DNS_TYPE, name, {}, opts);
    const a = resolveDnsArgs(name, args);
    this.componentName = name;
    this.mode = a.mode;
    this.enabled = a.mode === "custom-domain";
    this.domain = a.domain;
    this.siteHostname = a.siteHostname;
    this.siteAlternativeNames = a.siteAlternativeNames;
    this.apiHostname = a.apiHostname;
    this.hostedZoneId = args.hostedZoneId;
    if (this.enabled) {
      const tags = (role: string): Record<string, string> => ({
        ...(args.tags ?? {}),
        Name: `${name}-${role}`,
      });
      if (a.siteHostname !== undefined) {
        this.siteCertificateArn = this.validatedCertificate(
          "site",
          a.siteHostname,
          a.siteAlternativeNames,
          args.hostedZoneId!,
          tags("site-cert"),
          args.cloudFrontProvider,
        );
        this.siteUrl = `https://${a.siteHostname}`;
      }
      if (a.apiHostname !== undefined) {
        this.apiCertificateArn = this.validatedCertificate(
          "api",
          a.apiHostname,
          [],
          args.hostedZoneId!,
          tags("api-cert"),
        );
        this.apiUrl = `https://${a.apiHostname}`;
      }
    }
    this.summary = dnsSummary(a);
    this.registerOutputs({
      mode: this.mode,
      domain: this.domain,
      siteHostname: this.siteHostname,
      apiHostname: this.apiHostname,
      siteCertificateArn: this.siteCertificateArn,
      apiCertificateArn: this.apiCertificateArn,
    });
  }

  /**
   * Alias records for the site (CloudFront, A + AAAA) and the API (ALB, A; AAAA only with `apiIpv6`), once
   * their DNS names exist. Returns undefined in AWS-provided-names mode (nothing to create). Throws when a
   * target is given for a name this component has no certificate for.
   */
  createAliasRecords(targets: {
    readonly site?: AliasTarget;
    readonly api?: AliasTarget;
    /** The ALB is dual-stack. @default false */
    readonly apiIpv6?: boolean;
  }): AliasRecords | undefined {
    if (!this.enabled) return undefined;
    const where = `${DNS_TYPE} "${this.componentName}"`;
    const records: AliasRecordSpec[] = [];
    if (targets.site) {
      if (this.siteHostname === undefined) {
        throw new InputError(
          where,
          "createAliasRecords(targets.site)",
          "the component was built with args.site false",
          "set args.site or drop the site target",
        );
      }
      for (const hostname of [this.siteHostname, ...this.siteAlternativeNames]) {
        records.push({ hostname, target: targets.site, ipv6: true, evaluateTargetHealth: false });
      }
    }
    if (targets.api) {
      if (this.apiHostname === undefined) {
        throw new InputError(
          where,
          "createAliasRecords(targets.api)",
          "the component was built with args.api false",
          "set args.api or drop the api target",
        );
      }
      records.push({
        hostname: this.apiHostname,
        target: targets.api,
        ipv6: targets.apiIpv6 ?? false,
        evaluateTargetHealth: true,
      });
    }
    if (records.length === 0) {
      throw new InputError(
        where,
        "createAliasRecords(targets)",
        "has neither site nor api",
        "pass at least one target",
      );
    }
    return new AliasRecords(
      `${this.componentName}-aliases`,
      { hostedZoneId: this.hostedZoneId!, records },
      { parent: this },
    );
  }

  /** A DNS-validated certificate; returns the ARN from the validation (known only once it is issued). */
  private validatedCertificate(
    role: "site" | "api",
    hostname: string,
    alternativeNames: readonly string[],
    zoneId: pulumi.Input<string>,
    tags: Record<string, string>,
    provider?: pulumi.ProviderResource,
  ): pulumi.Output<string> {
    const name = this.componentName;
    const certOpts: pulumi.CustomResourceOptions = provider ? { parent: this, provider } : { parent: this };
    const cert = new aws.acm.Certificate(
      `${name}-${role}-cert`,
      {
        domainName: hostname,
        subjectAlternativeNames: alternativeNames.length > 0 ? [...alternativeNames] : undefined,
        validationMethod: "DNS",
        keyAlgorithm: "RSA_2048",
        options: { certificateTransparencyLoggingPreference: "ENABLED" },
        tags,
      },
      certOpts,
    );
    // One validation record per name (names are known now, so the records are planned, not created in an apply).
    const fqdns = [hostname, ...alternativeNames].map((host) => {
      const option = cert.domainValidationOptions.apply((options) => {
        const found = options.find((o) => o.domainName === host);
        if (!found)
          throw new Error(`${DNS_TYPE} "${name}": ACM returned no DNS validation option for ${host}`);
        return found;
      });
      const record = new aws.route53.Record(
        `${name}-${role}-validation-${hostRole(host)}`,
        {
          zoneId,
          name: option.resourceRecordName,
          type: option.resourceRecordType,
          records: [option.resourceRecordValue],
          ttl: 300,
          allowOverwrite: true,
        },
        { parent: this },
      );
      return record.fqdn;
    });
    const validation = new aws.acm.CertificateValidation(
      `${name}-${role}-cert-validation`,
      { certificateArn: cert.arn, validationRecordFqdns: fqdns },
      certOpts,
    );
    return validation.certificateArn;
  }
}

/** Alias A (and AAAA) records pointing host names at CloudFront or a load balancer. */
export class AliasRecords extends pulumi.ComponentResource {
  /** Fully qualified names of the records, in args order (A then AAAA per host). */
  readonly fqdns: pulumi.Output<string[]>;
  /** The host names. */
  readonly hostnames: readonly string[];

  constructor(name: string, args: AliasRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ALIAS_TYPE, name, {}, opts);
    const fail = (field: string, problem: string, fix: string): never => {
      throw new InputError(`${ALIAS_TYPE} "${name}"`, field, problem, fix);
    };
    if (args.hostedZoneId === undefined || args.hostedZoneId === "") {
      fail("args.hostedZoneId", "is required", "pass the Route 53 hosted zone id");
    }
    if (!Array.isArray(args.records) || args.records.length === 0) {
      fail("args.records", "is empty", "pass at least one record");
    }
    const seen = new Set<string>();
    args.records.forEach((r, i) => {
      if (!HOSTNAME.test(r.hostname)) {
        fail(
          `args.records[${i}].hostname`,
          `"${r.hostname}" is not a lower-case DNS name`,
          "use a host name without scheme or trailing dot",
        );
      }
      if (seen.has(r.hostname))
        fail(`args.records[${i}].hostname`, `"${r.hostname}" is listed twice`, "list each host name once");
      seen.add(r.hostname);
      if (r.target === undefined || r.target.dnsName === undefined || r.target.zoneId === undefined) {
        fail(
          `args.records[${i}].target`,
          "needs dnsName and zoneId",
          "pass the distribution's domainName/hostedZoneId or the ALB's dnsName/zoneId",
        );
      }
    });
    const fqdns: pulumi.Output<string>[] = [];
    for (const r of args.records) {
      const types = (r.ipv6 ?? true) ? ["A", "AAAA"] : ["A"];
      for (const type of types) {
        const record = new aws.route53.Record(
          `${name}-${hostRole(r.hostname)}-${type.toLowerCase()}`,
          {
            zoneId: args.hostedZoneId,
            name: r.hostname,
            type,
            aliases: [
              {
                name: r.target.dnsName,
                zoneId: r.target.zoneId,
                evaluateTargetHealth: r.evaluateTargetHealth ?? false,
              },
            ],
          },
          { parent: this },
        );
        fqdns.push(record.fqdn);
      }
    }
    this.hostnames = args.records.map((r) => r.hostname);
    this.fqdns = pulumi.all(fqdns);
    this.registerOutputs({ fqdns: this.fqdns });
  }
}
