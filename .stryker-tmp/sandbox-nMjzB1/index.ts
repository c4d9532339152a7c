/**
 * The slipway Pulumi program (thin): load the stack config and the release, build the stack
 * (`program/stack.ts`: providers and components from the release topology), and export exactly the
 * stack outputs of `outputs.ts`.
 */
// @ts-nocheck

import { loadStackConfig } from "./config";
import { build, buildStack } from "./program/stack";
import { loadRelease } from "./release/load";
import { serviceNameIssues, throwInputErrors } from "./release/program";

const { config, release } = build(() => {
  const config = loadStackConfig();
  const release = loadRelease(config.artifactsDir);
  throwInputErrors(serviceNameIssues(release, config.stack));
  return { config, release };
});

const { outputs } = buildStack(config, release);

export const project = outputs.project;
export const environment = outputs.environment;
export const environmentType = outputs.environmentType;
export const region = outputs.region;
export const version = outputs.version;
export const strategy = outputs.strategy;
export const services = outputs.services;
export const frontend = outputs.frontend;
export const database = outputs.database;
export const alarms = outputs.alarms;
export const dashboardUrl = outputs.dashboardUrl;
export const logRetentionDays = outputs.logRetentionDays;
export const tls = outputs.tls;
export const resourceSummary = outputs.resourceSummary;
