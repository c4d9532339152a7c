/**
 * Pulumi's stack name rule, the one check every command applies to `--stack` (and `npm run init` to the
 * stacks it writes). Pure; imports only `errors.ts`.
 */
import { InputError } from "./errors";

/** One part of a stack reference: letters, digits, `-`, `_`, `.`, at most 100 characters. */
const PART = "[A-Za-z0-9][A-Za-z0-9_.-]{0,99}";
const BARE = new RegExp(`^${PART}$`);
/** `stack`, `org/stack` or `org/project/stack`: the forms `pulumi stack select` accepts. */
const QUALIFIED = new RegExp(`^(?:${PART}/){0,2}${PART}$`);

/**
 * True when Pulumi accepts `stack`: a bare name (the name of a stack file, `Pulumi.<stack>.yaml`), or with
 * `qualified` also `org/stack` and `org/project/stack` (a stack the Automation API selects).
 */
export function isStackName(stack: string, qualified = false): boolean {
  return (qualified ? QUALIFIED : BARE).test(stack);
}

/** Throw `InputError` (exit 2) echoing the value typed when Pulumi would refuse it as a stack name. */
export function checkStackName(
  stack: string,
  options: { readonly source?: string; readonly qualified?: boolean } = {},
): void {
  const qualified = options.qualified ?? false;
  if (isStackName(stack, qualified)) return;
  throw new InputError(
    options.source ?? "--stack",
    "",
    `"${stack}" is not a valid stack name`,
    `use letters, digits, '.', '_' and '-' (at most 100 characters), e.g. staging or qa-eu${qualified ? ", optionally as org/stack or org/project/stack" : ""}`,
  );
}
