import { checkTwins } from "../twins-check";
import { res, violationsOf } from "../testing";
import { cloudwatchRequireAlarmActions } from "./cloudwatch-require-alarm-actions";
import { cloudwatchSetLogRetention } from "./cloudwatch-set-log-retention";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";

describe("cloudwatch-set-log-retention (operations)", () => {
  it("passes with retention, fails without or below the minimum", async () => {
    expect(
      await violationsOf(cloudwatchSetLogRetention, [res(LOG_GROUP, "lg", { retentionInDays: 30 })]),
    ).toEqual([]);
    expect(
      await violationsOf(cloudwatchSetLogRetention, [
        res(LOG_GROUP, "lg", {}),
        res(LOG_GROUP, "z", { retentionInDays: 0 }),
      ]),
    ).toHaveLength(2);
    expect(
      await violationsOf(cloudwatchSetLogRetention, [res(LOG_GROUP, "lg", { retentionInDays: 3 })]),
    ).toHaveLength(1);
    const cfg = { config: { "cloudwatch-set-log-retention": { minimumDays: 90 } } };
    expect(
      await violationsOf(cloudwatchSetLogRetention, [res(LOG_GROUP, "lg", { retentionInDays: 30 })], cfg),
    ).toHaveLength(1);
  });
});

describe("cloudwatch-require-alarm-actions (operations, CloudWatch.15)", () => {
  it("passes with an action, fails without or with actions disabled (metric and composite)", async () => {
    expect(
      await violationsOf(cloudwatchRequireAlarmActions, [
        res(ALARM, "a", { alarmActions: ["arn:aws:sns:eu-west-1:123456789012:critical"] }),
      ]),
    ).toEqual([]);
    expect(
      await violationsOf(cloudwatchRequireAlarmActions, [
        res(ALARM, "a", {}),
        res(COMPOSITE, "c", { alarmActions: [] }),
      ]),
    ).toHaveLength(2);
    expect(
      await violationsOf(cloudwatchRequireAlarmActions, [
        res(ALARM, "a", { alarmActions: ["arn:x"], actionsEnabled: false }),
      ]),
    ).toHaveLength(1);
  });
});

describe("cloudwatch-encrypt-log-groups (twins)", () => checkTwins("cloudwatch-encrypt-log-groups"));
