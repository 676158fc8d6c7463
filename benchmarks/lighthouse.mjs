// Lighthouse on many pages with one browser: what `benchmarks/lighthouse.py` runs.
//
//   node benchmarks/lighthouse.mjs SETTINGS.json URL...
//
// SETTINGS.json: {"prefix": where npm installed Lighthouse, "chromium": the browser,
// "chromeFlags": [...], "categories": [...], "quick": true|false, "output": a path}.
// Lighthouse's command line starts a browser for every page (about 10 of the 20 seconds a
// page takes on two cores); its Node API, used here, keeps one open for all of them and
// resets the page's storage before each run, as the command line does. Settings are the
// desktop preset's. `quick` is for the test suite, which does not score speed: it drops
// the quiet windows Lighthouse waits for after the load event (they time the page, and
// add about 2 seconds a page) and the font-size audit, which never applies on desktop.
//
// Writes a list with, for each page in order, what the scores are made of and nothing more: the categories
// with their audits' weights, every audit's score, and the run's error if it had one.
// Prints one line per page on stderr as it goes.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// Any failure ends the run with one line, the last on stderr, which the caller shows.
const fail = (error) => {
  process.stderr.write(`${String(error?.message ?? error).split("\n")[0]}\n`);
  process.exit(1);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const [settingsPath, ...urls] = process.argv.slice(2);
const settings = JSON.parse(readFileSync(settingsPath, "utf8"));
// from where npm installed Lighthouse, not from beside this file
const installed = (path) =>
  import(pathToFileURL(join(settings.prefix, "node_modules", path)).href);

const { default: lighthouse } = await installed("lighthouse/core/index.js");
const { default: desktop } = await installed("lighthouse/core/config/desktop-config.js");
const { launch } = await installed("chrome-launcher/dist/index.js");

const quick = settings.quick
  ? {
      pauseAfterFcpMs: 0,
      pauseAfterLoadMs: 0,
      networkQuietThresholdMs: 0,
      cpuQuietThresholdMs: 0,
      skipAudits: ["font-size"],
    }
  : {};
const config = {
  ...desktop,
  settings: {
    ...desktop.settings,
    onlyCategories: settings.categories,
    // an image of the whole page for the HTML report, which is not written: about 2 s
    // a page, and no score depends on it
    disableFullPageScreenshot: true,
    ...quick,
  },
};

const chrome = await launch({ chromePath: settings.chromium, chromeFlags: settings.chromeFlags });
const pages = [];
try {
  for (const url of urls) {
    const started = Date.now();
    const { lhr } = await lighthouse(url, { port: chrome.port, logLevel: "error" }, config);
    pages.push({
      url,
      runtimeError: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : null,
      categories: Object.fromEntries(
        Object.entries(lhr.categories).map(([id, c]) => [
          id,
          { score: c.score, auditRefs: c.auditRefs.map(({ id, weight }) => ({ id, weight })) },
        ]),
      ),
      audits: Object.fromEntries(
        Object.entries(lhr.audits).map(([id, a]) => [id, { score: a.score }]),
      ),
    });
    const scores = Object.values(lhr.categories).map((c) => Math.round(100 * c.score));
    process.stderr.write(`${url} ${scores.join(" ")} (${Date.now() - started} ms)\n`);
  }
} finally {
  await chrome.kill();
}
writeFileSync(settings.output + ".part", JSON.stringify(pages));
renameSync(settings.output + ".part", settings.output);
