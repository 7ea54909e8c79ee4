// Small fixes to mdBook's default theme for keyboard and screen-reader users,
// each found by axe-core or by driving the book with the keyboard (see
// tests/web/check-site.mjs). They set attributes on mdBook's own elements,
// and stand a button in for one label; no template is copied.
(() => {
    "use strict";

    // The sidebar toggle is a <label> for a hidden checkbox, which the
    // keyboard cannot reach, and a label may not take the role of a button
    // (axe: aria-allowed-role). With JavaScript it becomes a <button>: it
    // takes the label's attributes and icon, and a press clicks the label,
    // which stays in the page, hidden, because mdBook's book.js holds it:
    // its click shows the sidebar and toggles the checkbox, and book.js sets
    // its aria-expanded, which the button mirrors.
    const label = document.getElementById("mdbook-sidebar-toggle");
    if (label instanceof HTMLLabelElement) {
        const button = document.createElement("button");
        button.type = "button";
        // A button's text is smaller than the page's; the label's is not.
        button.style.fontSize = "inherit";
        for (const { name, value } of label.attributes) {
            if (name !== "for") button.setAttribute(name, value);
        }
        button.append(...label.childNodes);
        label.removeAttribute("id");
        label.hidden = true;
        label.after(button);
        button.addEventListener("click", () => label.click());
        new MutationObserver(() => {
            button.setAttribute("aria-expanded", label.getAttribute("aria-expanded"));
        }).observe(label, { attributeFilter: ["aria-expanded"] });
    }

    // Every part of the page in a landmark (axe: region): the menu bar is
    // the page's banner, and the search bar and its results a search region.
    document.getElementById("mdbook-menu-bar")?.setAttribute("role", "banner");
    document.getElementById("mdbook-search-wrapper")?.setAttribute("role", "search");

    // A code block, or a diagram's frame on a narrow screen, that scrolls
    // sideways must be reachable with the keyboard, and there the arrow keys
    // scroll it: mdBook's left and right arrows, which turn the page, stay
    // outside them.
    const scrollers = "pre > code, .diagram-frame";
    const scrollable = (element) => element.scrollWidth > element.clientWidth;
    const focusable = () => {
        for (const element of document.querySelectorAll(scrollers)) {
            if (scrollable(element)) {
                element.tabIndex = 0;
            } else {
                element.removeAttribute("tabindex");
            }
        }
    };
    for (const code of document.querySelectorAll(scrollers)) {
        code.addEventListener("keydown", (event) => {
            if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
                event.stopPropagation();
            }
        });
    }
    focusable();
    window.addEventListener("resize", focusable);

    // Buttons that say what they do. Copy leaves out a listing's hidden
    // lines (mdBook copies what is shown), so on such a block the button says
    // so; the whole program is in the listing's file, linked in the caption.
    for (const pre of document.querySelectorAll("pre")) {
        const copy = pre.querySelector(".clip-button");
        if (copy && pre.querySelector(".boring")) {
            const what = "Copy the lines shown (hidden lines are left out; the caption links the whole file)";
            copy.title = what;
            copy.setAttribute("aria-label", what);
        }
        // The Run button's result is the Rust Playground's, not the output
        // the book checked: label it as such when it appears.
        new MutationObserver(() => {
            const result = pre.querySelector(":scope > code.result");
            if (result && !pre.querySelector(":scope > .result-label")) {
                const label = document.createElement("span");
                label.className = "result-label";
                label.textContent = "Output of this run on the Rust Playground (not the book's checked output):";
                pre.insertBefore(label, result);
            }
        }).observe(pre, { childList: true });
    }
})();
