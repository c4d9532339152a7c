#!/usr/bin/env node
/**
 * The slipway command line: the only place that prints or exits. Each command lives in
 * `automation/cli/<command>.ts` and exports `register(program)`.
 */
import { Command } from "commander";
import { register as registerDrift } from "./cli/drift";
import { register as registerDrDrill } from "./cli/dr-drill";
import { register as registerPlan } from "./cli/plan";
import { register as registerPolicy } from "./cli/policy";
import { register as registerDeploy } from "./cli/deploy";
import { register as registerRollback } from "./cli/rollback";

const program = new Command("slipway")
  .description("Take an approved release from the workflow artifacts to AWS, safely, and report back.")
  .showHelpAfterError();

// Commands register themselves here, one line each.
registerDrift(program);
registerDrDrill(program);
registerPlan(program);
registerPolicy(program);
registerDeploy(program);
registerRollback(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
});
