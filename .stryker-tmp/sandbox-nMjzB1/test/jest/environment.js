/**
 * Jest global setup/teardown: every test's temporary files go under one directory per run
 * (TMPDIR, which os.tmpdir() reads), removed when the run ends, so a run leaves nothing in /tmp.
 * Tests never reach the network: the AWS SDK's credential chain must not probe the EC2 instance
 * metadata endpoint (tests inject credentials facts; a real chain here would only time out).
 */
// @ts-nocheck

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports.setup = async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-jest-"));
  process.env.SLIPWAY_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  process.env.AWS_EC2_METADATA_DISABLED = "true";
};

module.exports.teardown = async function teardown() {
  const dir = process.env.SLIPWAY_JEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
