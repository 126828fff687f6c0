/** The report's transit gateway numbers: traffic between attachments counted once per flow, losses per bin and cause. */
import { TransitGatewayRecord } from "../../analysis/explain/transit-gateway";
import { TransitGatewayAggregate } from "../../analysis/report/transit-gateway";
import { TransitGatewayFormat } from "../../constructs/records/transit-gateway-format";
import { ATTACH_A, ATTACH_B, lossRecord, T0, tgwRecord } from "../support/transit-gateway-records";

const read = (...lines: string[]) => {
  const a = new TransitGatewayAggregate();
  for (const l of lines) a.observe(TransitGatewayRecord.parse(l, TransitGatewayFormat.DEFAULT));
  return a.data();
};

describe("the transit gateway section's numbers", () => {
  test("a flow recorded where it came in and where it left is counted once, from its ingress record", () => {
    const egress = tgwRecord({ "flow-direction": "egress", "tgw-attachment-id": ATTACH_B, "tgw-pair-attachment-id": ATTACH_A });
    const data = read(tgwRecord(), egress, tgwRecord({ bytes: 1000, packets: 2 }))!;
    expect(data.records).toBe(3);
    expect(data.pairs).toEqual([{ from: ATTACH_A, to: ATTACH_B, bytes: 4249 + 1000, packets: 22, records: 2 }]);
    // Without a direction, no attachment can be put on a side: the VPCs name the pair, and each record counts.
    const bare = read(tgwRecord({ "flow-direction": "-" }), tgwRecord({ "flow-direction": "-" }))!;
    expect(bare.pairs.map((p) => [p.from, p.to, p.records])).toEqual([["vpc-0aaaaaaaaaaaaaaa1", "vpc-0bbbbbbbbbbbbbbb2", 2]]);
  });

  test("pairs most bytes first, then by name, whichever order the records come in", () => {
    const small = tgwRecord({ bytes: 10, "tgw-pair-attachment-id": "tgw-attach-0ccccccccccccccc3" });
    const big = tgwRecord({ bytes: 900 });
    const tie = tgwRecord({ bytes: 10, "tgw-pair-attachment-id": "tgw-attach-0bbbbbbbbbbbbbbb0" });
    for (const order of [
      [small, big, tie],
      [tie, small, big],
    ])
      expect(read(...order)!.pairs.map((p) => [p.to, p.bytes])).toEqual([
        [ATTACH_B, 900],
        ["tgw-attach-0bbbbbbbbbbbbbbb0", 10],
        ["tgw-attach-0ccccccccccccccc3", 10],
      ]);
  });

  test("losses per 5-minute bin and cause, in time order, with totals per cause in AWS's order", () => {
    const data = read(
      lossRecord("mtu-exceeded", 4, { start: T0 + 600, end: T0 + 660 }),
      lossRecord("no-route", 5),
      lossRecord("no-route", 2, { start: T0 + 30 }),
      tgwRecord({ "packets-lost-ttl-expired": 1, "packets-lost-blackhole": 3 }),
    )!;
    const bin = T0 - (T0 % 300);
    expect(data.losses).toEqual([
      { start: bin, cause: "no-route", packets: 7 },
      { start: bin, cause: "blackhole", packets: 3 },
      { start: bin, cause: "ttl-expired", packets: 1 },
      { start: bin + 600, cause: "mtu-exceeded", packets: 4 },
    ]);
    expect(data.lossTotals).toEqual([
      { cause: "no-route", packets: 7, records: 2 },
      { cause: "blackhole", packets: 3, records: 1 },
      { cause: "mtu-exceeded", packets: 4, records: 1 },
      { cause: "ttl-expired", packets: 1, records: 1 },
    ]);
  });

  test("no transit gateway record: no section", () => {
    expect(new TransitGatewayAggregate().data()).toBeUndefined();
  });
});
