// The site's small behaviours: the theme toggle, the menu on narrow screens, and a copy button
// on every code block. The page works without them; they only add convenience.
"use strict";

const html = document.documentElement;
const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

function currentTheme() {
  return html.dataset.theme || (darkQuery.matches ? "dark" : "light");
}

document.querySelector(".theme-toggle")?.addEventListener("click", () => {
  const next = currentTheme() === "dark" ? "light" : "dark";
  html.dataset.theme = next;
  try {
    localStorage.setItem("theme", next);
  } catch {
    // Storage may be off (private windows, file:// pages): the choice lasts for this page only.
  }
});

const menu = document.querySelector(".menu-toggle");
menu?.addEventListener("click", () => {
  const open = document.body.classList.toggle("nav-open");
  menu.setAttribute("aria-expanded", String(open));
});

for (const block of document.querySelectorAll(".code")) {
  const pre = block.querySelector("pre");
  if (!pre || !navigator.clipboard) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  button.textContent = "Copy";
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(pre.textContent.replace(/\n$/, ""));
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select and copy";
    }
    setTimeout(() => (button.textContent = "Copy"), 1500);
  });
  block.append(button);
}
