import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ecrLifecyclePolicy } from "../components/service/container";
import { ecrRepositoryArn, IMAGE_DIGEST_REF } from "../lib/aws";
import { InputError, InputErrors } from "../lib/errors";
import {
  imageRefProblem,
  mergeImages,
  missingImagesError,
  parseImageOptions,
  parseStoredImages,
  readImagesFile,
  servicesWithoutImage,
  unknownImageServices,
} from "./images";

const D = (c: string) => c.repeat(64);
const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

describe("image references by digest", () => {
  test.each([
    [`${ECR}/taskflow/api@sha256:${D("a")}`, true],
    [`ghcr.io/acme/app@sha256:${D("0")}`, true],
    [`localhost:5000/app@sha256:${D("f")}`, true],
    [`${ECR}/taskflow/api:1.4.0`, false],
    [`api@sha256:${D("a")}`, false],
    [`${ECR}/taskflow/api@sha256:${D("A")}`, false],
    [`${ECR}/taskflow/api@sha256:${"a".repeat(63)}`, false],
    [`${ECR}/Taskflow/api@sha256:${D("a")}`, false],
    ["", false],
  ])("%s -> %s", (ref, ok) => {
    expect(IMAGE_DIGEST_REF.test(ref)).toBe(ok);
    expect(imageRefProblem(ref) === undefined).toBe(ok);
  });

  test("problems say what is wrong", () => {
    expect(imageRefProblem(`${ECR}/api:1.4.0`)).toMatch(/not pinned by digest/);
    expect(imageRefProblem(`${ECR}/api@sha256:abc`)).toMatch(/64 lower-case hex/);
  });

  test("ECR repository ARN of an image; none for other registries", () => {
    expect(ecrRepositoryArn(`${ECR}/taskflow/api@sha256:${D("a")}`)).toBe(
      "arn:aws:ecr:eu-west-1:123456789012:repository/taskflow/api",
    );
    expect(ecrRepositoryArn(`123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/x@sha256:${D("a")}`)).toBe(
      "arn:aws-cn:ecr:cn-north-1:123456789012:repository/x",
    );
    expect(ecrRepositoryArn(`ghcr.io/acme/app@sha256:${D("a")}`)).toBeUndefined();
  });
});

describe("parseImageOptions (--image NAME=REF)", () => {
  test("good values by name", () => {
    expect(
      parseImageOptions([`api=${ECR}/t/api@sha256:${D("a")}`, ` worker = ${ECR}/t/w@sha256:${D("b")}`]),
    ).toEqual({ api: `${ECR}/t/api@sha256:${D("a")}`, worker: `${ECR}/t/w@sha256:${D("b")}` });
  });

  test.each([
    ["no =", ["api"], /--image: "api" is not NAME=IMAGE/],
    ["empty name", [`=${ECR}/t/api@sha256:${D("a")}`], /is not NAME=IMAGE/],
    ["a tag", [`api=${ECR}/t/api:1.4.0`], /--image: api: .* is not pinned by digest.*Fix: pass --image api=/],
    ["twice", [`api=${ECR}/t/a@sha256:${D("a")}`, `api=${ECR}/t/a@sha256:${D("b")}`], /api: is given twice/],
  ])("%s: bad input naming the flag and the service", (_l, values, message) => {
    expect(() => parseImageOptions(values)).toThrow(InputError);
    expect(() => parseImageOptions(values)).toThrow(message);
  });

  test("every problem at once", () => {
    expect(() => parseImageOptions(["api", "worker=x"])).toThrow(InputErrors);
  });
});

describe("readImagesFile (--images FILE)", () => {
  const read = (text: string) => () => text;
  test("an object of digests", () => {
    expect(
      readImagesFile("images.json", read(JSON.stringify({ api: `${ECR}/t/api@sha256:${D("c")}` }))),
    ).toEqual({
      api: `${ECR}/t/api@sha256:${D("c")}`,
    });
  });
  test.each([
    ["not JSON", "{", /images.json: is not JSON/],
    ["an array", "[]", /must be a JSON object/],
    ["a tag", JSON.stringify({ api: `${ECR}/t/api:1` }), /images.json: \/api: .*not pinned by digest/],
    ["not a string", JSON.stringify({ api: 1 }), /\/api: must be a string/],
  ])("%s: bad input naming the file and the field", (_l, text, message) => {
    expect(() => readImagesFile("images.json", read(text))).toThrow(message);
  });
  test("an unreadable file names it", () => {
    expect(() => readImagesFile("/nonexistent/images.json")).toThrow(
      /\/nonexistent\/images.json: cannot be read/,
    );
  });
});

describe("which services have no image", () => {
  test("digests, stored digests of the version, an override's image or build context count", () => {
    expect(
      servicesWithoutImage(["api", "worker", "mailer", "cron", "pdf"], "1.4.0", {
        images: { api: "x" },
        stored: { "1.4.0": { worker: "y" }, "1.3.0": { mailer: "z" } },
        overrides: { cron: { image: "i" }, pdf: { buildContext: "d" } },
      }),
    ).toEqual(["mailer"]);
  });
  test("the error names the services, says nothing was deployed and gives the fix", () => {
    const e = missingImagesError(["api", "worker"], "1.4.0");
    expect(e.message).toMatch(
      /--image: api, worker: have no image for release 1\.4\.0 \(image needed before deploy; nothing was deployed\)/,
    );
    expect(e.message).toMatch(/Fix: .*--image api=<registry>\/<repository>@sha256:<digest> --image worker=/);
  });
  test("unknown names get a did-you-mean", () => {
    expect(unknownImageServices({ apy: "x" }, ["api", "worker"])[0].message).toMatch(
      /apy: is not a backend service.*api/,
    );
  });
});

describe("mergeImages (slipway:images)", () => {
  test("the new version merged over the stored one; versions a colour runs kept; others capped", () => {
    const stored = {
      "1.0.0": { api: "a0" },
      "1.1.0": { api: "a1" },
      "1.2.0": { api: "a2" },
      "1.3.0": { api: "a3", worker: "w3" },
    };
    expect(mergeImages(stored, "1.3.0", { api: "a3b" }, ["1.0.0"], 1)).toEqual({
      "1.0.0": { api: "a0" },
      "1.2.0": { api: "a2" },
      "1.3.0": { api: "a3b", worker: "w3" },
    });
    expect(Object.keys(mergeImages(stored, "1.4.0", { api: "a4" }, [], 10))).toEqual([
      "1.0.0",
      "1.1.0",
      "1.2.0",
      "1.3.0",
      "1.4.0",
    ]);
  });
  test("stored text parses; empty is none", () => {
    expect(parseStoredImages(undefined)).toEqual({});
    expect(parseStoredImages('{"1.0.0":{"api":"x"}}')).toEqual({ "1.0.0": { api: "x" } });
    expect(() => parseStoredImages("[]")).toThrow(/slipway:images/);
  });
});

describe("the registry's lifecycle policy file (applied by the CI build job)", () => {
  test("is the one the service component applies (deployed-* images kept first)", () => {
    const file = JSON.parse(
      readFileSync(join(__dirname, "..", "docs", "ecr", "lifecycle-policy.json"), "utf8"),
    );
    expect(file).toEqual(JSON.parse(ecrLifecyclePolicy(50)));
  });
});
