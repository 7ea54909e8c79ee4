// Prints the built book's print page to a PDF, as a reader's browser would
// with "Save as PDF" (A4, the book's print styles, no background graphics).
//
//   node tests/web/print-pdf.mjs BOOK_DIR SITE_URL OUT.pdf
//
// `cargo xtask build` runs it; `cargo xtask site` then checks the PDF.

import { launch, serve } from "./browser.mjs";

if (process.argv.length !== 5) {
  console.error("usage: print-pdf.mjs BOOK_DIR SITE_URL OUT.pdf (cargo xtask build runs it)");
  process.exit(2);
}
const [bookDir, siteUrl, out] = process.argv.slice(2);
const browser = await launch();
const { server, base } = await serve(bookDir, siteUrl);
try {
  const page = await browser.newPage();
  // mdBook's print page opens the print dialog once it has loaded; the
  // PDF is made here instead.
  await page.addInitScript(() => {
    window.print = () => {};
  });
  await page.goto(base + "print.html", { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  // A "Be the scheduler" figure folds a long list of outputs in a <details>:
  // the PDF shows every list whole (and the PDF check looks for each).
  await page.evaluate(() => {
    for (const details of document.querySelectorAll(".figure-schedule details")) details.open = true;
  });
  // The PDF check's "no interactive part printed" means something only if
  // the script built them: every figure's interactive part must be there
  // (filled and shown on screen) before the print styles hide it.
  const unbuilt = await page.evaluate(() =>
    [...document.querySelectorAll(".figure-schedule")]
      .filter((fig) => {
        const box = fig.querySelector(".schedule");
        return !box || box.hidden || box.childElementCount === 0;
      })
      .map((fig) => fig.id),
  );
  if (unbuilt.length > 0) {
    throw new Error(`print.html: theme/schedule.js did not build the interactive part of ${unbuilt.join(", ")}`);
  }
  await page.emulateMedia({ media: "print" });
  await page.pdf({
    path: out,
    format: "A4",
    printBackground: false,
    margin: { top: "18mm", bottom: "18mm", left: "16mm", right: "16mm" },
    displayHeaderFooter: true,
    headerTemplate: "<span></span>",
    footerTemplate:
      '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
  });
} finally {
  await browser.close();
  server.close();
}
