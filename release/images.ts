/**
 * Container images by digest (issue 11 item 3, issue 14 item 7): what each backend service of a release
 * runs is `<registry>/<repository>@sha256:<digest>`, built once by CI and promoted unchanged from staging
 * to production. Pure: parsing and checking the deploy's `--image` / `--images` input, finding services
 * that have none, and the `slipway:images` stack config (digests by release version, so both colours of
 * a blue/green rollout and a redeploy rollback find theirs).
 */
import { readFileSync } from "node:fs";
import { IMAGE_DIGEST_REF, IMAGE_TAG } from "../lib/aws";
import { InputError, InputErrors } from "../lib/errors";
import { didYouMean } from "../lib/suggest";

/** Stack config key of the images by release version (set by `deploy`, read by the program). */
export const IMAGES_KEY = "slipway:images";

/** Versions whose digests `slipway:images` keeps besides those a colour runs (redeploy rollback depth). */
export const KEPT_IMAGE_VERSIONS = 10;

/** One service's image reference by digest, by backend component name. */
export type ServiceImages = Readonly<Record<string, string>>;

/** `slipway:images`: per release version, the image of each backend service. */
export type ImagesByVersion = Readonly<Record<string, ServiceImages>>;

/** What a good value looks like, for every fix. */
export const IMAGE_EXAMPLE =
  "123456789012.dkr.ecr.eu-west-1.amazonaws.com/taskflow/api@sha256:<64 hex digits>";

/** Why `ref` is not an image by digest, or undefined when it is one. */
export function imageRefProblem(ref: string): string | undefined {
  if (IMAGE_DIGEST_REF.test(ref)) return undefined;
  if (/@sha256:/.test(ref) && !/@sha256:[a-f0-9]{64}$/.test(ref))
    return `"${ref}" has no sha256 digest of 64 lower-case hex digits`;
  if (!ref.includes("@")) return `"${ref}" is not pinned by digest (a tag can move; services run digests)`;
  return `"${ref}" is not <registry>/<repository>@sha256:<digest>`;
}

/**
 * `--image NAME=REF` values (repeatable) as images by service name. Every problem is reported at once
 * (exit 2): a value without `=`, an empty or repeated name, a reference that is not by digest.
 */
export function parseImageOptions(values: readonly string[], source = "--image"): Record<string, string> {
  const out: Record<string, string> = {};
  const errors: InputError[] = [];
  for (const v of values) {
    const eq = v.indexOf("=");
    const name = eq < 0 ? "" : v.slice(0, eq).trim();
    const ref = eq < 0 ? "" : v.slice(eq + 1).trim();
    if (eq < 0 || name === "") {
      errors.push(
        new InputError(source, "", `"${v}" is not NAME=IMAGE`, `pass ${source} api=${IMAGE_EXAMPLE}`),
      );
      continue;
    }
    if (name in out) {
      errors.push(
        new InputError(source, name, "is given twice", `pass one ${source} ${name}=... per service`),
      );
      continue;
    }
    const problem = imageRefProblem(ref);
    if (problem) {
      errors.push(
        new InputError(source, name, problem, `pass ${source} ${name}=${IMAGE_EXAMPLE.replace("api", name)}`),
      );
      continue;
    }
    out[name] = ref;
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new InputErrors(errors);
  return out;
}

/**
 * An images file (`--images FILE`): a JSON object of image references by service name, as the CI
 * workflow's build job writes it. Bad input names the file and the field.
 */
export function readImagesFile(
  file: string,
  read: (f: string) => string = (f) => readFileSync(f, "utf8"),
): Record<string, string> {
  let text: string;
  try {
    text = read(file);
  } catch (err) {
    throw new InputError(
      file,
      "",
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      "pass the images.json the build job wrote (--images FILE)",
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(file, "", "is not JSON", `write an object such as {"api": "${IMAGE_EXAMPLE}"}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new InputError(
      file,
      "",
      "must be a JSON object of images by service name",
      `write {"api": "${IMAGE_EXAMPLE}"}`,
    );
  const errors: InputError[] = [];
  const out: Record<string, string> = {};
  for (const [name, ref] of Object.entries(data)) {
    const problem = typeof ref === "string" ? imageRefProblem(ref) : "must be a string";
    if (problem)
      errors.push(
        new InputError(file, `/${name}`, problem, `set it to ${IMAGE_EXAMPLE.replace("api", name)}`),
      );
    else out[name] = ref as string;
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new InputErrors(errors);
  return out;
}

/** Images given for services the release does not have (likely typos), as errors naming the source. */
export function unknownImageServices(
  images: ServiceImages,
  serviceNames: readonly string[],
  source = "--image",
): InputError[] {
  return Object.keys(images)
    .filter((n) => !serviceNames.includes(n))
    .map(
      (n) =>
        new InputError(
          source,
          n,
          `is not a backend service of the release${didYouMean(n, serviceNames)}`,
          `give images for ${serviceNames.join(", ") || "no service (the release has none)"}`,
        ),
    );
}

/** How a service gets its image when no digest is given for it. */
export interface ImageFallback {
  /** `slipway:services.<name>.image` is set. */
  readonly image?: string;
  /** `slipway:services.<name>.buildContext` is set (built and pushed by the program). */
  readonly buildContext?: string;
}

/**
 * The services that have no image for `version`: no digest in `images` (or in the stack's stored
 * `slipway:images` for that version) and no explicit image or build context in their override.
 */
export function servicesWithoutImage(
  serviceNames: readonly string[],
  version: string,
  sources: {
    readonly images?: ServiceImages;
    readonly stored?: ImagesByVersion;
    readonly overrides?: Readonly<Record<string, ImageFallback | undefined>>;
  },
): string[] {
  return serviceNames.filter(
    (n) =>
      sources.images?.[n] === undefined &&
      sources.stored?.[version]?.[n] === undefined &&
      sources.overrides?.[n]?.image === undefined &&
      sources.overrides?.[n]?.buildContext === undefined,
  );
}

/** The message (and fix) for services without an image, as `deploy` stops with it (exit 2). */
export function missingImagesError(
  missing: readonly string[],
  version: string,
  source = "--image",
): InputError {
  return new InputError(
    source,
    missing.join(", "),
    `${missing.length === 1 ? "has" : "have"} no image for release ${version} (image needed before deploy; nothing was deployed)`,
    `build and push each image once (the CI workflow's build job does), then pass ${missing
      .map((n) => `${source} ${n}=<registry>/<repository>@sha256:<digest>`)
      .join(" ")} (or --images images.json); docs/first-deploy.md`,
  );
}

/**
 * `slipway:images` after a deploy of `version` with `images`: the new version's digests merged over what
 * was stored for it, every version a colour (or the migration task) still runs kept, and of the others
 * the most recent `keep` (insertion order is deploy order). Never drops a digest a running colour needs.
 */
export function mergeImages(
  stored: ImagesByVersion,
  version: string,
  images: ServiceImages,
  inUse: readonly string[],
  keep = KEPT_IMAGE_VERSIONS,
): Record<string, Record<string, string>> {
  if (!IMAGE_TAG.test(version)) throw new Error(`not a release version usable as an image tag: ${version}`);
  const merged: Record<string, Record<string, string>> = {};
  for (const [v, s] of Object.entries(stored)) if (v !== version) merged[v] = { ...s };
  merged[version] = { ...(stored[version] ?? {}), ...images };
  const others = Object.keys(merged).filter((v) => v !== version && !inUse.includes(v));
  const drop = new Set(others.slice(0, Math.max(0, others.length - keep)));
  return Object.fromEntries(Object.entries(merged).filter(([v]) => !drop.has(v)));
}

/** Parse a stored `slipway:images` value (JSON text); undefined or empty: none stored. */
export function parseStoredImages(text: string | undefined): ImagesByVersion {
  if (text === undefined || text === "") return {};
  const data: unknown = JSON.parse(text);
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new Error(`${IMAGES_KEY} is not a JSON object of images by release version`);
  return data as ImagesByVersion;
}
