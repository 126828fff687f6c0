/**
 * The report page in a real browser: `npm run report`'s compiled script writes the page of the
 * explain tests' classic cases plus one large transfer, and headless Chromium (the system's,
 * driven by playwright-core) opens it: no request leaves the page, each chart is there with its
 * marks (the top talkers' top bar is the transfer's pair), the tables equal an oracle computed
 * over the records, a screenshot is not blank, and the Japanese page renders Japanese glyphs,
 * not boxes. Without Chromium the tests skip with one line; with REQUIRE_BROWSER=1 (CI) they fail.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { chromiumArgs, findChromium } from "../../tools/browser/chromium";
import { Browsers } from "../support/browsers";
import { distBuilt } from "../support/build";
import { bytesText } from "../../analysis/report/charts";
import { CLASSIC, reportOracle } from "../support/report-records";
import { athenaCsv } from "../support/athena-csv";

const found = findChromium();
const required = process.env.REQUIRE_BROWSER === "1";
if (!found.ok && !required) process.stderr.write(`SKIPPED browser tests: ${found.reason}\n`);
const suite = found.ok || required ? describe : describe.skip;

const root = path.join(__dirname, "..", "..");

// The file's browsers: each suite closes what it launched, also a launch that outlived its timed-out hook.
const browsers = new Browsers(() => chromium.launch({ executablePath: found.ok ? found.path : undefined, args: chromiumArgs() }));

/**
 * Writes the English and Japanese pages of `input` with the compiled report command (which must
 * say nothing) and opens each; every request but the page's own is refused and kept in `requests`.
 */
async function openPages(dir: string, input: string, requests: string[]): Promise<Record<"en" | "ja", Page>> {
  if (!found.ok) throw new Error(`REQUIRE_BROWSER=1 but ${found.reason}`);
  await distBuilt();
  const browser = await browsers.launch();
  const pages = {} as Record<"en" | "ja", Page>;
  for (const lang of ["en", "ja"] as const) {
    const file = path.join(dir, `report-${lang}.html`);
    const said = execFileSync(process.execPath, [path.join(root, "dist/scripts/report.js"), "--lang", lang, input, "--out", file], {
      stdio: "pipe",
      encoding: "utf8",
    });
    expect(said).toBe("");
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const url = `file://${file}`;
    await page.route("**/*", (route) =>
      route.request().url() === url ? route.continue() : (requests.push(route.request().url()), route.abort()),
    );
    await page.goto(url);
    pages[lang] = page;
  }
  return pages;
}

/** The cells of each row of a section's table. */
const tableRows = (page: Page, id: string) =>
  page.$$eval(`#${id} table tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));

suite("the report page in headless Chromium", () => {
  let dir: string;
  let browser: Browser;
  const pages: Record<"en" | "ja", { file: string; page: Page; requests: string[] }> = {} as never;

  beforeAll(async () => {
    if (!found.ok) throw new Error(`REQUIRE_BROWSER=1 but ${found.reason}`);
    await distBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-report-"));
    const records = path.join(dir, "flow.log");
    fs.writeFileSync(records, CLASSIC.join("\n") + "\n");
    browser = await browsers.launch();
    for (const lang of ["en", "ja"] as const) {
      const file = path.join(dir, `report-${lang}.html`);
      execFileSync(
        process.execPath,
        [path.join(root, "dist/scripts/report.js"), "--lang", lang, "--tz", "Asia/Tokyo", records, "--out", file],
        {
          stdio: "pipe",
        },
      );
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      const url = `file://${file}`;
      // Every request is intercepted and counted; none is let through but the page itself.
      await page.route("**/*", (route) => {
        const asked = route.request().url();
        if (asked === url) return route.continue();
        requests.push(asked);
        return route.abort();
      });
      await page.goto(url);
      pages[lang] = { file, page, requests };
    }
  }, 60_000);
  afterAll(async () => {
    await browsers.closeAll();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("no request leaves the page: no script, style, font or image is fetched", () => {
    expect(pages.en.requests).toEqual([]);
    expect(pages.ja.requests).toEqual([]);
  });

  test("each chart is there as SVG, with its marks; the top talkers' top bar is the large transfer's pair", async () => {
    const { page } = pages.en;
    const charts = await page.$$eval("figure[id^=chart-]", (fs) => fs.map((f) => ({ id: f.id, svgs: f.querySelectorAll("svg").length })));
    expect(charts).toEqual(["top-talkers", "over-time", "verdicts", "ports"].map((id) => ({ id: `chart-${id}`, svgs: 1 })));
    const oracle = reportOracle(CLASSIC);
    // Bars: one rect mark per pair shown; the y axis labels, top first.
    const bars = await page.$$eval("#chart-top-talkers .mark-rect.role-mark path", (ps) => ps.length);
    expect(bars).toBe(oracle.topTalkers.length);
    const labels = await page.$$eval("#chart-top-talkers .role-axis-label text", (ts) =>
      ts.map((t) => ({ text: t.textContent ?? "", y: Number(t.getAttribute("transform")?.match(/translate\([^,]+,([^)]+)\)/)?.[1] ?? 0) })),
    );
    const yLabels = labels.filter((l) => l.text.includes("→")).sort((a, b) => a.y - b.y);
    expect(yLabels[0].text).toBe("10.0.1.5 → 192.0.2.44");
    // Lines: one per series (flows, rejected), a point per bin.
    expect(await page.$$eval("#chart-over-time .mark-line.role-mark path", (ps) => ps.length)).toBe(2);
    expect(await page.$$eval("#chart-over-time .mark-symbol.role-mark path", (ps) => ps.length)).toBe(2 * oracle.overTime.length);
  });

  test("the tables equal the oracle computed over the records", async () => {
    const { page } = pages.en;
    const rows = (id: string) =>
      page.$$eval(`#${id} table tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    const o = reportOracle(CLASSIC);
    const n = (x: number) => x.toLocaleString("en-US");
    // Bytes in units people read, the exact count beside them in the cell's data-bytes.
    expect(await rows("top-talkers")).toEqual(o.topTalkers.map((t) => [t.source, t.destination, bytesText(t.bytes), n(t.flows)]));
    expect(await page.$$eval("#top-talkers td[data-bytes]", (tds) => tds.map((td) => Number(td.getAttribute("data-bytes"))))).toEqual(
      o.topTalkers.map((t) => t.bytes),
    );
    expect(await page.$eval("#top-talkers caption", (c) => c.textContent)).toBe("The chart's numbers");
    const zone = new Intl.DateTimeFormat("en-US", {
      timeZone: "Asia/Tokyo",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    const label = (s: number) => {
      const p = Object.fromEntries(zone.formatToParts(s * 1000).map((x) => [x.type, x.value]));
      return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    expect(await rows("over-time")).toEqual(o.overTime.map((b) => [label(b.start), n(b.flows), n(b.rejected)]));
    expect(await rows("verdicts")).toEqual(o.verdicts.map((v) => [v.interfaceId, v.verdict, n(v.conversations)]));
  });

  test("a screenshot is not blank", async () => {
    const png = await pages.en.page.screenshot({ fullPage: true });
    fs.writeFileSync(path.join(dir, "en.png"), png);
    // Colours drawn: the page's pixels are not all one colour (a blank page is white, an empty one too).
    // In the page's own canvas (the project compiles without the DOM's types: the script is text).
    const colours = await pages.en.page.evaluate<number>(`(async () => {
      const img = new Image();
      img.src = "data:image/png;base64,${png.toString("base64")}";
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length && seen.size < 50; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    })()`);
    expect(colours).toBeGreaterThan(5);
  });

  test("the Japanese page renders Japanese: its words from the tables, in a font that has the glyphs (not boxes)", async () => {
    const { page } = pages.ja;
    expect(await page.title()).toBe("VPC フローログ: レコードが示すこと");
    expect(await page.$eval("html", (h) => h.lang)).toBe("ja");
    expect(await page.$eval("#refused h2", (h) => h.textContent)).toMatch(/^拒否された会話/);
    // A Japanese word and as many characters no font has (private use) drawn in the page's font:
    // where the glyphs are missing both are the same boxes.
    const differs = await page.evaluate<boolean>(`(() => {
      const draw = (text) => {
        const c = document.createElement("canvas");
        c.width = 200;
        c.height = 40;
        const ctx = c.getContext("2d");
        ctx.font = "24px " + getComputedStyle(document.body).fontFamily;
        ctx.fillText(text, 0, 30);
        return c.toDataURL();
      };
      return draw("拒否されました") !== draw("\\ue000\\ue001\\ue002\\ue003\\ue004\\ue005\\ue006");
    })()`);
    expect(differs).toBe(true);
  });
});

/** A verdict query's result of an organisation (refused-conversations-by-layer), as Athena writes CSV: two accounts. */
const JUDGED_HEADER = [
  "aws_account",
  "interface_id",
  "client",
  "server",
  "server_port",
  "protocol",
  "verdict",
  "layers",
  "conversations",
  "records",
  "bytes",
];
const JUDGED_ROWS: string[][] = [
  ["222222222222", "eni-1", "203.0.113.12", "10.20.1.5", "22", "6", "REFUSED_INBOUND", "security-group,network-acl", "40", "90", "5400"],
  ["222222222222", "eni-1", "10.20.1.5", "198.51.100.4", "443", "6", "REPLY_REFUSED_BY_ACL_INBOUND", "network-acl", "5", "10", "900"],
  ["222222222222", "eni-2", "203.0.113.99", "10.20.1.9", "3389", "6", "REFUSED_INBOUND", "security-group,network-acl", "7", "7", "420"],
  ["333333333333", "eni-3", "10.30.2.7", "10.30.9.9", "5432", "6", "REFUSED", "security-group,network-acl", "12", "30", "1800"],
  ["333333333333", "eni-3", "198.51.100.9", "10.30.2.7", "80", "6", "LATE_REPLY_OR_SCAN", "", "3", "3", "180"],
];

suite(
  "the page of a verdict query's result in headless Chromium: refused conversations by layer per account, the top refused pairs, each verdict's share",
  () => {
    let dir: string;
    const pages: Partial<Record<"en" | "ja", Page>> = {};
    const requests: string[] = [];

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-report-judged-"));
      const result = path.join(dir, "result.csv");
      fs.writeFileSync(result, athenaCsv([JUDGED_HEADER, ...JUDGED_ROWS]));
      Object.assign(pages, await openPages(dir, result, requests));
    }, 60_000);
    afterAll(async () => {
      await browsers.closeAll();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const rows = tableRows;

    test("three charts as SVG, one bar per account and verdict, per pair, per verdict; nothing fetched", async () => {
      const page = pages.en!;
      expect(requests).toEqual([]);
      const charts = await page.$$eval("figure[id^=chart-]", (fs) => fs.map((f) => f.id));
      expect(charts).toEqual(["chart-refused-by-layer", "chart-refused-pairs", "chart-verdict-share"]);
      const bars = (id: string) => page.$$eval(`#chart-${id} .mark-rect.role-mark path`, (ps) => ps.length);
      // Refused verdicts by account: 222… has REFUSED_INBOUND and REPLY_REFUSED_BY_ACL_INBOUND, 333… REFUSED and LATE_REPLY_OR_SCAN.
      expect([await bars("refused-by-layer"), await bars("refused-pairs"), await bars("verdict-share")]).toEqual([4, 5, 4]);
      expect(await page.$eval("#refused-by-layer h2", (h) => h.textContent)).toBe("Refused conversations by layer, per account");
    });

    test("the tables equal the rows summed by hand: per account and verdict, the pairs by records, each verdict's share", async () => {
      const page = pages.en!;
      expect(await rows(page, "refused-by-layer")).toEqual([
        ["222222222222", "REFUSED_INBOUND", "security group or network ACL, inbound", "47", "97"],
        ["222222222222", "REPLY_REFUSED_BY_ACL_INBOUND", "network ACL, inbound (the reply)", "5", "10"],
        ["333333333333", "REFUSED", "security group or network ACL", "12", "30"],
        ["333333333333", "LATE_REPLY_OR_SCAN", "a late reply or a scan", "3", "3"],
      ]);
      const pairs = await rows(page, "refused-pairs");
      expect(pairs.map((r) => r.slice(0, 7))).toEqual([
        ["1", "222222222222", "203.0.113.12", "10.20.1.5:22 (ssh)", "REFUSED_INBOUND: security group or network ACL, inbound", "40", "90"],
        ["2", "333333333333", "10.30.2.7", "10.30.9.9:5432 (postgresql)", "REFUSED: security group or network ACL", "12", "30"],
        [
          "3",
          "222222222222",
          "10.20.1.5",
          "198.51.100.4:443 (https)",
          "REPLY_REFUSED_BY_ACL_INBOUND: network ACL, inbound (the reply)",
          "5",
          "10",
        ],
        ["4", "222222222222", "203.0.113.99", "10.20.1.9:3389 (rdp)", "REFUSED_INBOUND: security group or network ACL, inbound", "7", "7"],
        ["5", "333333333333", "198.51.100.9", "10.30.2.7:80 (http)", "LATE_REPLY_OR_SCAN: a late reply or a scan", "3", "3"],
      ]);
      // Each pair's sentence is the explainer's for its row.
      expect(pairs[0][8]).toMatch(
        /^203\.0\.113\.12 → 10\.20\.1\.5:22 \(ssh\): refused on the way in, no reply\. .*\(40 conversations, 90 records/,
      );
      // 67 conversations in all: 47, 12, 5 and 3.
      expect(await rows(page, "verdict-share")).toEqual([
        ["REFUSED_INBOUND", "47", "70.1", "97"],
        ["REFUSED", "12", "17.9", "30"],
        ["REPLY_REFUSED_BY_ACL_INBOUND", "5", "7.5", "10"],
        ["LATE_REPLY_OR_SCAN", "3", "4.5", "3"],
      ]);
      expect(await page.$eval("p.meta", (p) => p.textContent)).toBe("5 rows of a verdict query's result, 67 conversations, 0 problems.");
    });

    test("in Japanese: the headings and the sentences in Japanese", async () => {
      const page = pages.ja!;
      expect(await page.$eval("#refused-by-layer h2", (h) => h.textContent)).toBe("アカウントごとの、拒否した層別の拒否された会話");
      expect((await rows(page, "refused-pairs"))[0][8]).toMatch(/受信時に拒否され/);
    });
  },
);

suite("the page of VPC and transit gateway records together in headless Chromium: the transit gateway section beside the VPC's", () => {
  let dir: string;
  const pages: Partial<Record<"en" | "ja", Page>> = {};
  const requests: string[] = [];
  const tgwLines = fs.readFileSync(path.join(root, "docs/examples/transit-gateway/flow.log"), "utf8").trim().split("\n");

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-report-tgw-"));
    // The classic VPC records, then the transit gateway example's (AWS's default format of each): one input.
    const records = path.join(dir, "flow.log");
    fs.writeFileSync(records, [...CLASSIC, ...tgwLines].join("\n") + "\n");
    Object.assign(pages, await openPages(dir, records, requests));
  }, 60_000);
  afterAll(async () => {
    await browsers.closeAll();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const rows = tableRows;

  test("both kinds of records drawn: the VPC's charts, then the gateway's traffic bars and loss bars; nothing fetched", async () => {
    const page = pages.en!;
    expect(requests).toEqual([]);
    const charts = await page.$$eval("figure[id^=chart-]", (fs) => fs.map((f) => f.id));
    expect(charts).toEqual([
      "chart-top-talkers",
      "chart-over-time",
      "chart-verdicts",
      "chart-ports",
      "chart-transit-gateway-traffic",
      "chart-transit-gateway-losses",
    ]);
    const bars = (id: string) => page.$$eval(`#chart-${id} .mark-rect.role-mark path`, (ps) => ps.length);
    // Four attachment pairs (each flow counted where it came in); a bar per 5-minute bin and cause with a loss: four.
    expect([await bars("transit-gateway-traffic"), await bars("transit-gateway-losses")]).toEqual([4, 4]);
    expect(await page.$eval("p.meta", (p) => p.textContent)).toBe(
      `${CLASSIC.length + tgwLines.length} records, ${reportOracle(CLASSIC).verdicts.reduce((n, v) => n + v.conversations, 0)} conversations, 0 problems; times in UTC.`,
    );
  });

  test("the tables: bytes between attachments, most first; packets dropped per cause, as the example's records hold them", async () => {
    const page = pages.en!;
    expect(await rows(page, "transit-gateway-traffic")).toEqual([
      ["tgw-attach-0bbbbbbbbbbbbbbb2", "tgw-attach-0aaaaaaaaaaaaaaa1", bytesText(240000), "30", "1"],
      ["tgw-attach-0aaaaaaaaaaaaaaa1", "tgw-attach-0bbbbbbbbbbbbbbb2", bytesText(4249 + 180), "23", "2"],
      ["tgw-attach-0aaaaaaaaaaaaaaa1", "172.16.8.9", bytesText(4249), "20", "1"],
      ["tgw-attach-0aaaaaaaaaaaaaaa1", "192.168.40.10", bytesText(4249), "20", "1"],
    ]);
    expect(await rows(page, "transit-gateway-losses")).toEqual([
      ["no route", "5", "1"],
      ["blackhole route", "12", "1"],
      ["larger than the MTU", "4", "1"],
      ["TTL expired", "3", "1"],
    ]);
  });

  test("in Japanese: the section's heading and causes", async () => {
    const page = pages.ja!;
    expect(await page.$eval("#transit-gateway h2", (h) => h.textContent)).toBe("トランジットゲートウェイ");
    expect((await rows(page, "transit-gateway-losses")).map((r) => r[0])).toEqual([
      "経路なし",
      "ブラックホール経路",
      "MTU 超過",
      "TTL 切れ",
    ]);
  });
});
