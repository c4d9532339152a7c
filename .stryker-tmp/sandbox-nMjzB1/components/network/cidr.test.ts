// @ts-nocheck
import fc from "fast-check";
import {
  blockSize,
  CidrLayoutError,
  contains,
  defaultPrefixLengths,
  formatCidr,
  layoutSubnets,
  overlaps,
  parseCidr,
  SUBNET_TIERS,
} from "./cidr";

describe("parseCidr / formatCidr", () => {
  test.each([
    ["10.0.0.0/16", 0x0a000000, 16],
    ["192.168.4.0/22", 0xc0a80400, 22],
    ["172.31.255.240/28", 0xac1ffff0, 28],
    ["0.0.0.0/0", 0, 0],
  ])("%s parses and formats back", (text, base, prefix) => {
    const c = parseCidr(text);
    expect(c).toEqual({ base, prefix });
    expect(formatCidr(c)).toBe(text);
  });

  test.each([
    ["10.0.0.0", /not an IPv4 CIDR/],
    ["10.0.0/16", /not an IPv4 CIDR/],
    ["256.0.0.0/16", /octet above 255/],
    ["10.0.0.0/33", /prefix length above 32/],
    ["10.0.1.0/16", /host bits set; the network address is 10\.0\.0\.0\/16/],
    ["fd00::/64", /not an IPv4 CIDR/],
  ])("%s is rejected", (text, message) => {
    expect(() => parseCidr(text, "args.cidr")).toThrow(message);
    expect(() => parseCidr(text, "args.cidr")).toThrow(CidrLayoutError);
    expect(() => parseCidr(text, "args.cidr")).toThrow(/^args\.cidr: /);
  });

  test("overlaps and contains", () => {
    const vpc = parseCidr("10.0.0.0/16");
    expect(contains(vpc, parseCidr("10.0.255.0/24"))).toBe(true);
    expect(contains(vpc, parseCidr("10.1.0.0/24"))).toBe(false);
    expect(overlaps(parseCidr("10.0.0.0/20"), parseCidr("10.0.15.0/24"))).toBe(true);
    expect(overlaps(parseCidr("10.0.0.0/20"), parseCidr("10.0.16.0/24"))).toBe(false);
  });
});

describe("layoutSubnets: table", () => {
  test("a /16 across 3 AZs with the default sizes", () => {
    expect(defaultPrefixLengths(16)).toEqual({ public: 22, private: 20, isolated: 22 });
    expect(
      layoutSubnets({ vpcCidr: "10.0.0.0/16", azCount: 3, prefixLengths: defaultPrefixLengths(16) }),
    ).toEqual({
      private: ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"],
      public: ["10.0.48.0/22", "10.0.52.0/22", "10.0.56.0/22"],
      isolated: ["10.0.60.0/22", "10.0.64.0/22", "10.0.68.0/22"],
    });
  });

  test("a /16 across 2 AZs with explicit sizes", () => {
    expect(
      layoutSubnets({
        vpcCidr: "10.20.0.0/16",
        azCount: 2,
        prefixLengths: { public: 24, private: 19, isolated: 24 },
      }),
    ).toEqual({
      private: ["10.20.0.0/19", "10.20.32.0/19"],
      public: ["10.20.64.0/24", "10.20.65.0/24"],
      isolated: ["10.20.66.0/24", "10.20.67.0/24"],
    });
  });

  test("the smallest VPC: a /24 with /28 subnets, defaults clamp to /28", () => {
    expect(defaultPrefixLengths(24)).toEqual({ public: 28, private: 28, isolated: 28 });
    const layout = layoutSubnets({
      vpcCidr: "192.168.1.0/24",
      azCount: 3,
      prefixLengths: defaultPrefixLengths(24),
    });
    expect(layout.public).toEqual(["192.168.1.0/28", "192.168.1.16/28", "192.168.1.32/28"]);
    expect(layout.isolated[2]).toBe("192.168.1.128/28");
  });

  test("an exact fit fills the VPC", () => {
    const layout = layoutSubnets({
      vpcCidr: "10.0.0.0/24",
      azCount: 1,
      prefixLengths: { public: 26, private: 25, isolated: 26 },
    });
    expect(layout).toEqual({
      private: ["10.0.0.0/25"],
      public: ["10.0.0.128/26"],
      isolated: ["10.0.0.192/26"],
    });
  });

  test.each([
    [{ vpcCidr: "10.0.0.0/15", azCount: 2 }, "vpcCidr", /outside the AWS VPC range/],
    [{ vpcCidr: "10.0.0.0/29", azCount: 2 }, "vpcCidr", /outside the AWS VPC range/],
    [{ vpcCidr: "10.0.0.1/16", azCount: 2 }, "vpcCidr", /host bits set/],
    [{ vpcCidr: "10.0.0.0/16", azCount: 0 }, "azCount", /not an integer between 1 and 16/],
    [{ vpcCidr: "10.0.0.0/16", azCount: 2.5 }, "azCount", /not an integer/],
    [
      { vpcCidr: "10.0.0.0/16", azCount: 2, prefixLengths: { private: 15 } },
      "prefixLengths.private",
      /between the VPC prefix \/16 and \/28/,
    ],
    [
      { vpcCidr: "10.0.0.0/16", azCount: 2, prefixLengths: { public: 29 } },
      "prefixLengths.public",
      /between/,
    ],
    [
      { vpcCidr: "10.0.0.0/16", azCount: 2, prefixLengths: { private: 17 } },
      "prefixLengths",
      /need 66560 addresses but 10\.0\.0\.0\/16 has 65536/,
    ],
    [
      { vpcCidr: "10.0.0.0/24", azCount: 3, prefixLengths: { public: 26, private: 26, isolated: 26 } },
      "prefixLengths",
      /need 576 addresses/,
    ],
  ])("invalid input %j names %s", (input, path, message) => {
    const prefixLengths = {
      public: 24,
      private: 20,
      isolated: 24,
      ...("prefixLengths" in input ? input.prefixLengths : {}),
    };
    const run = () => layoutSubnets({ vpcCidr: input.vpcCidr, azCount: input.azCount, prefixLengths });
    expect(run).toThrow(CidrLayoutError);
    try {
      run();
    } catch (e) {
      expect((e as CidrLayoutError).path).toBe(path);
      expect((e as CidrLayoutError).message).toMatch(message);
    }
  });
});

describe("layoutSubnets: properties", () => {
  const vpcArb = fc
    .record({ base: fc.nat({ max: 0xffffffff }), prefix: fc.integer({ min: 16, max: 28 }) })
    .map(({ base, prefix }) => ({ base: (base & ~(blockSize(prefix) - 1)) >>> 0, prefix }));
  const inputArb = vpcArb.chain((vpc) =>
    fc.record({
      vpc: fc.constant(vpc),
      azCount: fc.integer({ min: 1, max: 16 }),
      prefixLengths: fc.record({
        public: fc.integer({ min: vpc.prefix, max: 28 }),
        private: fc.integer({ min: vpc.prefix, max: 28 }),
        isolated: fc.integer({ min: vpc.prefix, max: 28 }),
      }),
    }),
  );

  test("when it fits: one subnet per tier per AZ, sizes as asked, inside the VPC, no overlaps, aligned", () => {
    fc.assert(
      fc.property(inputArb, ({ vpc, azCount, prefixLengths }) => {
        const needed = SUBNET_TIERS.reduce((s, t) => s + azCount * blockSize(prefixLengths[t]), 0);
        const vpcCidr = formatCidr(vpc);
        if (needed > blockSize(vpc.prefix)) {
          expect(() => layoutSubnets({ vpcCidr, azCount, prefixLengths })).toThrow(/need \d+ addresses/);
          return;
        }
        const layout = layoutSubnets({ vpcCidr, azCount, prefixLengths });
        const all = SUBNET_TIERS.flatMap((t) => {
          expect(layout[t]).toHaveLength(azCount);
          return layout[t].map((text) => {
            const c = parseCidr(text); // also proves alignment: host bits would throw
            expect(c.prefix).toBe(prefixLengths[t]);
            expect(contains(vpc, c)).toBe(true);
            return c;
          });
        });
        for (let i = 0; i < all.length; i++) {
          for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i], all[j])).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("the default sizes fit 1..6 AZs in a /16../23 VPC and 1..3 AZs in a /24", () => {
    const cases = fc.oneof(
      fc.tuple(
        vpcArb.filter((v) => v.prefix <= 23),
        fc.integer({ min: 1, max: 6 }),
      ),
      fc.tuple(
        vpcArb.filter((v) => v.prefix === 24),
        fc.integer({ min: 1, max: 3 }),
      ),
    );
    fc.assert(
      fc.property(cases, ([vpc, azCount]) => {
        const layout = layoutSubnets({
          vpcCidr: formatCidr(vpc),
          azCount,
          prefixLengths: defaultPrefixLengths(vpc.prefix),
        });
        expect(layout.private).toHaveLength(azCount);
      }),
    );
  });

  test("smaller VPCs with the default sizes fail with a clear error, never a wrong layout", () => {
    expect(() =>
      layoutSubnets({ vpcCidr: "10.0.0.0/25", azCount: 3, prefixLengths: defaultPrefixLengths(25) }),
    ).toThrow(/need 144 addresses but 10\.0\.0\.0\/25 has 128/);
  });

  test("an arbitrary string either parses to a canonical block or throws a CidrLayoutError", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          expect(formatCidr(parseCidr(text))).toBe(text);
        } catch (e) {
          expect(e).toBeInstanceOf(CidrLayoutError);
        }
      }),
    );
  });
});
