// @ts-nocheck
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  assetObjects,
  cacheControlFor,
  contentTypeFor,
  IMMUTABLE_CACHE,
  isHashedFileName,
  listAssetFiles,
  NO_CACHE,
  resourceSuffixFor,
  SHORT_CACHE,
  spaRewriteFunctionCode,
} from "./assets";

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-assets-"));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

describe("contentTypeFor", () => {
  test.each([
    ["index.html", "text/html; charset=utf-8"],
    ["assets/index-BvJ3k2Xa.js", "text/javascript; charset=utf-8"],
    ["assets/main.3f2a9c1b.css", "text/css; charset=utf-8"],
    ["logo.svg", "image/svg+xml"],
    ["favicon.ico", "image/vnd.microsoft.icon"],
    ["fonts/inter.woff2", "font/woff2"],
    ["manifest.webmanifest", "application/manifest+json; charset=utf-8"],
    ["data.json", "application/json; charset=utf-8"],
    ["robots.txt", "text/plain; charset=utf-8"],
    ["photo.PNG", "image/png"],
    ["blob.unknownext", "application/octet-stream"],
    ["LICENSE", "application/octet-stream"],
  ])("%s -> %s", (file, type) => expect(contentTypeFor(file)).toBe(type));
});

describe("isHashedFileName / cacheControlFor", () => {
  test.each<[string, boolean, string]>([
    ["index.html", false, NO_CACHE],
    ["about/index.html", false, NO_CACHE],
    ["assets/index-BvJ3k2Xa.js", true, IMMUTABLE_CACHE],
    ["assets/index-BvJ3k2Xa.js.map", true, IMMUTABLE_CACHE],
    ["static/js/main.3f2a9c1b.chunk.js", false, SHORT_CACHE],
    ["static/css/main.3f2a9c1b.css", true, IMMUTABLE_CACHE],
    ["chunk-5d41402abc4b2a76.js", true, IMMUTABLE_CACHE],
    ["fonts/inter-4f3a2b1c.woff2", true, IMMUTABLE_CACHE],
    ["component-renderer.js", false, SHORT_CACHE],
    ["favicon.ico", false, SHORT_CACHE],
    ["robots.txt", false, SHORT_CACHE],
    ["logo-1234.svg", false, SHORT_CACHE],
  ])("%s: hashed=%s, %s", (file, hashed, cache) => {
    expect(isHashedFileName(file)).toBe(hashed);
    expect(cacheControlFor(file)).toBe(cache);
  });
});

describe("listAssetFiles / assetObjects", () => {
  test("lists regular files recursively, sorted, POSIX keys, hidden entries skipped", () => {
    const dir = tree({
      "index.html": "<html></html>",
      "assets/index-BvJ3k2Xa.js": "x",
      "assets/index-C0ffee12.css": "x",
      ".DS_Store": "x",
      ".git/config": "x",
      "favicon.ico": "x",
      "nested/deeper/file.txt": "x",
    });
    expect(listAssetFiles(dir)).toEqual([
      "assets/index-BvJ3k2Xa.js",
      "assets/index-C0ffee12.css",
      "favicon.ico",
      "index.html",
      "nested/deeper/file.txt",
    ]);
    const objects = assetObjects(dir);
    expect(objects.find((o) => o.key === "index.html")).toEqual({
      key: "index.html",
      source: path.join(dir, "index.html"),
      contentType: "text/html; charset=utf-8",
      cacheControl: "no-cache",
      resourceSuffix: resourceSuffixFor("index.html"),
    });
    expect(objects.find((o) => o.key === "assets/index-BvJ3k2Xa.js")).toMatchObject({
      source: path.join(dir, "assets", "index-BvJ3k2Xa.js"),
      contentType: "text/javascript; charset=utf-8",
      cacheControl: IMMUTABLE_CACHE,
    });
  });

  test("resource suffixes are readable and distinct even when sanitized keys collide", () => {
    const a = resourceSuffixFor("a/b.js");
    const b = resourceSuffixFor("a-b.js");
    expect(a).toMatch(/^a-b-js-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(resourceSuffixFor("a/b.js")).toBe(a);
  });
});

describe("spaRewriteFunctionCode", () => {
  // Run the CloudFront Function's code as CloudFront would call it.
  const handler = new Function(`${spaRewriteFunctionCode()}; return handler;`)() as (e: {
    request: { uri: string };
  }) => { uri: string };
  test.each([
    ["/", "/index.html"],
    ["/tasks/42", "/index.html"],
    ["/settings/", "/index.html"],
    ["/assets/index-BvJ3k2Xa.js", "/assets/index-BvJ3k2Xa.js"],
    ["/favicon.ico", "/favicon.ico"],
    ["/index.html", "/index.html"],
  ])("%s -> %s", (uri, expected) => {
    expect(handler({ request: { uri } }).uri).toBe(expected);
  });
});
