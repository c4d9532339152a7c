#!/usr/bin/env node
// @ts-nocheck
/**
 * The slipway command line: the only place that prints or exits. Each command lives in
 * `automation/cli/<command>.ts` and exports `register(program)`.
 *
 * Command modules are loaded lazily: when the first argument names a command, only that command's
 * module (and what it imports) is loaded and registered, so `slipway plan` does not load the deploy,
 * rollback, drift and DR-drill modules. Anything else (`--help`, `help <command>`, no command, a
 * mistyped one) registers every command, so the overview, `help` and commander's suggestions list
 * them all as before.
 */
import { Command } from "commander";

type CommandModule = { register: (program: Command) => void };

/**
 * Every command by name, in the order the overview lists them, and how to load its module. `require`,
 * not `import()`: the CLI runs as CommonJS, and a dynamic `import()` of an extensionless `.ts` path
 * would go through Node's ES module loader, which does not resolve it.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Readonly<Record<string, () => CommandModule>> = {
  drift: () => require("./cli/drift") as CommandModule,
  "dr-drill": () => require("./cli/dr-drill") as CommandModule,
  plan: () => require("./cli/plan") as CommandModule,
  policy: () => require("./cli/policy") as CommandModule,
  deploy: () => require("./cli/deploy") as CommandModule,
  rollback: () => require("./cli/rollback") as CommandModule,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The commands to register for `argv` (`process.argv`): the named one, or all of them. */
function commandsFor(argv: readonly string[]): string[] {
  const first = argv[2];
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
}

async function main(argv: string[]): Promise<void> {
  const program = new Command("slipway")
    .description("Take an approved release from the workflow artifacts to AWS, safely, and report back.")
    .showHelpAfterError();
  for (const name of commandsFor(argv)) COMMANDS[name]().register(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
});
