/**
 * Default tags from stack config (default provider), explicit providers with and without default
 * tags, and components whose children inherit a provider or use the default one.
 */
// @ts-nocheck

import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const TAGS = {
  Project: "tagged",
  Environment: "dev",
  Owner: "platform",
  Team: "platform",
  DataClassification: "internal",
  ManagedBy: "pulumi",
};

class Site extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("tagged:web:Site", name, {}, opts);
    new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: 365 }, { parent: this });
    this.registerOutputs({});
  }
}

// On the default provider: tags only from `aws:defaultTags` in the stack config.
new aws.cloudwatch.LogGroup("on-default", { retentionInDays: 365 });

// Explicit providers do not read the stack config: one without default tags, one with them.
const bare = new aws.Provider("bare", { region: "us-east-1" });
const tagged = new aws.Provider("tagged", { region: "us-east-1", defaultTags: { tags: TAGS } });
new aws.cloudwatch.LogGroup("on-bare", { retentionInDays: 365 }, { provider: bare });
new aws.cloudwatch.LogGroup("on-tagged", { retentionInDays: 365 }, { provider: tagged });

// Component children: inherit the component's provider, or use the default one.
new Site("site-default");
new Site("site-bare", { providers: { aws: bare } });
