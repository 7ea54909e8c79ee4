// What the browser checks and the PDF printer share: a static server for a
// built book on 127.0.0.1, and headless Chromium that can reach nothing else.

import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const types = {
  ".html": "text/html", ".js": "text/javascript", ".css": "text/css",
  ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2",
  ".json": "application/json", ".txt": "text/plain",
};

// A static file server for one directory, on a free port of 127.0.0.1.
// Paths under `siteUrl` (book.toml's site-url, such as "/book/") are served
// from the directory's root, as GitHub Pages would.
export async function serve(dir, siteUrl) {
  const server = createServer(async (request, response) => {
    let path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (siteUrl !== "/" && path.startsWith(siteUrl)) path = path.slice(siteUrl.length - 1);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(dir, path));
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

// Headless Chromium ($CHROMIUM, else /usr/bin/chromium) that resolves no
// host but 127.0.0.1.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}
