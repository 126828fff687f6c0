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
import { distBuilt } from "../support/build";
import { bytesText } from "../../analysis/report/charts";
import { CLASSIC, reportOracle } from "../support/report-records";

const found = findChromium();
const required = process.env.REQUIRE_BROWSER === "1";
if (!found.ok && !required) process.stderr.write(`SKIPPED browser tests: ${found.reason}\n`);
const suite = found.ok || required ? describe : describe.skip;

const root = path.join(__dirname, "..", "..");

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
    browser = await chromium.launch({ executablePath: found.path, args: chromiumArgs() });
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
    await browser?.close();
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
