"use strict";
// The zzprint watch page: builds arrive as Server-Sent Events (never polled) and are drawn as SVG.
// Every value from the server that came from the user's files is set with textContent: article
// text is data, never markup.  Only the server's own drawings (glyph outlines, block SVG made of
// numbers and ids) are parsed as markup.
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const PX_PER_PT = 96 / 72;
const items = new Map();  // item id → its SVG element, kept while the page uses it
let shown = null;  // the last build message
let zoom = "fit";

function status(text) { $("status").textContent = text; }

// The words of the page in the reader's language, from the server: say("built", {time: …}).
const WORDS = window.ZZ_WORDS || {};
function say(key, values) { return WORDS[key].replace(/\{(\w+)\}/g, (m, k) => values[k]); }

function element(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.append(e);
  return e;
}

// A page is a <div class="sheet">; each block of it its own small <svg class="block"> placed over
// the area it draws in, with its own compositing layer (will-change): a new block is painted
// alone, the others are not even redrawn.  The fault marks are one more <svg> on top.
function sheet(index) {
  const sheets = $("sheets");
  let div = sheets.children[index];
  if (!div) {
    div = document.createElement("div");
    div.className = "sheet";
    div.dataset.page = index + 1;
    div.blocks = new Map();  // block key → its <svg>
    const marks = element("svg", {class: "marks"});
    div.append(marks);
    div.addEventListener("click", (e) => pick(div, e));
    sheets.append(div);
  }
  return div;
}

function draw(s) {
  if (s.full) { items.clear(); $("glyphs").firstElementChild.replaceChildren(); }
  const paths = [];
  for (const [name, d] of Object.entries(s.glyphs)) paths.push(`<path id="${name}" d="${d}"/>`);
  if (paths.length) $("glyphs").firstElementChild.insertAdjacentHTML("beforeend", paths.join(""));
  // Every new item in one parse: each is one element, in the order sent.
  const ids = Object.keys(s.new_items);
  if (ids.length) {
    const parsed = element("svg");
    parsed.innerHTML = Object.values(s.new_items).join("");
    [...parsed.children].forEach((e, n) => { e.dataset.item = ids[n]; items.set(ids[n], e); });
  }
  const used = new Set();
  const sheets = $("sheets");
  while (sheets.children.length > s.pages.length) sheets.lastElementChild.remove();
  s.pages.forEach((p, i) => {
    const div = sheet(i);
    div.dataset.width = p.width; div.dataset.height = p.height;
    const marks = div.querySelector("svg.marks");
    marks.setAttribute("viewBox", `0 0 ${p.width} ${p.height}`);
    const px = pxPerPt(div);
    const keys = new Set(p.blocks.map((b) => b.key));
    for (const svg of [...div.getElementsByClassName("block")]) if (!keys.has(svg.dataset.key)) svg.remove();
    const placed = div.getElementsByClassName("block");  // live, in paint order
    p.blocks.forEach((b, n) => {
      let svg = div.blocks.get(b.key);
      if (!svg || !svg.isConnected) {
        svg = element("svg", {class: "block"});
        svg.dataset.key = b.key;
        div.blocks.set(b.key, svg);
      }
      if (placed[n] !== svg) div.insertBefore(svg, placed[n] || marks);
      if (String(svg.box) !== String(b.box)) {
        svg.box = b.box;
        svg.setAttribute("viewBox", b.box.join(" "));
        place(svg, px);
      }
      // Touch only what changed: the items that went are removed, the new ones inserted in
      // their place (paint order); the others stay put (moving one would make the browser redo it).
      const want = b.items.map((id) => { used.add(id); return items.get(id); });
      const keep = new Set(want);
      for (const child of [...svg.children]) if (!keep.has(child)) child.remove();
      want.forEach((e, k) => { if (svg.children[k] !== e) svg.insertBefore(e, svg.children[k] || null); });
    });
  });
  for (const id of [...items.keys()]) if (!used.has(id)) items.delete(id);
  marks(s);
  scale();
}

// The viewer's height, read on resize only: reading it after a DOM change would force a layout
// in the middle of showing a build.
let viewerHeight = 0;
function measure() { viewerHeight = $("viewer").clientHeight; }

function pxPerPt(div) {
  return zoom === "fit" ? Math.max(0.1, (viewerHeight - 36) / +div.dataset.height) : zoom * PX_PER_PT;
}

function place(svg, px) {
  const [x, y, w, h] = svg.box;
  const style = svg.style;
  style.left = `${x * px}px`; style.top = `${y * px}px`;
  style.width = `${w * px}px`; style.height = `${h * px}px`;
}

function marks(s) {
  document.querySelectorAll(".sheet svg.marks").forEach((g) => g.replaceChildren());
  for (const f of s.marks) {
    const div = $("sheets").children[f.page - 1];
    if (!div || !f.box) continue;
    const g = div.querySelector("svg.marks");
    const w = +div.dataset.width, h = +div.dataset.height;
    const clip = ([x, y, bw, bh]) => {  // text below the page is marked at the page's foot
      const x0 = Math.min(Math.max(x, 0), w - 4), y0 = Math.min(Math.max(y, 0), h - 4);
      return [x0, y0, Math.max(Math.min(x + bw, w), x0 + 4) - x0, Math.max(Math.min(y + bh, h), y0 + 4) - y0];
    };
    for (const part of [f.box, ...f.parts]) {
      const [x, y, bw, bh] = clip(part);
      const r = element("rect", {class: "fault", x: x - 1.5, y: y - 1.5, width: bw + 3, height: bh + 3}, g);
      r.dataset.kind = f.kind;
      r.dataset.article = f.article;
    }
    const [x, y] = clip(f.box);
    const label = `${f.name} ${f.kind} · ${f.article || say("page", {number: f.page})}`;
    const tabY = y - 12 >= 0 ? y - 12 : y + 1.5;
    const tab = element("rect", {class: "tab", x: x - 1.5, y: tabY, width: label.length * 5 + 6, height: 10.5}, g);
    tab.dataset.kind = f.kind;
    const text = element("text", {x: x + 1, y: tabY + 8}, g);
    text.textContent = label;
    const title = element("title", {}, text);
    title.textContent = f.report;
  }
}

function scale() {
  document.querySelectorAll(".sheet").forEach((div) => {
    const px = pxPerPt(div);
    if (div.px === px) return;
    div.px = px;
    div.style.width = `${+div.dataset.width * px}px`;
    div.style.height = `${+div.dataset.height * px}px`;
    div.querySelectorAll(":scope > svg.block").forEach((svg) => place(svg, px));
  });
  document.querySelectorAll("#zoom button").forEach((b) => b.classList.toggle("on", b.dataset.zoom === String(zoom)));
  document.body.dataset.zoom = zoom;
}

function setZoom(z) {
  const viewer = $("viewer");
  const fx = (viewer.scrollLeft + viewer.clientWidth / 2) / Math.max(1, viewer.scrollWidth);
  const fy = (viewer.scrollTop + viewer.clientHeight / 2) / Math.max(1, viewer.scrollHeight);
  zoom = z;
  scale();
  viewer.scrollLeft = fx * viewer.scrollWidth - viewer.clientWidth / 2;
  viewer.scrollTop = fy * viewer.scrollHeight - viewer.clientHeight / 2;
}

function problems(s) {
  const error = $("error");
  document.body.classList.toggle("stale", !s.ok);
  if (s.ok) { error.hidden = true; error.replaceChildren(); return; }
  const head = document.createElement("div");
  head.textContent = s.pages.length ? "The input is broken — the last good page is shown dimmed:" : "The input is broken:";
  const rows = s.problems.map((p) => {
    const row = document.createElement("div");
    row.className = "problem";
    const where = document.createElement("span");
    where.className = "where"; where.textContent = p.where + ": ";
    row.append(where, p.message);
    if (p.hint) {
      const hint = document.createElement("div");
      hint.className = "hint"; hint.textContent = "— " + p.hint;
      row.append(hint);
    }
    return row;
  });
  error.replaceChildren(head, ...rows);
  error.hidden = false;
}

function side(s) {
  const warnings = $("warnings");
  warnings.replaceChildren();
  if (s.overset.length) {
    const div = document.createElement("div");
    div.id = "overset"; div.className = "overset";
    div.textContent = say("overset", {articles: s.overset.join("; ")});
    warnings.append(div);
  }
  if (s.marks.length) {
    const div = document.createElement("div");
    div.id = "faults"; div.className = "faults";
    div.append(say("faults", {}));
    for (const f of s.marks) {
      const row = document.createElement("div");
      const where = document.createElement("span");
      where.className = "where"; where.textContent = f.where + ": ";
      row.append(where, `${f.name} ${f.kind} · ${f.article || say("page", {number: f.page})}: ${f.message}` + (f.hint ? " — " + f.hint : ""));
      row.dataset.kind = f.kind;
      div.append(row);
    }
    warnings.append(div);
  }
  const body = $("fits").tBodies[0];
  body.replaceChildren();
  for (const f of s.fits) {
    const row = body.insertRow();
    row.dataset.article = f.id;
    if (f.overset_chars || f.short_lines) row.className = "bad";
    for (const text of [f.id, say("capacity", {lines: f.capacity_lines, chars: f.capacity_chars}),
                        say("lines", {lines: f.used_lines}), f.status]) {
      row.insertCell().textContent = text;
    }
    for (const hint of f.hints) {
      const cell = body.insertRow().insertCell();
      cell.colSpan = 4; cell.className = "hint"; cell.textContent = hint;
    }
  }
  if (s.hints_pending) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = 4; cell.className = "hint"; cell.textContent = say("finding", {});
  }
}

async function pick(div, e) {
  const rect = div.getBoundingClientRect(), px = pxPerPt(div);
  const x = (e.clientX - rect.left) / px, y = (e.clientY - rect.top) / px;
  const response = await fetch(`/source?page=${div.dataset.page}&x=${x.toFixed(2)}&y=${y.toFixed(2)}`);
  const found = await response.json();
  const panel = $("source");
  const marks = div.querySelector("svg.marks");
  document.querySelectorAll("svg.marks rect.picked").forEach((r) => r.remove());
  if (!found) { panel.hidden = true; return; }
  const [bx, by, bw, bh] = found.box;
  element("rect", {class: "picked", x: bx - 1, y: by - 1, width: bw + 2, height: bh + 2}, marks);
  const where = document.createElement("div");
  where.className = "where"; where.textContent = `${found.file}:${found.line}`;
  const what = document.createElement("div");
  what.textContent = `${found.what}: «${found.text}»`;
  panel.replaceChildren(where, what);
  panel.dataset.file = found.file; panel.dataset.line = found.line;
  panel.hidden = false;
}

// When each build arrived, was in the DOM and was painted (epoch ms: the clock a tool that saved
// the file reads too), for bench/watch_latency.py.
window.zzprintTimes = {};

function show(s) {
  const arrived = Date.now();
  const newBuild = !shown || shown.build !== s.build;
  shown = s;
  $("spec").textContent = s.spec;
  draw(s);
  problems(s);
  side(s);
  status(say(s.ok ? "built" : "failed", {time: s.built_at, seconds: s.build_seconds.toFixed(2), build: s.build}));
  if (newBuild) {
    const times = window.zzprintTimes[s.build] = {arrived, shown: Date.now(), ok: s.ok, inputs: s.inputs};
    document.body.dataset.build = s.build;
    document.body.dataset.ok = s.ok;
    // Set after the frame that shows it has been painted (a task after the animation frame).
    requestAnimationFrame(() => setTimeout(() => {
      times.painted = Date.now();
      document.body.dataset.painted = s.build;
    }, 0));
  }
}

const events = new EventSource("/events");
events.addEventListener("build", (e) => show(JSON.parse(e.data)));
events.onerror = () => status(say("unreachable", {}));
document.querySelectorAll("#zoom button").forEach((b) => b.addEventListener("click", () =>
  setZoom(b.dataset.zoom === "fit" ? "fit" : +b.dataset.zoom)));
document.addEventListener("keydown", (e) => {
  const steps = [1, 2, 4];
  const now = zoom === "fit" ? 0 : steps.indexOf(zoom);
  if (e.key === "+" || e.key === "=") setZoom(steps[Math.min(steps.length - 1, now + 1)]);
  else if (e.key === "-") setZoom(now <= 0 ? "fit" : steps[now - 1]);
  else if (e.key === "0") setZoom("fit");
});
window.addEventListener("resize", () => { measure(); scale(); });
measure();
