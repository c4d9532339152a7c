/**
 * The pinned reference contracts (`contracts/reference/`) are the upstream files unchanged: every file
 * matches the sha256 recorded in `SHA256SUMS` when it was pinned, none is missing, none is unrecorded.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REFERENCE_DIR, REFERENCE_FILES } from "./index";

/** Files of the pin itself, not upstream's. */
const PIN_FILES = ["PINNED.md", "SHA256SUMS"];

/** `sha256sum` output: `<64 hex>  <file>` per line. */
function recorded(): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of readFileSync(join(REFERENCE_DIR, "SHA256SUMS"), "utf8").split("\n")) {
    if (line === "") continue;
    const m = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
    if (!m) throw new Error(`contracts/reference/SHA256SUMS: malformed line ${JSON.stringify(line)}`);
    sums.set(m[2], m[1]);
  }
  return sums;
}

const sha256 = (file: string) =>
  createHash("sha256")
    .update(readFileSync(join(REFERENCE_DIR, file)))
    .digest("hex");

describe("pinned reference contracts", () => {
  const sums = recorded();

  it("records every reference contract the project uses, and the upstream licence", () => {
    expect([...sums.keys()]).toEqual(
      expect.arrayContaining([...Object.values(REFERENCE_FILES), "LICENSE.upstream-MIT"]),
    );
  });

  it("holds exactly the recorded files", () => {
    const present = readdirSync(REFERENCE_DIR).filter((f) => !PIN_FILES.includes(f));
    expect(present.sort()).toEqual([...sums.keys()].sort());
  });

  it.each([...sums.entries()])("%s is unchanged from upstream (sha256 %s)", (file, hash) => {
    expect(sha256(file)).toBe(hash);
  });
});
