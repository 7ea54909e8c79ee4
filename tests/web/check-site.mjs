// Drives headless Chromium over the built book, the way a reader meets it.
//
//   node tests/web/check-site.mjs PLAN.json
//
// The plan, written by `cargo xtask site`, names our book ("book"), the same
// chapters built by stock mdBook (no theme additions, no preprocessor; used
// to compare weight), book.toml's `site-url`, the crates the listings use,
// and which checks to run: the xtask leaves out those whose inputs did not
// change since they passed.
//
//   { "book": "book", "stock": "target/stock-book", "siteUrl": "/book/",
//     "crates": ["rayon", "tokio"], "chapter": "ch02-threads.html",
//     "pages": ["ch02-threads.html", …], "search": true, "themes": true,
//     "weight": true }
//
// It checks that
// - every page of `pages` loads with no console error and no uncaught
//   exception, and shows no literal `{{#include` or `{{#rustdoc_include`;
// - `search`: searching "Mutex" lists the mutex chapter;
// - `themes`: switching the theme works (and is kept for the next page), and
//   in every theme the captions and markers are visible, with enough
//   contrast to read;
// - `weight`: no chapter page weighs more than the same page built by stock
//   mdBook;
// - always: axe-core finds no violation, of any impact, on any page of
//   `pages` that a reader lands on: every rule in the first theme, the
//   colour rules in every other theme (it prints the counts by impact per
//   theme, and by rule, impact and origin when there are any); on a page
//   with "Be the scheduler" figures, axe also judges each figure in every
//   theme once "Random schedule" has finished it;
// - always: at 375 px, no such page scrolls sideways and no diagram's or
//   benchmark chart's text is drawn smaller than 11 CSS px; nothing in a
//   finished figure to schedule (its code blocks aside, which may scroll on
//   their own) runs past the screen or scrolls sideways;
// - `themes`: Tab reaches the sidebar toggle, which shows focus, and Enter
//   opens and closes the sidebar; the arrow keys scroll a focused code
//   block instead of turning the page;
// - always: on every page of `pages` with "Be the scheduler" figures, each
//   figure's interactive part is built and `bookSchedule.explore(data)`
//   (theme/schedule.js) finds exactly the outputs of the figure's static
//   list and of its data; when chapter 1's page is among `pages`, its booking
//   figure is driven with the keyboard alone once the focus is put on its
//   first button (Tab, Shift+Tab, Enter) through
//   one schedule, which must print its output and mark it reached; then
//   "Start again" (by keyboard) must bring it back to its start, a run in
//   which ben's second step is skipped must say so, "Random schedule" must
//   end on an output of the list, and on chapter 2's figure one thread must
//   wait on its empty channel;
// A page is judged in a theme by loading it in that theme (mdBook reads it
// from local storage before the page is drawn), never by switching the
// theme in a loaded page, whose stylesheets may then still be loading.
// Each page is loaded once for the first check, the weight and axe in the
// first theme, once in each other theme for axe (in two tabs, one per core),
// once more on the phone, and stock mdBook's once.
// It writes screenshots to the plan's folder (target/screenshots/, in the
// target folder cargo uses) for CI to keep.
// Chromium comes from $CHROMIUM, else /usr/bin/chromium. Only 127.0.0.1 is
// contacted.

import { readFile, readdir, mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { launch, serve } from "./browser.mjs";

if (process.argv.length !== 3) {
  console.error("usage: check-site.mjs PLAN.json (cargo xtask site writes it)");
  process.exit(2);
}
const plan = JSON.parse(await readFile(process.argv[2], "utf8"));
const { book: bookDir, stock: stockDir, screenshots, siteUrl, chapter } = plan;
const crates = plan.crates.map((name) => ({ name, id: name }));
const themes = ["light", "rust", "coal", "navy", "ayu"];

const started = Date.now();
// A switch is on unless unset or one of these, in any case: the rule of
// every BOOK_* switch (crates/book-model/src/settings.rs).
const OFF = ["", "0", "false", "no", "off"];
const on = (value) => value !== undefined && !OFF.includes(value.toLowerCase());
const mark = (what) => on(process.env.BOOK_WEB_TIMINGS) && console.log(`${((Date.now() - started) / 1000).toFixed(2)}s ${what}`);
const failures = [];
const fail = (message) => failures.push(message);

// WCAG contrast ratio of two CSS colours "rgb(r, g, b)".
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Bytes needed to show a loaded page: the page and everything it loaded
// (fonts included, once the browser has decided which ones it needs), as the
// browser's own Resource Timing reports them (the decoded size of every
// resource, from the cache or not).
async function loadedBytes(page) {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const entries = [
      ...performance.getEntriesByType("navigation"),
      ...performance.getEntriesByType("resource"),
    ];
    return entries.reduce((sum, e) => sum + e.decodedBodySize, 0);
  });
}

async function pageWeight(context, url) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  const bytes = await loadedBytes(page);
  await page.close();
  return bytes;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

async function searchIndexSize(dir) {
  const name = (await readdir(dir)).find((f) => f.startsWith("searchindex") && f.endsWith(".js"));
  return name ? (await stat(join(dir, name))).size : 0;
}

const browser = await launch();
mark("launch");
const ours = await serve(bookDir, siteUrl);
const stock = await serve(stockDir, siteUrl);
await mkdir(screenshots, { recursive: true });

try {
  // Only our own servers are contacted: Chromium resolves no other host
  // (see the launch flags), and any request elsewhere fails the check.
  // mdBook asks the Rust Playground which crates it offers, to decide where
  // to show a Run button: that one request is answered here. (Routing only
  // this address keeps every other request free of interception, which
  // would slow each page down.)
  const playground = "https://play.rust-lang.org/meta/crates";
  const outside = [];
  const newContext = async (options = { viewport: { width: 1280, height: 900 } }) => {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(20000);
    await context.route(playground, (route) =>
      route.fulfill({
        contentType: "application/json",
        headers: { "access-control-allow-origin": "*" },
        body: JSON.stringify({ crates }),
      }),
    );
    context.on("request", (request) => {
      const url = new URL(request.url());
      const web = url.protocol === "http:" || url.protocol === "https:";
      if (web && url.hostname !== "127.0.0.1" && request.url() !== playground) outside.push(request.url());
    });
    return context;
  };
  const context = await newContext();

  // A browser context whose pages open in `theme`. mdBook reads the theme
  // from local storage ("mdbook-theme") in the page's head, before anything
  // is drawn, and enables that theme's stylesheets, which the load event
  // waits for: once loaded, the page is in its theme, with nothing left to
  // arrive. Switching the theme in a loaded page cannot promise that: mdBook
  // enables a code-highlighting stylesheet it had disabled, Chromium loads
  // it again after the click has returned, and axe could judge the new
  // theme with the old theme's code colours (on a busy machine, 31 serious
  // contrast failures on a correct page, and a wrong page could pass).
  const themedContext = async (theme) => {
    const themed = await newContext();
    await themed.addInitScript((t) => {
      if (location.protocol === "http:") localStorage.setItem("mdbook-theme", t);
    }, theme);
    return themed;
  };
  // Why a loaded page is not (yet) in `theme`: <html> lacks the theme's
  // class, or a stylesheet the page uses has not loaded. Empty when it is.
  const notSettled = (page, theme) =>
    page.evaluate((t) => {
      const problems = [];
      const html = document.documentElement;
      if (!html.classList.contains(t)) {
        problems.push(
          `<html> has the classes "${html.className}", not "${t}": does mdBook still read the theme ` +
            `from local storage ("mdbook-theme") before the page is drawn? (themedContext relies on it)`,
        );
      }
      for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
        if (!link.disabled && !link.sheet) problems.push(`its stylesheet ${link.getAttribute("href")} did not load`);
      }
      return problems;
    }, theme);

  // Pages a reader does not land on: the print page and the table of
  // contents that mdBook writes for readers without JavaScript (toc.html,
  // framed by every page); old chapters' pages only redirect to the new
  // ones. They are loaded, but not judged by axe or on a phone. (The 404
  // page is judged: a dead link lands there.)
  const landing = [];
  const redirects = [];
  for (const current of plan.pages) {
    if (["print.html", "toc.html"].includes(current)) continue;
    if ((await readFile(join(bookDir, current), "utf8")).includes('http-equiv="refresh"')) {
      redirects.push(current);
      continue;
    }
    landing.push(current);
  }
  // What one page weighs, by name, measured where the page is loaded anyway.
  const weights = new Map();
  const chapterPage = (name) => /^(ch\d\d|exercise)-.*\.html$/.test(name);

  // "Be the scheduler" figures (theme/schedule.js builds them): on each
  // page that has some, every figure is built, and the outputs the script
  // explores with its step function are those of the static list the
  // preprocessor wrote (from the Rust interpreter) and of the figure's data.
  let scheduleFigures = 0;
  const schedulePages = [];
  const checkSchedules = async (page, current) => {
    const figures = await page.evaluate(() =>
      [...document.querySelectorAll(".figure-schedule")].map((fig) => {
        const found = { id: fig.id, error: "" };
        try {
          const data = JSON.parse(fig.querySelector(".schedule-data").textContent);
          found.data = data.outputs;
          found.threads = data.threads.length;
          found.list = [...fig.querySelectorAll(".schedule-list > li pre")].map((pre) => (pre.querySelector("code") ?? pre).textContent);
          const box = fig.querySelector(".schedule");
          found.runButtons = box && box.checkVisibility() ? [...box.querySelectorAll("button")].filter((b) => b.textContent.startsWith("Run ")).length : 0;
          found.explored = window.bookSchedule.explore(data);
        } catch (e) {
          found.error = String(e);
        }
        return found;
      }),
    );
    if (figures.length === 0) return;
    schedulePages.push(current);
    const sorted = (list) => [...list].sort();
    const differ = (a, b) => {
      const missing = b.filter((x) => !a.includes(x)).map(JSON.stringify);
      const extra = a.filter((x) => !b.includes(x)).map(JSON.stringify);
      return `${a.length} against ${b.length}; not found: ${missing.slice(0, 2).join(", ") || "none"}; not listed: ${extra.slice(0, 2).join(", ") || "none"}`;
    };
    for (const f of figures) {
      scheduleFigures += 1;
      const where = `schedule figure #${f.id} on ${current}`;
      if (f.error) {
        fail(`${where}: ${f.error} (theme/schedule.js, or the figure's markup)`);
        continue;
      }
      if (f.list.length === 0) fail(`${where}: its static list shows no output`);
      if (f.runButtons !== f.threads) fail(`${where}: the interactive part shows ${f.runButtons} Run buttons for ${f.threads} threads (theme/schedule.js)`);
      // The list shows each output without its last newline.
      const trimmed = sorted(f.explored.map((o) => o.replace(/\n$/, "")));
      if (JSON.stringify(trimmed) !== JSON.stringify(sorted(f.list))) {
        fail(`${where}: bookSchedule.explore(data) and the static list disagree: ${differ(trimmed, f.list)} (theme/schedule.js against crates/book-model/src/schedule.rs)`);
      }
      const explored = JSON.stringify(f.explored);
      if (explored !== JSON.stringify(sorted(f.data))) {
        fail(`${where}: bookSchedule.explore(data) and data.outputs disagree: ${differ(f.explored, f.data)}`);
      }
      // The script marks a reached output by its place in data.outputs:
      // the list must hold the outputs in that order.
      if (JSON.stringify(f.data.map((o) => o.replace(/\n$/, ""))) !== JSON.stringify(f.list)) {
        fail(`${where}: the static list and data.outputs hold the outputs in different orders (crates/book-model/src/schedule.rs)`);
      }
    }
  };

  // The booking figure of chapter 1, driven as a keyboard user would: the
  // focus is put on its first button once, then only Tab, Shift+Tab and
  // Enter, through one schedule; the figure must show that schedule's output,
  // say which output of the list it is, and mark that item reached.
  const DRIVE = {
    page: "ch01-why-rust.html",
    figure: "#schedule-ch01-05-every-booking",
    order: ["ana", "ben", "ana", "ben"],
    output: "ana booked a seat: true\nben booked a seat: true\nseats left: -1\n",
  };
  const driveSchedule = async () => {
    const page = await context.newPage();
    await page.goto(ours.base + DRIVE.page, { waitUntil: "load" });
    const what = `keyboard, ${DRIVE.figure} on ${DRIVE.page}`;
    const first = page.locator(`${DRIVE.figure} .schedule button`).first();
    if ((await first.count()) === 0) {
      fail(`${what}: the figure or its buttons are missing`);
      await page.close();
      return;
    }
    await first.evaluate((b) => b.focus());
    const keys = { Tab: 0, "Shift+Tab": 0, Enter: 0 };
    const press = async (key) => {
      keys[key] += 1;
      await page.keyboard.press(key);
    };
    // Where the focus is against the button "Run NAME": on it, before it or
    // after it in the figure; whether it shows where it is.
    const focus = (label) =>
      page.evaluate(([selector, label]) => {
        const fig = document.querySelector(selector), at = document.activeElement;
        const style = getComputedStyle(at);
        const shows = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        if (!fig.contains(at) || at.tagName !== "BUTTON") return { where: "outside the figure's buttons", shows };
        if (at.textContent === label) return { where: "on", shows, disabled: at.disabled };
        const target = [...fig.querySelectorAll("button")].find((b) => b.textContent === label);
        if (!target) return { where: `nowhere: no button "${label}"`, shows };
        const after = at.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING;
        return { where: after ? "before" : "after", shows };
      }, [DRIVE.figure, label]);
    let ok = true;
    for (const name of DRIVE.order) {
      const label = `Run ${name}`;
      let at = await focus(label);
      for (let n = 0; ok && at.where !== "on"; n++) {
        if (!["before", "after"].includes(at.where) || n > 12) {
          fail(`${what}: the focus is ${at.where} while looking for "${label}"`);
          ok = false;
        } else {
          await press(at.where === "before" ? "Tab" : "Shift+Tab");
          at = await focus(label);
        }
      }
      if (!ok) break;
      if (!at.shows) fail(`${what}: "${label}" has the focus but shows no outline`);
      if (at.disabled) {
        fail(`${what}: "${label}" is disabled when the schedule needs it`);
        ok = false;
        break;
      }
      await press("Enter");
    }
    if (ok) {
      const shown = await page.evaluate((selector) => {
        const fig = document.querySelector(selector);
        const data = JSON.parse(fig.querySelector(".schedule-data").textContent);
        return {
          outputs: data.outputs,
          output: fig.querySelector(".schedule pre")?.textContent ?? null,
          status: fig.querySelector('.schedule [role="status"]')?.textContent ?? "",
          reached: [...fig.querySelectorAll(".schedule-list > li")].map(
            (li) => li.classList.contains("schedule-reached") && /\breached\b/.test(li.innerText),
          ),
        };
      }, DRIVE.figure);
      const k = shown.outputs.indexOf(DRIVE.output);
      const n = shown.outputs.length;
      if (k < 0) fail(`${what}: the figure's data does not list the output ${JSON.stringify(DRIVE.output)}`);
      if (shown.output !== DRIVE.output) {
        fail(`${what}: after ${DRIVE.order.join(", ")} the figure shows the output ${JSON.stringify(shown.output)}, not ${JSON.stringify(DRIVE.output)}`);
      }
      if (!shown.status.includes(`output ${k + 1} of ${n}`)) {
        fail(`${what}: the status says "${shown.status}", not which output of the list it is ("output ${k + 1} of ${n}")`);
      }
      const marked = shown.reached.flatMap((r, i) => (r ? [i + 1] : []));
      if (marked.join() !== String(k + 1)) {
        fail(`${what}: the list marks as reached items [${marked.join(", ")}], not item ${k + 1} alone (a class and the word "reached")`);
      }
      // The finished figure, its marks and disabled buttons, in the first theme.
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async (selector) => {
        const result = await window.axe.run(document.querySelector(selector), { resultTypes: ["violations"] });
        return result.violations.map((v) => `${v.impact} ${v.id} (${v.nodes[0]?.target.join(" ")})`);
      }, DRIVE.figure);
      for (const v of violations) fail(`axe, ${what}, after the schedule: ${v}`);
      console.log(
        `schedule: drove ${DRIVE.figure} on ${DRIVE.page} by keyboard alone (focus put on its first button once, then ` +
          `${keys.Tab} Tab, ${keys["Shift+Tab"]} Shift+Tab, ${keys.Enter} Enter): ${DRIVE.order.join(", ")} printed ` +
          `output ${k + 1} of ${n}, said in the status and marked reached in the list; axe finds ${violations.length} violations in the finished figure`,
      );
    }
    if (ok) {
      // A missing button or a disabled one makes a click throw: a failure
      // of the check, said as one, and the other checks still run.
      await driveTheRest(page, what).catch((e) => fail(`${what}: ${String(e).split("\n")[0]}`));
    }
    await page.close();
    mark("schedule by keyboard");
  };

  // The rest of a figure's controls, on the page the keyboard drive used:
  // "Start again" by keyboard, a run in which a step is skipped, "Random
  // schedule", and (on chapter 2's figure) a thread that waits on an empty
  // channel. Each must show what the reader is told it shows.
  const WAITS = { page: "ch02-threads.html", figure: "#schedule-ch02-10-every-channel-order" };
  const driveTheRest = async (page, what) => {
    const state = () =>
      page.evaluate((selector) => {
        const fig = document.querySelector(selector);
        const box = fig.querySelector(".schedule");
        return {
          status: box.querySelector('[role="status"]')?.textContent ?? "",
          output: box.querySelector("pre.schedule-output"),
          text: box.querySelector("pre.schedule-output")?.textContent ?? "",
          outputHidden: box.querySelector("pre.schedule-output")?.hidden ?? true,
          order: [...box.querySelectorAll("p")].map((p) => p.textContent).find((t) => t.startsWith("Schedule so far:")) ?? "",
          shared: [...box.querySelectorAll("p")].map((p) => p.textContent).find((t) => t.startsWith("Shared:")) ?? "",
          locals: [...box.querySelectorAll(".schedule-locals")].map((p) => p.textContent),
          states: [...box.querySelectorAll(".schedule-thread-steps")].map((ol) =>
            [...ol.children].map((li) => li.querySelector(".schedule-state")?.textContent ?? ""),
          ),
          buttons: Object.fromEntries([...box.querySelectorAll("button")].map((b) => [b.textContent, b.disabled])),
          reached: [...fig.querySelectorAll(".schedule-list > li.schedule-reached")].length,
        };
      }, DRIVE.figure).then(({ output, ...rest }) => rest);
    const click = (label) => page.locator(`${DRIVE.figure} .schedule button`, { hasText: label }).first().click();
    // "Start again", reached from the last button pressed: the script hands
    // the focus on to it when the run ends, else Tab reaches it.
    const onAgain = () => page.evaluate(() => document.activeElement?.textContent === "Start again");
    let tabs = 0;
    while (tabs < 12 && !(await onAgain())) {
      await page.keyboard.press("Tab");
      tabs += 1;
    }
    if (!(await onAgain())) throw new Error(`"Start again" not reached by ${tabs} Tab`);
    await page.keyboard.press("Enter");
    let st = await state();
    const fresh = st.states.every((t) => t[0] === "next: " && t.slice(1).every((x) => x === ""));
    // The booking starts with one seat and no local set.
    const reset = st.shared === "Shared: seats_left = 1" && st.locals.every((l) => l === "Locals: none yet");
    if (!st.status.startsWith("A new run") || !st.outputHidden || !st.order.includes("no step yet") || !fresh || !reset) {
      fail(`${what}: after Tab ×${tabs} and Enter on "Start again", the figure is not at its start: status "${st.status}", ` +
        `output ${st.outputHidden ? "hidden" : "shown"}, "${st.order}", step states ${JSON.stringify(st.states)}, ` +
        `"${st.shared}", ${JSON.stringify(st.locals)}`);
    }
    // A skipped step: ana books the seat, then ben finds none.
    for (const name of ["ana", "ana", "ben"]) await click(`Run ${name}`);
    st = await state();
    const skipOutput = "ana booked a seat: true\nben booked a seat: false\nseats left: 0\n";
    if (!st.status.includes("its next step is skipped") || !st.status.includes("ben has finished")) {
      fail(`${what}: after ana, ana, ben the status says "${st.status}", not that ben's next step is skipped and ben has finished`);
    }
    if (JSON.stringify(st.states[1]) !== JSON.stringify(["done: ", "skipped: "])) {
      fail(`${what}: after ana, ana, ben, ben's steps read ${JSON.stringify(st.states[1])}, not done then skipped`);
    }
    if (st.text !== skipOutput) fail(`${what}: after ana, ana, ben the output is ${JSON.stringify(st.text)}, not ${JSON.stringify(skipOutput)}`);
    // "Random schedule" from a new start runs to an output of the list.
    await click("Start again");
    await click("Random schedule");
    st = await state();
    const outputs = await page.evaluate((selector) => JSON.parse(document.querySelector(`${selector} .schedule-data`).textContent).outputs, DRIVE.figure);
    const k = outputs.indexOf(st.text);
    if (k < 0 || !st.status.startsWith("Random choices ran the rest of the run to the end.") || !st.status.includes(`output ${k + 1} of ${outputs.length}`)) {
      fail(`${what}: "Random schedule" ended with the output ${JSON.stringify(st.text)} and the status "${st.status}" ` +
        "(an output of the list, and a status that says so, expected)");
    }
    if (st.buttons["Random schedule"] !== true) fail(`${what}: "Random schedule" is still enabled on a finished run`);
    // A thread that waits: chapter 2's main thread, at its first recv.
    await page.goto(ours.base + WAITS.page, { waitUntil: "load" });
    const waits = await page.evaluate((selector) => {
      const fig = document.querySelector(selector);
      return [...fig.querySelectorAll(".schedule-thread")].map((col) => ({
        name: col.querySelector(".schedule-name")?.textContent,
        disabled: col.querySelector("button")?.disabled,
        note: col.querySelector(".schedule-why")?.textContent ?? "",
        first: col.querySelector(".schedule-thread-steps > li .schedule-state")?.textContent ?? "",
      }));
    }, WAITS.figure);
    const waiting = waits.filter((t) => t.disabled && /^waits: \S+ is empty$/.test(t.note) && t.first === "waiting: ");
    const running = waits.filter((t) => !t.disabled && t.note === "" && t.first === "next: ");
    if (waiting.length !== 1 || running.length !== waits.length - 1) {
      fail(`${WAITS.figure} on ${WAITS.page}: at the start, one thread should wait on its empty channel (button disabled, ` +
        `"waits: … is empty", step marked waiting) and the others be free to run: ${JSON.stringify(waits)}`);
    }
    console.log(
      `schedule: on ${DRIVE.figure}, "Start again" (by keyboard, ${tabs} Tab) went back to the start, ana, ana, ben ` +
        `skipped ben's step, "Random schedule" reached output ${k + 1} of ${outputs.length}; on ${WAITS.figure}, ` +
        `${waiting.map((t) => t.name).join(", ")} waits on an empty channel`,
    );
  };

  // Search.
  const checkSearch = async () => {
    const page = await context.newPage();
    await page.goto(ours.base + chapter, { waitUntil: "load" });
    await page.click("#mdbook-search-toggle");
    await page.locator("#mdbook-searchbar").pressSequentially("Mutex");
    const hit = page.locator('#mdbook-searchresults a[href*="ch03-mutexes.html"]').first();
    try {
      await hit.waitFor({ timeout: 5000 });
    } catch {
      fail('searching "Mutex" does not list ch03-mutexes.html');
    }
    await page.keyboard.press("Escape");
    await page.close();
    mark("search");
  };

  // Themes: switching works, captions and markers stay readable.
  const checkThemes = async () => {
    const contrasts = [];
    const page = await context.newPage();
    await page.goto(ours.base + chapter, { waitUntil: "load" });
    for (const theme of themes) {
      if (!(await page.locator("#mdbook-theme-list").isVisible())) {
        await page.click("#mdbook-theme-toggle");
      }
      await page.click(`#mdbook-theme-${theme}`);
      const picked = await page.evaluate((t) => ({
        applied: document.documentElement.classList.contains(t),
        stored: localStorage.getItem("mdbook-theme"),
      }), theme);
      if (!picked.applied) fail(`theme ${theme}: <html> did not get the class "${theme}"`);
      if (picked.stored !== theme) fail(`theme ${theme}: the picker stored "${picked.stored}", not "${theme}", for the next page`);
      // The colours are judged once the page is loaded again in the theme
      // picked: right after the click, the theme's stylesheets may still be
      // loading (see `themedContext`).
      await page.reload({ waitUntil: "load" });
      const unsettled = await notSettled(page, theme);
      if (unsettled.length > 0) {
        fail(`theme ${theme}: ${chapter} did not load again in the theme picked: ${unsettled.join("; ")}`);
        continue;
      }
      const checks = await page.evaluate(() => {
        // The colour behind the content: the first opaque background up the tree.
        let node = document.querySelector("figure.figure");
        let background = "rgb(255, 255, 255)";
        while (node) {
          const bg = getComputedStyle(node).backgroundColor;
          if (!bg.startsWith("rgba(0, 0, 0, 0)") && bg !== "transparent") {
            background = bg;
            break;
          }
          node = node.parentElement;
        }
        const seen = (el) => {
          const box = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          return { w: box.width, h: box.height, color: style.color, bg: style.backgroundColor, visible: style.visibility };
        };
        return {
          background,
          captions: [...document.querySelectorAll("figure.figure > figcaption")].map(seen),
          markers: [...document.querySelectorAll(".marker")].map((el) => ({ ...seen(el), text: el.textContent })),
          diagrams: [...document.querySelectorAll("img.diagram")].map((el) => ({ ...seen(el), alt: el.alt, ok: el.complete && el.naturalWidth > 0 })),
        };
      });
      if (checks.captions.length === 0) fail(`theme ${theme}: ${chapter} has no figure captions`);
      let lowest = Infinity;
      for (const c of checks.captions) {
        if (c.w === 0 || c.h === 0 || c.visible !== "visible") fail(`theme ${theme}: a caption is not visible`);
        lowest = Math.min(lowest, contrast(c.color, checks.background));
        if (contrast(c.color, checks.background) < 4.5) fail(`theme ${theme}: caption contrast ${contrast(c.color, checks.background).toFixed(2)} < 4.5`);
      }
      if (checks.markers.length === 0) fail(`theme ${theme}: ${chapter} shows no marker`);
      for (const m of checks.markers) {
        if (m.w === 0 || m.h === 0) fail(`theme ${theme}: marker "${m.text}" is not visible`);
        lowest = Math.min(lowest, contrast(m.color, m.bg));
        if (contrast(m.color, m.bg) < 4.5) fail(`theme ${theme}: marker "${m.text}" contrast ${contrast(m.color, m.bg).toFixed(2)} < 4.5`);
      }
      contrasts.push(`${theme} ${lowest.toFixed(2)}`);
      for (const d of checks.diagrams) {
        if (!d.ok || d.w === 0) fail(`theme ${theme}: a diagram did not load (${d.alt})`);
        if (!d.alt) fail(`theme ${theme}: a diagram has no alt text`);
      }
      await page.keyboard.press("Escape");
      await page.screenshot({ path: `${screenshots}/${chapter.replace(".html", "")}-${theme}.png`, fullPage: false });
    }
    await page.close();
    console.log(`lowest caption or marker contrast, by theme: ${contrasts.join(", ")}`);
    mark("themes");
  };

  // Every page, in one pass of two tabs: it loads with no console error and
  // no unexpanded include, its weight is taken (for the weight check), and
  // axe-core finds no violation of any impact (moderate and minor ones
  // included), ours or inherited from mdBook's theme, in any theme.
  const axeSource = await readFile(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
  const counts = Object.fromEntries(themes.map((t) => [t, { critical: 0, serious: 0, moderate: 0, minor: 0 }]));
  // Figures to schedule judged by axe once finished, per theme.
  const finishedFigures = {};
  // Nodes by "rule (impact), origin": "content" is inside <main> (the
  // chapter's text and what the preprocessor makes of it), "frame" is the
  // rest (mdBook's theme and what theme/ changes in it).
  const byRule = new Map();
  const checkPages = async () => {
    const queue = [...plan.pages];
    // Each tab has a browser context per theme, whose pages open in it (see
    // `themedContext`): a page is judged in a theme by loading it there, not
    // by switching the theme in a loaded page.
    const tab = async () => {
      const contexts = await Promise.all(themes.map(themedContext));
      const tabs = await Promise.all(contexts.map((c) => c.newPage()));
      let current = "";
      const errors = [];
      tabs.forEach((page, i) => {
        const where = i === 0 ? "" : ` (theme ${themes[i]})`;
        page.on("console", (m) => m.type() === "error" && errors.push(`${current}${where}: console error: ${m.text()}`));
        page.on("pageerror", (e) => errors.push(`${current}${where}: uncaught: ${e}`));
      });
      while (queue.length > 0) {
        current = queue.shift();
        const first = tabs[0];
        const response = await first.goto(ours.base + current, { waitUntil: "load" });
        if (current !== "404.html" && !response.ok()) fail(`${current}: HTTP ${response.status()}`);
        const text = await first.locator("body").innerText();
        if (text.includes("{{#include") || text.includes("{{#rustdoc_include")) {
          fail(`${current}: shows a literal include directive`);
        }
        mark(current);
        // Every figure, on the page that shows it and on the print page
        // (which inlines the script once per chapter).
        if (!redirects.includes(current)) await checkSchedules(first, current);
        if (!landing.includes(current)) continue;
        if (plan.weight && chapterPage(current)) weights.set(current, await loadedBytes(first));
        for (const [i, theme] of themes.entries()) {
          const page = tabs[i];
          if (i > 0) await page.goto(ours.base + current, { waitUntil: "load" });
          const unsettled = await notSettled(page, theme);
          if (unsettled.length > 0) {
            fail(`axe, theme ${theme}, ${current}: not judged, the page did not load in its theme: ${unsettled.join("; ")}`);
            continue;
          }
          // No transition or animation is left halfway: axe judges the
          // colours a reader sees once the page is still.
          await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; animation: none !important; }" });
          await page.addScriptTag({ content: axeSource });
          // Rules about structure and names do not depend on the theme: they
          // run once, in the first; the colour rules run in every theme.
          const rules = theme === themes[0] ? {} : { runOnly: ["color-contrast", "link-in-text-block"] };
          const violations = await page.evaluate(async (rules) => {
            const result = await window.axe.run(document, { resultTypes: ["violations"], ...rules });
            const main = document.querySelector("main");
            return result.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              nodes: v.nodes.length,
              content: v.nodes.filter((n) => main?.contains(document.querySelector(n.target[0]))).length,
              help: v.helpUrl,
              first: v.nodes[0]?.target.join(" ") ?? "",
              why: (v.nodes[0]?.failureSummary ?? "").split("\n").slice(1, 2).join("").trim(),
            }));
          }, rules);
          for (const v of violations) {
            counts[theme][v.impact] += v.nodes;
            for (const [origin, n] of [["content", v.content], ["frame", v.nodes - v.content]]) {
              const key = `${v.id} (${v.impact}), ${origin}`;
              if (n > 0) byRule.set(key, (byRule.get(key) ?? 0) + n);
            }
            const where =
              v.content > 0
                ? `${v.content} inside <main>: fix the chapter (src/) or the markup the preprocessor writes ` +
                  "(crates/mdbook-listings, crates/book-model)"
                : "outside <main>: mdBook's theme, fixed by theme/ (a11y.js, listings.css)";
            fail(`axe, theme ${theme}, ${current}: ${v.impact} ${v.id} (${v.nodes}×, first ${v.first}: ${v.why}); ${where}; the rule: ${v.help}`);
          }
          // The figures to schedule once finished (steps done and skipped,
          // an output marked reached), judged in this theme too.
          const finished = await page.evaluate(async (rules) => {
            const figures = [...document.querySelectorAll(".figure-schedule")];
            for (const fig of figures) {
              [...fig.querySelectorAll(".schedule button")].find((b) => b.textContent === "Random schedule")?.click();
            }
            const found = [];
            for (const fig of figures) {
              if (!fig.querySelector(".schedule-list > li.schedule-reached")) found.push(`#${fig.id}: no output marked reached after "Random schedule"`);
              const result = await window.axe.run(fig, { resultTypes: ["violations"], ...rules });
              for (const v of result.violations) found.push(`#${fig.id}: ${v.impact} ${v.id} (${v.nodes[0]?.target.join(" ")})`);
            }
            return { figures: figures.length, found };
          }, rules);
          if (finished.figures > 0) finishedFigures[theme] = (finishedFigures[theme] ?? 0) + finished.figures;
          for (const f of finished.found) fail(`axe, theme ${theme}, ${current}, a figure to schedule once finished: ${f}`);
        }
      }
      errors.forEach(fail);
      await Promise.all(contexts.map((c) => c.close()));
    };
    await Promise.all([tab(), tab()]);
    const line = themes.map((t) => `${t} ${counts[t].critical}/${counts[t].serious}/${counts[t].moderate}/${counts[t].minor}`);
    console.log(
      `axe violations (critical/serious/moderate/minor) over ${landing.length} pages ` +
        `(every rule in ${themes[0]}, the colour rules in the other themes): ${line.join(", ")}`,
    );
    if (byRule.size > 0) {
      const rules = [...byRule].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key} ${n}`);
      console.log(`axe violations by rule (impact), origin, in nodes over every theme: ${rules.join(", ")}`);
    }
    const judged = themes.map((t) => `${t} ${finishedFigures[t] ?? 0}`);
    console.log(`axe over the figures to schedule once finished by "Random schedule", figures per theme: ${judged.join(", ")}`);
    const inFirst = finishedFigures[themes[0]] ?? 0;
    if (themes.some((t) => (finishedFigures[t] ?? 0) !== inFirst)) fail(`axe: the themes judged different numbers of finished figures to schedule: ${judged.join(", ")}`);
    mark("pages and axe");
  };

  // The keyboard: Tab reaches the sidebar toggle and shows where focus is;
  // in a code block that scrolls, ArrowRight scrolls it and does not turn
  // the page.
  const checkKeyboard = async () => {
    const page = await context.newPage();
    await page.goto(ours.base + chapter, { waitUntil: "load" });
    const path = [];
    // What Tab must reach, in page order, each showing where the focus is:
    // the menu bar's buttons, then a code block's Copy button (shown while
    // the keyboard is inside the block).
    const targets = {
      "mdbook-sidebar-toggle": "the sidebar toggle",
      "mdbook-theme-toggle": "the theme picker",
      "mdbook-search-toggle": "search",
      "clip-button": "a code block's Copy button",
    };
    const reached = new Set();
    // The sidebar's links come first in the page: allow for all of them.
    for (let i = 0; i < 600 && reached.size < Object.keys(targets).length; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const hidden = el.closest(".buttons") && getComputedStyle(el.closest(".buttons")).visibility !== "visible";
        return {
          id: el.id || el.className.split(" ")[0] || el.tagName,
          outline: style.outlineStyle !== "none" || style.boxShadow !== "none",
          seen: box.width > 0 && box.height > 0 && !hidden,
        };
      });
      if (path.at(-1) !== focused.id) path.push(focused.id);
      if (targets[focused.id] && !reached.has(focused.id)) {
        reached.add(focused.id);
        if (!focused.outline) fail(`keyboard: ${targets[focused.id]} takes the focus but shows no focus outline`);
        if (!focused.seen) fail(`keyboard: ${targets[focused.id]} takes the focus while hidden`);
      }
    }
    for (const [id, what] of Object.entries(targets)) {
      if (!reached.has(id)) fail(`keyboard: Tab does not reach ${what} (#${id}; path: ${path.join(" → ")})`);
    }
    const keyboard = Object.keys(targets).filter((id) => reached.has(id)).map((id) => targets[id]);
    // The sidebar toggle (a button that theme/a11y.js stands in for mdBook's
    // label) opens and closes the sidebar with Enter and says which it did.
    const sidebar = () =>
      page.evaluate(() => ({
        shown: document.documentElement.classList.contains("sidebar-visible"),
        expanded: document.getElementById("mdbook-sidebar-toggle").getAttribute("aria-expanded"),
        tag: document.getElementById("mdbook-sidebar-toggle").tagName,
      }));
    const before = await sidebar();
    await page.focus("#mdbook-sidebar-toggle");
    await page.keyboard.press("Enter");
    const after = await sidebar();
    await page.keyboard.press("Enter");
    const again = await sidebar();
    const toggled = [];
    if (before.tag !== "BUTTON") toggled.push(`is a <${before.tag.toLowerCase()}>, not a <button>`);
    if (after.shown === before.shown) toggled.push("does not open or close the sidebar on Enter");
    else if (again.shown !== before.shown) toggled.push("does not undo the first Enter on a second one");
    for (const state of [after, again]) {
      if (state.expanded !== String(state.shown)) {
        toggled.push(`says aria-expanded="${state.expanded}" while the sidebar is ${state.shown ? "open" : "closed"}`);
      }
    }
    for (const problem of toggled) fail(`keyboard: the sidebar toggle ${problem} (theme/a11y.js)`);
    if (toggled.length === 0) keyboard.push("Enter opens and closes the sidebar");
    const scroller = page.locator("pre > code[tabindex='0']").first();
    if ((await scroller.count()) === 0) {
      fail(`keyboard: ${chapter} has no focusable code block that scrolls`);
    } else {
      await scroller.focus();
      const before = await scroller.evaluate((el) => el.scrollLeft);
      await page.keyboard.press("ArrowRight");
      // The browser may animate the scroll, late on a busy machine: wait
      // for it (up to 5 s) rather than read the position once.
      const scrolled = await scroller.evaluate(async (el, from) => {
        for (const until = Date.now() + 5000; Date.now() < until; ) {
          if (el.scrollLeft > from) return true;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return false;
      }, before);
      if (!page.url().endsWith(chapter)) fail("keyboard: ArrowRight in a code block turned the page");
      if (!scrolled) fail("keyboard: ArrowRight in a focused code block does not scroll it (waited 5 s)");
      else keyboard.push("ArrowRight scrolls a focused code block");
    }
    // Honest buttons: on a block with hidden lines, Copy says what it copies.
    const copyLabel = await page.evaluate(() => {
      const pre = [...document.querySelectorAll("pre")].find((p) => p.querySelector(".boring"));
      return pre?.querySelector(".clip-button")?.getAttribute("aria-label") ?? null;
    });
    if (copyLabel === null) fail(`${chapter}: no block with hidden lines has a Copy button to check`);
    else if (!copyLabel.includes("hidden lines")) fail(`the Copy button of a block with hidden lines says "${copyLabel}"`);
    console.log(`keyboard: Tab reaches, with a visible focus, ${keyboard.join(", ")}`);
    await page.close();
    mark("keyboard");
  };

  // Phones: at 375 px no page scrolls sideways (code blocks and diagram
  // frames scroll on their own), and no diagram's or benchmark chart's text
  // is drawn smaller than 11 CSS px: the smallest font size in the SVG,
  // times the scale at which the page draws it.
  const checkPhone = async () => {
    const phone = await newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await phone.newPage();
    let smallest = Infinity;
    let smallestChart = Infinity;
    let charts = 0;
    let phoneFigures = 0;
    for (const current of landing) {
      await page.goto(ours.base + current, { waitUntil: "load" });
      const found = await page.evaluate(async () => {
        const wide = document.documentElement.scrollWidth > window.innerWidth + 1;
        const diagrams = [];
        for (const img of document.querySelectorAll("img.diagram")) {
          const svg = await (await fetch(img.src)).text();
          const sizes = [...svg.matchAll(/font-size(?:="|:\s*)([\d.]+)/g)].map((m) => Number(m[1]));
          const scale = img.getBoundingClientRect().width / img.naturalWidth;
          diagrams.push({ src: img.getAttribute("src"), px: Math.min(...sizes) * scale });
        }
        // The benchmark charts are inline SVG: each text's own font size,
        // times the scale the chart is drawn at.
        const charts = [];
        for (const svg of document.querySelectorAll("svg.bench-chart")) {
          const box = svg.getBoundingClientRect();
          const scale = box.width / svg.viewBox.baseVal.width;
          const sizes = [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize));
          charts.push({ name: svg.dataset.record, px: Math.min(...sizes) * scale, texts: sizes.length, overflows: box.right > window.innerWidth + 1 });
        }
        // Each figure to schedule, finished (its longest state: every step
        // marked, the whole output, an item marked reached): nothing in it
        // runs past the screen or scrolls sideways, apart from its code
        // blocks (<pre>: the output and the list's outputs), which may
        // scroll on their own.
        const figures = [];
        for (const fig of document.querySelectorAll(".figure-schedule")) {
          [...fig.querySelectorAll(".schedule button")].find((b) => b.textContent === "Random schedule")?.click();
          const inside = [...fig.querySelectorAll("*")].filter((e) => !e.closest("pre") && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible");
          const past = [...fig.querySelectorAll("*")].filter((e) => !e.closest("pre") && e.getBoundingClientRect().right > window.innerWidth + 1);
          figures.push({ id: fig.id, finished: !!fig.querySelector(".schedule-list > li.schedule-reached"), inside: inside.map((e) => e.className || e.tagName), past: past.map((e) => e.className || e.tagName) });
        }
        return { wide, width: document.documentElement.scrollWidth, diagrams, charts, figures };
      });
      if (found.wide) fail(`phone: ${current} scrolls sideways (${found.width} px wide at 375 px)`);
      for (const f of found.figures) {
        phoneFigures += 1;
        if (!f.finished) fail(`phone: ${current}: #${f.id} marked no output reached after "Random schedule"`);
        if (f.inside.length > 0) fail(`phone: ${current}: in #${f.id}, these scroll sideways at 375 px: ${f.inside.join(", ")}`);
        if (f.past.length > 0) fail(`phone: ${current}: in #${f.id}, these run past the screen's right edge at 375 px: ${f.past.join(", ")}`);
      }
      for (const d of found.diagrams) {
        smallest = Math.min(smallest, d.px);
        if (d.px < 11) fail(`phone: ${current}: text of ${d.src} drawn at ${d.px.toFixed(1)} px, under 11`);
      }
      for (const c of found.charts) {
        charts += 1;
        smallestChart = Math.min(smallestChart, c.px);
        if (c.texts === 0) fail(`phone: ${current}: the chart of ${c.name} has no text (crates/book-model/src/bench/chart.rs)`);
        else if (!(c.px >= 11)) fail(`phone: ${current}: text of the chart of ${c.name} drawn at ${c.px.toFixed(1)} px, under 11 (crates/book-model/src/bench/chart.rs, theme/listings.css)`);
        if (c.overflows) fail(`phone: ${current}: the chart of ${c.name} runs past the screen's right edge at 375 px`);
      }
    }
    await phone.close();
    console.log(`phone (375 px): no page scrolls sideways; smallest diagram text ${Number.isFinite(smallest) ? smallest.toFixed(1) + " px" : "(no diagram on these pages)"}; smallest chart text ${charts > 0 ? smallestChart.toFixed(1) + ` px (${charts} charts)` : "(no chart on these pages)"}; ${phoneFigures} figures to schedule, finished, fit the screen`);
    mark("phone");
  };

  // Weight against stock mdBook: every chapter page, ours (as the page pass
  // weighed it, or loaded here if that pass did not load it) against stock
  // mdBook's, loaded in a browser context of its own.
  const checkWeight = async () => {
    const names = (await readdir(bookDir)).filter(chapterPage);
    const stockNames = new Set(await readdir(stockDir));
    const [oursContext, stockContext] = await Promise.all([newContext(), newContext()]);
    let heaviest = { name: "", ratio: 0 };
    const figurePages = [];
    for (const name of names.filter((n) => stockNames.has(n))) {
      const oursWeight = weights.get(name) ?? (await pageWeight(oursContext, ours.base + name));
      const stockWeight = await pageWeight(stockContext, stock.base + name);
      if (oursWeight / stockWeight > heaviest.ratio) heaviest = { name, ratio: oursWeight / stockWeight, oursWeight, stockWeight };
      if (oursWeight > stockWeight) fail(`${name} weighs ${kb(oursWeight)}, more than stock mdBook's ${kb(stockWeight)}`);
      if (schedulePages.includes(name)) figurePages.push(`${name} ${kb(oursWeight)} (stock ${kb(stockWeight)})`);
    }
    await Promise.all([oursContext.close(), stockContext.close()]);
    if (figurePages.length > 0) console.log(`weight of the pages with a "Be the scheduler" figure: ${figurePages.join(", ")}`);
    console.log(
      `weight: ${names.length} chapter pages against stock mdBook's; the closest to it, ${heaviest.name}: ` +
        `ours ${kb(heaviest.oursWeight)}, stock ${kb(heaviest.stockWeight)}`,
    );
    mark("weight");
  };

  // The short checks first, side by side; then the page pass, whose two
  // tabs keep both cores busy; then what uses its weights, and the phone.
  await Promise.all([plan.search && checkSearch(), plan.themes && checkThemes()]);
  await checkPages();
  if (scheduleFigures > 0) {
    console.log(`schedule: ${scheduleFigures} figures on ${schedulePages.length} pages; on each, bookSchedule.explore(data) finds the outputs of its list and data`);
  }
  if (plan.pages.includes(DRIVE.page)) {
    if (!schedulePages.includes(DRIVE.page)) fail(`${DRIVE.page} has no "Be the scheduler" figure to drive`);
    else await driveSchedule();
  }
  await Promise.all([plan.weight && checkWeight(), checkPhone()]);
  if (plan.themes) await checkKeyboard();
  for (const url of new Set(outside)) fail(`a page asked for ${url}: only 127.0.0.1 may be contacted`);

  // The search index, on disk, for the record: captions are text, so it
  // holds them (searching "Listing 2.4" finds its page), and it is larger
  // than stock mdBook's by about that much.
  const oursIndex = await searchIndexSize(bookDir);
  const stockIndex = await searchIndexSize(stockDir);
  console.log(`search index: ours ${kb(oursIndex)}, stock mdBook ${kb(stockIndex)}`);

  const done = [`${plan.pages.length} pages loaded`];
  if (plan.search) done.push("search");
  if (plan.themes) done.push(`${themes.length} themes`);
  if (plan.weight) done.push("weight");
  console.log(`browser: ${done.join(", ")} checked; screenshots in ${screenshots}/`);
} finally {
  await browser.close();
  ours.server.close();
  stock.server.close();
}

if (failures.length > 0) {
  console.error(`browser check failed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
