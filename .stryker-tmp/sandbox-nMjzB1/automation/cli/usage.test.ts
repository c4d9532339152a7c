// @ts-nocheck
import { Command } from "commander";
import { register as registerDrDrill } from "./dr-drill";
import { register as registerDrift } from "./drift";
import { register as registerPlan } from "./plan";
import { register as registerPolicy } from "./policy";
import { register as registerDeploy } from "./deploy";
import { register as registerRollback } from "./rollback";

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Parse argv with every command registered as `automation/cli.ts` does (default exit: process.exit). */
async function parse(argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const exit = jest.spyOn(process, "exit").mockImplementation((code) => {
    throw new Exited(Number(code ?? 0));
  });
  try {
    const program = new Command("slipway").configureOutput({
      writeErr: (s) => err.push(s),
      writeOut: () => undefined,
    });
    registerDrift(program);
    registerDrDrill(program);
    registerPlan(program);
    registerPolicy(program);
    registerDeploy(program);
    registerRollback(program);
    const code = await program.parseAsync(["node", "slipway", ...argv]).then(
      () => -1,
      (e: unknown) => (e instanceof Exited ? e.code : -2),
    );
    return { code, err: err.join("") };
  } finally {
    exit.mockRestore();
  }
}

describe("usage errors of every command are bad input (exit 2), as documented", () => {
  it.each([
    [["plan", "--bogus"], /unknown option '--bogus'/],
    [["plan", "--stack"], /option '--stack <stack>' argument missing/],
    [["policy", "--bogus"], /unknown option '--bogus'/],
    [["drift"], /required option '--stack <stack>' not specified/],
    [["drift", "--stack", "staging", "--bogus"], /unknown option '--bogus'/],
    [["dr-drill"], /required option '--stack <stack>' not specified/],
    [["dr-drill", "--stack", "staging", "--bogus"], /unknown option '--bogus'/],
    [["deploy", "--bogus"], /unknown option '--bogus'/],
    [["rollback"], /required option '--stack <name>' not specified/],
  ])("%j: commander's message, exit 2", async (argv, message) => {
    const r = await parse(argv);
    expect(r).toEqual({ code: 2, err: expect.stringMatching(message) as string });
  });

  it.each(["plan", "policy", "drift", "dr-drill", "deploy", "rollback"])("%s --help exits 0", async (cmd) => {
    expect((await parse([cmd, "--help"])).code).toBe(0);
  });
});
