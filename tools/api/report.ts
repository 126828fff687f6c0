/**
 * The public API on record: API Extractor reads the declarations of each entry point the
 * package exports (built in dist/) and writes what a consumer can name to docs/api/<entry>.api.md.
 * `npm run api` rewrites the reports; the check (a test) compares without writing, so a change to
 * the surface is a reviewed change to a committed file. A type a public signature uses but no entry
 * point exports is refused: a consumer could not name it (the package root's names count for the
 * other entries, whose signatures use the root's config types).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Extractor, ExtractorConfig, ExtractorLogLevel, ExtractorMessageCategory, type ExtractorMessage } from "@microsoft/api-extractor";

/** Each entry point of package.json's `exports` that has declarations, with its report's name. */
export const API_ENTRIES: readonly { readonly report: string; readonly subpath: string }[] = [
  { report: "constructs", subpath: "." },
  { report: "explain", subpath: "./explain" },
  { report: "environments", subpath: "./environments" },
];

/** Where the reports live, from the project's folder. */
export const API_FOLDER = "docs/api";

/** What one entry point's check found. */
export interface ApiReport {
  readonly report: string;
  /** The report written now differs from the one in the reports folder. */
  readonly changed: boolean;
  /** Problems in the declarations that make the report untrustworthy (a type a consumer cannot name). */
  readonly problems: readonly string[];
  /** The report as the build gives it now. */
  readonly text: string;
}

interface Options {
  /** Rewrite the reports (true), or only compare (false). */
  readonly update: boolean;
  /** The folder that holds the reports to compare with or rewrite; docs/api by default. */
  readonly reportFolder?: string;
  /** The entries to check; all of {@link API_ENTRIES} by default. */
  readonly entries?: typeof API_ENTRIES;
}

// Messages that are about the surface itself; the rest (missing doc comments, unresolved {@link}s,
// release tags this project does not use) would only be noise in the report.
const REFUSED = new Set(["ae-forgotten-export", "ae-incompatible-release-tags", "ae-wrong-input-file-type"]);

function entryDeclarations(root: string, subpath: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    exports: Record<string, string | { types?: string }>;
  };
  const target = pkg.exports[subpath];
  if (typeof target !== "object" || target.types === undefined) throw new Error(`package.json: exports["${subpath}"] has no types`);
  const file = path.join(root, target.types);
  if (!fs.existsSync(file)) throw new Error(`${target.types} is missing: build first (npm run build)`);
  return file;
}

/** The names a report shows as exported. */
function exportedNames(report: string): string[] {
  return [...report.matchAll(/^export (?:declare )?(?:abstract )?(?:class|interface|type|function|const|enum|namespace) (\w+)/gm)].map(
    (m) => m[1],
  );
}

/** Runs API Extractor on every entry point; see {@link Options}. */
export function apiReports(root: string, options: Options): ApiReport[] {
  const reportFolder = options.reportFolder ?? path.join(root, API_FOLDER);
  if (options.update) fs.mkdirSync(reportFolder, { recursive: true });
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "api-report-"));
  try {
    const rootNames = new Set<string>();
    return (options.entries ?? API_ENTRIES).map(({ report, subpath }) => {
      const problems: string[] = [];
      const entry = entryDeclarations(root, subpath);
      const config = ExtractorConfig.prepare({
        configObject: {
          projectFolder: root,
          mainEntryPointFilePath: entry,
          compiler: {
            // The declarations only: the sources' own tsconfig includes tests and scripts.
            overrideTsconfig: {
              compilerOptions: { target: "ES2022", module: "commonjs", lib: ["ES2022"], types: ["node"], strict: true, skipLibCheck: true },
              files: [path.relative(root, entry)],
            },
          },
          apiReport: { enabled: true, reportFolder, reportTempFolder: temp, reportFileName: report },
          newlineKind: "lf",
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          messages: {
            compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
            extractorMessageReporting: { default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: false } },
            tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
          },
        },
        configObjectFullPath: path.join(root, "api-extractor.json"),
        packageJsonFullPath: path.join(root, "package.json"),
      });
      const result = Extractor.invoke(config, {
        localBuild: options.update,
        messageCallback: (message: ExtractorMessage) => {
          const where = message.sourceFilePath ? ` (${path.relative(root, message.sourceFilePath)})` : "";
          const forgotten = message.messageId === "ae-forgotten-export" ? /"([^"]+)"/.exec(message.text)?.[1] : undefined;
          if (subpath !== "." && forgotten !== undefined && rootNames.has(forgotten)) message.handled = true;
          else if (REFUSED.has(message.messageId) || message.category === ExtractorMessageCategory.Compiler)
            problems.push(`${message.messageId}: ${message.text}${where}`);
          message.handled = true;
        },
      });
      const text = fs.readFileSync(path.join(temp, `${report}.api.md`), "utf8");
      if (subpath === ".") for (const name of exportedNames(text)) rootNames.add(name);
      return { report, changed: result.apiReportChanged, problems, text };
    });
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}
