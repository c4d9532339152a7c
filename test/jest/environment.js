/**
 * Jest global setup/teardown: every test's temporary files go under one directory per run
 * (TMPDIR, which os.tmpdir() reads), removed when the run ends, so a run leaves nothing in /tmp.
 * Tests never reach the network: the AWS SDK's credential chain must not probe the EC2 instance
 * metadata endpoint (tests inject credentials facts; a real chain here would only time out).
 * GitHub Actions' own variables are removed (see setup).
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports.setup = async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-jest-"));
  process.env.SLIPWAY_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  // A run inside GitHub Actions (the PR workflow) must not let the CLI tests write the job's step summary,
  // print workflow annotations or inherit a deadline; tests that want them pass their own env.
  delete process.env.GITHUB_ACTIONS;
  delete process.env.GITHUB_STEP_SUMMARY;
  delete process.env.SLIPWAY_DEADLINE_MINUTES;
};

module.exports.teardown = async function teardown() {
  const dir = process.env.SLIPWAY_JEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
