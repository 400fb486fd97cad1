// The evidence view's behaviour: select an item to highlight its sentences, select a
// sentence to list the items citing it. No network, no storage. Included by Jinja: no
// double braces or brace-hash in here.
(() => {
  "use strict";
  const marks = [...document.querySelectorAll("mark[data-sentence-id]")];
  const items = [...document.querySelectorAll("button.item[data-sentences]")];
  const status = document.getElementById("status");
  const clearButton = document.getElementById("clear");
  const list = document.getElementById("items");
  const panel = document.getElementById("citing");
  const panelTitle = panel.querySelector(".popover-title");
  const panelList = panel.querySelector(".popover-list");
  const panelClose = panel.querySelector(".popover-close");
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  const idsOf = (el) => (el.dataset.sentences || "").split(" ").filter(Boolean);
  const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
  const marksById = new Map(marks.map((m) => [m.dataset.sentenceId, m]));
  const citing = new Map();
  for (const item of items) {
    for (const id of idsOf(item)) {
      if (!citing.has(id)) citing.set(id, []);
      citing.get(id).push(item);
    }
  }
  let opener = null;

  function clearSelection() {
    for (const m of marks) m.classList.remove("active");
    for (const it of items) {
      it.classList.remove("active");
      it.setAttribute("aria-pressed", "false");
    }
    document.body.classList.remove("selecting");
    clearButton.disabled = true;
    status.textContent = "Nothing selected.";
  }

  function revealInList(item) {
    // Only where the item list scrolls on its own (the desktop column).
    if (list.scrollHeight <= list.clientHeight + 1) return;
    const r = item.getBoundingClientRect();
    const lr = list.getBoundingClientRect();
    if (r.top < lr.top + 48 || r.bottom > lr.bottom) list.scrollTop += r.top - lr.top - 64;
  }

  function select(item, how) {
    clearSelection();
    item.classList.add("active");
    item.setAttribute("aria-pressed", "true");
    const hit = idsOf(item).map((id) => marksById.get(id)).filter(Boolean);
    for (const m of hit) m.classList.add("active");
    document.body.classList.add("selecting");
    clearButton.disabled = false;
    status.textContent = item.dataset.name + ": " +
      (hit.length ? plural(hit.length, "sentence") + " highlighted" : "no cited sentence") + ".";
    if (how.scroll && hit.length) {
      hit[0].scrollIntoView({ block: "center", behavior: reduced ? "auto" : "smooth" });
    }
    if (how.reveal) revealInList(item);
  }

  function place(mark) {
    const r = mark.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const pw = panel.offsetWidth;
    const left = Math.max(8, Math.min(r.left, width - pw - 8));
    panel.style.left = Math.round(left + window.scrollX) + "px";
    panel.style.top = Math.round(r.bottom + window.scrollY + 6) + "px";
  }

  function closePanel(returnFocus) {
    if (panel.hidden) return;
    panel.hidden = true;
    if (opener) {
      opener.classList.remove("current");
      opener.setAttribute("aria-expanded", "false");
      if (returnFocus) opener.focus({ preventScroll: true });
    }
    opener = null;
  }

  function openPanel(mark) {
    if (opener === mark) {
      closePanel(true);
      return;
    }
    closePanel(false);
    opener = mark;
    mark.classList.add("current");
    mark.setAttribute("aria-expanded", "true");
    const id = mark.dataset.sentenceId;
    const its = citing.get(id) || [];
    panelTitle.textContent = "Sentence " + id + " is cited by " + plural(its.length, "item") + ":";
    panelList.replaceChildren(...its.map((item) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "k-" + item.dataset.kind;
      b.dataset.target = item.id;
      b.textContent = item.dataset.label;
      b.addEventListener("click", () => {
        select(item, { scroll: false, reveal: true });
        closePanel(true);
      });
      li.append(b);
      return li;
    }));
    panel.hidden = false;
    place(mark);
    const first = panelList.querySelector("button") || panelClose;
    first.focus({ preventScroll: true });
    const pr = panel.getBoundingClientRect();
    if (pr.bottom > window.innerHeight) panel.scrollIntoView({ block: "nearest" });
  }

  for (const item of items) item.addEventListener("click", () => select(item, { scroll: true }));
  for (const mark of marks) {
    mark.addEventListener("click", (e) => {
      e.stopPropagation();
      openPanel(mark);
    });
    mark.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        openPanel(mark);
      } else if (e.key === " ") {
        e.preventDefault(); // no page scroll; opens on keyup, like a native button
      }
    });
    mark.addEventListener("keyup", (e) => {
      if (e.key === " ") {
        e.preventDefault();
        openPanel(mark);
      }
    });
  }
  panelClose.addEventListener("click", () => closePanel(true));
  clearButton.addEventListener("click", clearSelection);
  document.addEventListener("click", (e) => {
    if (!panel.hidden && !panel.contains(e.target)) closePanel(false);
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    if (!panel.hidden) closePanel(true);
    else clearSelection();
  });
  const openTarget = () => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  };
  window.addEventListener("hashchange", openTarget);
  // On desktop the item column scrolls on its own: jump inside it, not the whole page.
  for (const a of document.querySelectorAll('.jump a[href^="#"]')) {
    a.addEventListener("click", (e) => {
      const target = document.getElementById(a.getAttribute("href").slice(1));
      if (!target || !list.contains(target) || list.scrollHeight <= list.clientHeight + 1) return;
      e.preventDefault();
      if (target.tagName === "DETAILS") target.open = true;
      const bar = list.querySelector(".toolbar");
      list.scrollTop += target.getBoundingClientRect().top - list.getBoundingClientRect().top -
        (bar ? bar.offsetHeight : 0) - 8;
    });
  }
  openTarget();
  window.addEventListener("resize", () => {
    if (opener) place(opener);
  });
})();
