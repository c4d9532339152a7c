import { MAX_QUEUE_NAME, queueBaseName, validateQueueArgs } from "./queue";

describe("queueBaseName", () => {
  it.each([
    ["shop-production-orders", false],
    ["shop-production-orders", true],
    ["q".repeat(MAX_QUEUE_NAME - "-dlq".length), false],
    ["q".repeat(MAX_QUEUE_NAME - "-dlq.fifo".length), true],
  ])("keeps %s (fifo %s) when both queue names fit: deployed queues keep their names", (name, fifo) => {
    expect(queueBaseName(name, { fifo })).toBe(name);
  });

  it.each([false, true])(
    "cuts a longer name with a stable hash so the dead-letter queue fits (fifo %s)",
    (fifo) => {
      const long = `acme-logistics-hub01-production-eu-central-1-${"x".repeat(40)}-orders`;
      const base = queueBaseName(long, { fifo });
      expect(`${base}-dlq${fifo ? ".fifo" : ""}`.length).toBeLessThanOrEqual(MAX_QUEUE_NAME);
      expect(base).toMatch(/^acme-logistics-hub01-production-eu-central-1-x+-[0-9a-f]{7}$/);
      expect(queueBaseName(long, { fifo })).toBe(base);
      expect(queueBaseName(`${long}s`, { fifo })).not.toBe(base);
    },
  );

  it("an explicit queueName wins", () => {
    expect(queueBaseName("x".repeat(100), { queueName: "orders" })).toBe("orders");
  });
});

describe("validateQueueArgs: names", () => {
  it("accepts any long component name (the base name is fitted)", () => {
    expect(() => validateQueueArgs(`shop-${"s".repeat(120)}`, { fifo: true })).not.toThrow();
  });

  it.each([
    ["shop orders", {}, /name: "shop orders" must be letters, digits/],
    ["shop", { queueName: "q".repeat(77) }, /args\.queueName: "q{77}" .* to fit 80 characters/],
    ["shop", { queueName: "q".repeat(72), fifo: true }, /args\.queueName: .*-dlq\.fifo" to fit 80/],
  ])("%s %j is refused, naming the argument", (name, args, message) => {
    expect(() => validateQueueArgs(name, args)).toThrow(message);
  });
});
