/**
 * The window a named query reads, and what its text says of it: the partitions of a day, the
 * days an organisation's archive keeps under the partition cap, the accounts a query names
 * where the table's accounts are injected, the title and the comment that say so, and the
 * condition on the date partitions (plain and Hive-compatible prefixes).
 */
import type { ArchiveLayout } from "../../constructs/athena/layout";
import {
  listedAccounts,
  namedQueryDays,
  namedQueryTitle,
  partitionsPerDay,
  renderNamedQuery,
  windowCondition,
} from "../../constructs/athena/named-queries";

const own = (hive: boolean, perHour: boolean): ArchiveLayout => ({
  bucket: "b",
  folder: "",
  accountId: "111111111111",
  region: "eu-west-1",
  hiveCompatiblePartitions: hive,
  perHourPartition: perHour,
});

/** An organisation's archive of `accounts` accounts (ids 100000000000 on) in `regions` regions. */
const organization = (accounts: number, regions: number, perHour = true): ArchiveLayout => ({
  ...own(false, perHour),
  organization: {
    accounts: Array.from({ length: accounts }, (_, i) => String(100000000000 + i)),
    regions: Array.from({ length: regions }, (_, i) => `region-${i}`),
  },
});

test("the partitions of a day: the hours of each projected account and region (one account where a query names its own)", () => {
  expect(
    [
      own(false, true),
      own(true, false),
      organization(3, 2),
      organization(3, 2, false),
      // Injected accounts: a query names them, so a day is counted per account.
      organization(60, 2),
    ].map(partitionsPerDay),
  ).toEqual([24, 1, 144, 6, 48]);
});

test("the days a query reads: a week, shortened for an organisation so that every account and region stays under the cap; a day where accounts are injected", () => {
  expect(
    [
      own(false, true),
      organization(3, 2),
      // 30 × 10 × 24 = 7,200 partitions a day: 3 days under 25,000.
      organization(30, 10),
      // 50 × 20 × 24 = 24,000: one day.
      organization(50, 20),
      // Daily partitions: 50 × 17 a day, a week fits.
      organization(50, 17, false),
      organization(60, 2),
    ].map(namedQueryDays),
  ).toEqual([7, 7, 3, 1, 7, 1]);
});

test("the accounts a query names where they are injected: as many as the cap allows for its days, the first by id; none named for an enum", () => {
  const many = organization(600, 17);
  expect(listedAccounts(own(false, true), 7)).toBeUndefined();
  expect(listedAccounts(organization(3, 2), 7)).toBeUndefined();
  // 17 regions × 24 hours = 408 partitions an account and day: 61 accounts under 25,000.
  expect(listedAccounts(many, 1)).toEqual(many.organization!.accounts.slice(0, 61));
  // A week: 2,856 an account, 8 accounts.
  expect(listedAccounts(many, 7)?.length).toBe(8);
  // Daily partitions: 17 an account, every one of the 600.
  expect(listedAccounts(organization(600, 17, false), 1)?.length).toBe(600);
  // However long the window, one account at least.
  expect(listedAccounts(many, 100)).toEqual(["100000000000"]);
});

test("the title says which accounts a query reads where the cap leaves some out, and says nothing more otherwise", () => {
  const placed = { title: "Bytes by account ({accounts})" };
  const plain = { title: "Top talkers by bytes" };
  const partial = "61 of the 600 accounts (the first by id; name others in aws_account IN (...))";
  expect([
    namedQueryTitle(placed, own(false, true)),
    namedQueryTitle(placed, organization(600, 17)),
    namedQueryTitle(plain, organization(600, 17)),
    namedQueryTitle(plain, organization(3, 2)),
    // Injected, but every account fits: no account left out to mention.
    namedQueryTitle(plain, organization(60, 2)),
    namedQueryTitle(placed, organization(60, 2)),
  ]).toEqual([
    "Bytes by account (every account)",
    `Bytes by account (${partial})`,
    `Top talkers by bytes, in ${partial}`,
    "Top talkers by bytes",
    "Top talkers by bytes",
    "Bytes by account (every account)",
  ]);
});

test("the condition on the date partitions: a range of plain date folders; Hive's year, month and day values, then their exact range", () => {
  expect(windowCondition(own(false, true))).toBe(
    `"date" BETWEEN date_format(current_date - INTERVAL '6' DAY, '%Y/%m/%d') AND date_format(current_date, '%Y/%m/%d')`,
  );
  expect(windowCondition(own(false, true), 1)).toBe(
    `"date" BETWEEN date_format(current_date, '%Y/%m/%d') AND date_format(current_date, '%Y/%m/%d')`,
  );
  expect(windowCondition(own(true, false), 3)).toBe(
    [
      "year IN (date_format(current_date - INTERVAL '2' DAY, '%Y'), date_format(current_date, '%Y'))",
      "month IN (date_format(current_date - INTERVAL '2' DAY, '%m'), date_format(current_date, '%m'))",
      "day IN (date_format(current_date - INTERVAL '2' DAY, '%d'), date_format(current_date - INTERVAL '1' DAY, '%d'), date_format(current_date, '%d'))",
      "concat(year, month, day) BETWEEN date_format(current_date - INTERVAL '2' DAY, '%Y%m%d') AND date_format(current_date, '%Y%m%d')",
    ].join("\n  AND "),
  );
  // Injected accounts: the accounts named first, each quoted; then the dates.
  const injected = organization(60, 2);
  expect(windowCondition(injected, 1)).toBe(
    `aws_account IN (${injected.organization!.accounts.map((a) => `'${a}'`).join(", ")})\n  AND ${windowCondition(own(false, true), 1)}`,
  );
  expect(windowCondition(organization(3, 2), 2)).toBe(windowCondition(own(false, true), 2));
});

test("a query's text: its title, the accounts it reads, the window and how to widen it, then the SQL with the context it was written for", () => {
  const spec = {
    title: "Probe",
    sql: (x: Parameters<Parameters<typeof renderNamedQuery>[0]["sql"]>[0]) =>
      `SELECT ${x.c("end")}, ${x.c("interface-id")} -- ${String(x.has("srcaddr"))} ${String(x.has("dstaddr"))} ${String(x.organization)}\nWHERE ${x.window}`,
  };
  const has = (f: string) => f === "srcaddr";
  expect(renderNamedQuery(spec, own(false, true), has)).toBe(
    [
      "-- Probe",
      "-- Reads the partitions of today and the 6 days before it (UTC) only: what it scans is what it costs.",
      `-- To read more, widen INTERVAL '6' DAY, or name the days: "date" BETWEEN '2024/05/01' AND '2024/05/07'.`,
      `SELECT "end", interface_id -- true false false`,
      `WHERE ${windowCondition(own(false, true))}`,
    ].join("\n"),
  );
  expect(renderNamedQuery(spec, own(true, true), has, 3).split("\n")[1]).toBe(
    "-- Reads the partitions of today and the 2 days before it (UTC) only: what it scans is what it costs.",
  );
  expect(renderNamedQuery(spec, own(true, true), has, 2).split("\n").slice(1, 3)).toEqual([
    "-- Reads the partitions of today and the day before it (UTC) only: what it scans is what it costs.",
    "-- To read more, widen INTERVAL '1' DAY, or name the days: year = '2024' AND month = '05' AND day BETWEEN '01' AND '07'.",
  ]);
  const many = organization(600, 17);
  expect(renderNamedQuery(spec, many, has).split("\n").slice(0, 3)).toEqual([
    "-- Probe, in 61 of the 600 accounts (the first by id; name others in aws_account IN (...))",
    "-- The table's accounts are injected (there are 600): it reads the first 61 by id, as many as a day of every region keeps under 25,000 partitions; name the accounts to read in aws_account IN (...).",
    "-- Reads the partitions of today (UTC) only: what it scans is what it costs.",
  ]);
  // A day's window reads current_date alone: nothing to widen, only days to name.
  expect(renderNamedQuery(spec, many, has).split("\n")[3]).toBe(
    `-- To read more, name the days: "date" BETWEEN '2024/05/01' AND '2024/05/07'.`,
  );
  expect(renderNamedQuery(spec, many, has)).toContain(" -- true false true\n");
  expect(renderNamedQuery(spec, organization(60, 2), has).split("\n")[1]).toBe(
    "-- The table's accounts are injected (there are 60): it reads every one, as many as a day of every region keeps under 25,000 partitions; name the accounts to read in aws_account IN (...).",
  );
  // Enum accounts: no line about them.
  expect(renderNamedQuery(spec, organization(3, 2), has).split("\n")[1]).toMatch(/^-- Reads the partitions/);
});
