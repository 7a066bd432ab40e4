// The search page: reads the form, asks /search and /timeline, draws the answer.
// Plain browser JavaScript, no build step. The URL always mirrors the form, so a
// search can be bookmarked, shared and navigated with the browser's back button.
"use strict";

const PAGE_SIZE = 10;
const TYPE_NAMES = { article: "Artikel", comment: "Kommentar" };
const FILTERS = ["source", "type", "since", "until", "sort"];
const form = document.getElementById("suche");
const $ = (id) => document.getElementById(id);
let offset = 0;
let inFlight = null;
// Declared keyword fields of the index (from /stats): one checkbox facet each.
let keywordFields = [];

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

// Snippets come from the API HTML-escaped, with matches in <mark>; nothing else is HTML.
function snippet(html) {
  const paragraph = el("p", { class: "snippet" });
  paragraph.innerHTML = html;
  return paragraph;
}

// Only http(s) URLs become links: javascript:, data: and the like stay text.
function webUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function formatDate(iso) {
  if (!iso) return "ohne Datum";
  const [day, time] = iso.split("T");
  const [year, month, date] = day.split("-");
  const clock = time && time.slice(0, 5) !== "00:00" ? `, ${time.slice(0, 5)} Uhr` : "";
  // The outlet's local time as written; its UTC offset when the source gave one.
  const zone = time && /[+-]\d\d:\d\d$/.test(time) ? ` (UTC${time.slice(-6)})` : "";
  return `${date}.${month}.${year}${clock}${clock ? zone : ""}`;
}

function formatPeriod(period) {
  const [year, month] = period.split("-");
  if (!month || period.length !== 7) return period;
  const moment = new Date(Number(year), Number(month) - 1, 1);
  return moment.toLocaleDateString("de-DE", { month: "short", year: "numeric" });
}

// -- state: form <-> URL <-> API parameters ---------------------------------------

function filterParams() {
  const params = new URLSearchParams();
  const data = new FormData(form);
  const query = (data.get("q") || "").trim();
  if (query) params.set("q", query);
  for (const name of FILTERS) {
    // Until the checkboxes are drawn, the URL's selection stands in for them.
    const values = name === "source" || name === "type" ? pendingSelection(name) : data.getAll(name);
    for (const value of values) {
      if (value && !(name === "sort" && value === "relevance")) params.append(name, value);
    }
  }
  for (const field of keywordFields) {
    for (const value of pendingSelection(fieldBox(field))) {
      params.append("where", `${field}=${value}`);
    }
  }
  return params;
}

function loadFromUrl() {
  const params = new URLSearchParams(location.search);
  $("q").value = params.get("q") || "";
  $("since").value = params.get("since") || "";
  $("until").value = params.get("until") || "";
  $("sort").value = params.get("sort") || "relevance";
  offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  // Checkboxes are drawn from the facets; remember what the URL ticked until then.
  const pending = { source: params.getAll("source"), type: params.getAll("type") };
  for (const condition of params.getAll("where")) {
    const [field, ...rest] = condition.split("=");
    (pending[fieldBox(field)] ||= []).push(rest.join("="));
  }
  form.dataset.pending = JSON.stringify(pending);
}

// Checkbox names of declared fields stay apart from the form's own (q, sort, …).
function fieldBox(field) {
  return `feld-${field}`;
}

function pendingSelection(name) {
  const pending = form.dataset.pending ? JSON.parse(form.dataset.pending) : null;
  if (pending) return pending[name] || [];
  return new FormData(form).getAll(name);
}

function pageUrl() {
  const params = filterParams();
  if (offset) params.set("offset", String(offset));
  const text = params.toString();
  return text ? `/?${text}` : "/";
}

// -- talking to the API ---------------------------------------------------------------

async function getJson(url, signal) {
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

async function run({ push = true } = {}) {
  if (inFlight) inFlight.abort();
  inFlight = new AbortController();
  const signal = inFlight.signal;
  const filters = filterParams();
  if (push && pageUrl() !== location.pathname + location.search) {
    history.pushState(null, "", pageUrl());
  }
  const params = new URLSearchParams(filters);
  params.set("group", "article");
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String(offset));
  if (keywordFields.length) params.set("facets", ["source", "date", "type", ...keywordFields].join(","));
  $("status").textContent = "Suche läuft …";
  form.setAttribute("aria-busy", "true");
  try {
    const results = await getJson(`/search?${params}`, signal);
    showResults(results, filters);
    drawTimeline(filters, signal);
  } catch (error) {
    if (error.name === "AbortError") return;
    showError(error.message);
  } finally {
    if (!signal.aborted) form.removeAttribute("aria-busy");
  }
}

function showError(message) {
  $("status").textContent = "";
  $("fehler").hidden = false;
  $("fehler").textContent = `Die Suche ist fehlgeschlagen: ${message}`;
  $("treffer").replaceChildren();
  for (const id of ["seiten", "export", "vorschlag", "zeitverlauf"]) $(id).hidden = true;
}

// -- drawing the results ------------------------------------------------------------

function showResults(results, filters) {
  $("fehler").hidden = true;
  const selected = { source: pendingSelection("source"), type: pendingSelection("type") };
  for (const field of keywordFields) selected[fieldBox(field)] = pendingSelection(fieldBox(field));
  delete form.dataset.pending;
  drawFacet("source", results.facets.source || [], selected.source, (value) => value);
  drawFacet("type", results.facets.type || [], selected.type, (v) => TYPE_NAMES[v] || v);
  for (const field of keywordFields) {
    const name = fieldBox(field);
    drawFacet(name, results.facets[field] || [], selected[name], (value) => value);
  }
  drawDates(results.facets.date || []);
  drawStatus(results);
  drawSuggestion(results.suggestion);
  $("treffer").replaceChildren(...results.hits.map(drawHit));
  $("treffer").setAttribute("start", String(results.offset + 1));
  drawPager(results);
  drawExport(filters, results.total);
}

function drawStatus(results) {
  const query = results.query ? ` für „${results.query}“` : "";
  if (!results.total) {
    $("status").textContent = `Keine Treffer${query}.`;
    return;
  }
  const first = results.offset + 1;
  const last = results.offset + results.hits.length;
  const range = results.hits.length ? ` – angezeigt: ${first} bis ${last}` : "";
  $("status").textContent = `${results.total} Treffer${query}${range}`;
}

function drawSuggestion(suggestion) {
  $("vorschlag").hidden = !suggestion;
  if (!suggestion) return;
  const link = $("vorschlag-link");
  link.textContent = suggestion;
  link.href = `/?${new URLSearchParams({ q: suggestion })}`;
}

// One checkbox per value, with its count; ticked values stay even when their count is 0.
function drawFacet(name, values, selected, label) {
  const counts = new Map(values.map((item) => [item.value, item.count]));
  for (const value of selected) if (!counts.has(value)) counts.set(value, 0);
  const options = [...counts].map(([value, count], position) => {
    const id = `f-${name}-${position}`;
    const box = el("input", {
      type: "checkbox", id, name, value, checked: selected.includes(value),
    });
    return el(
      "div",
      { class: "option", "data-facet": name, "data-value": value },
      box,
      el("label", { for: id }, label(value), " ", el("span", { class: "anzahl" }, `(${count})`)),
    );
  });
  const container = $(`facette-${name}`).querySelector(".optionen");
  container.replaceChildren(...(options.length ? options : [el("p", { class: "leer" }, "–")]));
}

function drawDates(buckets) {
  const items = buckets
    .slice()
    .sort((a, b) => a.value.localeCompare(b.value))
    .map((bucket) => {
      const button = el(
        "button",
        { type: "button", class: "datum-wert", "data-value": bucket.value },
        `${formatPeriod(bucket.value)} (${bucket.count})`,
      );
      button.addEventListener("click", () => {
        $("since").value = bucket.value;
        $("until").value = bucket.value;
        restart();
      });
      return el("li", {}, button);
    });
  $("datum-werte").replaceChildren(...items);
  $("zeitraum-loeschen").hidden = !($("since").value || $("until").value);
}

function drawHit(hit, position) {
  const isComment = hit.type === "comment";
  const title = (isComment ? "Kommentar zu: " : "") + (hit.title || "(ohne Titel)");
  const link = webUrl(hit.url);
  const heading = el("h3", { class: "titel" }, link ? el("a", { href: link }, title) : title);
  const meta = [TYPE_NAMES[hit.type] || hit.type, hit.source, formatDate(hit.date), hit.author];
  const item = el(
    "li",
    { class: `treffer ${hit.type}`, "data-id": hit.id },
    heading,
    el("p", { class: "meta" }, meta.filter(Boolean).join(" · ")),
    snippet(hit.snippet),
  );
  if (hit.matched_in === "comments") {
    item.append(el("p", { class: "hinweis" }, "Treffer nur in den Leserkommentaren"));
  }
  if (hit.comments && hit.comments.length) item.append(...drawComments(hit, position));
  item.append(drawFullText(hit.id));
  return item;
}

// Matching comments sit under their article, folded; the button opens the thread.
function drawComments(hit, position) {
  const listId = `kommentare-${offset + position}`;
  const count = hit.comments.length;
  const noun = count === 1 ? "passenden Kommentar" : "passende Kommentare";
  const toggle = el(
    "button",
    { type: "button", class: "kommentare-umschalten", "aria-expanded": "false",
      "aria-controls": listId },
    `${count} ${noun} anzeigen`,
  );
  const list = el(
    "ol",
    { class: "kommentare", id: listId, hidden: true },
    ...hit.comments.map((comment) =>
      el(
        "li",
        { class: "kommentar", "data-id": comment.id },
        el("p", { class: "meta" }, [comment.author || "anonym", formatDate(comment.date)].join(" · ")),
        snippet(comment.snippet),
      ),
    ),
  );
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = `${count} ${noun} ${open ? "ausblenden" : "anzeigen"}`;
    list.hidden = !open;
  });
  return [toggle, list];
}

// The whole stored text, fetched when the reader opens it.
function drawFullText(id) {
  const body = el("div", { class: "volltext" });
  const details = el("details", {}, el("summary", {}, "Volltext"), body);
  details.addEventListener("toggle", async () => {
    if (!details.open || body.childElementCount) return;
    try {
      const doc = await getJson(`/documents/${encodeURIComponent(id)}`);
      body.append(...doc.text.split("\n").filter((line) => line.trim()).map((line) => el("p", {}, line)));
    } catch (error) {
      body.append(el("p", { role: "alert" }, error.message));
    }
  });
  return details;
}

function drawPager(results) {
  const pages = Math.ceil(results.total / PAGE_SIZE);
  $("seiten").hidden = pages <= 1;
  $("seite").textContent = `Seite ${Math.floor(results.offset / PAGE_SIZE) + 1} von ${pages}`;
  $("zurueck").disabled = results.offset <= 0;
  $("weiter").disabled = results.offset + PAGE_SIZE >= results.total;
}

function drawExport(filters, total) {
  $("export").hidden = !total;
  for (const format of ["csv", "jsonl"]) {
    const params = new URLSearchParams(filters);
    params.set("format", format);
    $(`export-${format}`).href = `/export?${params}`;
  }
}

// -- the attention-over-time chart (inline SVG) ------------------------------------

async function drawTimeline(filters, signal) {
  const params = new URLSearchParams(filters);
  params.delete("sort");
  params.set("interval", "month");
  let points;
  try {
    points = await getJson(`/timeline?${params}`, signal);
  } catch (error) {
    if (error.name !== "AbortError") $("zeitverlauf").hidden = true;
    return;
  }
  const anything = points.some((point) => point.count > 0);
  $("zeitverlauf").hidden = !anything;
  $("diagramm").replaceChildren(...(anything ? [chart(points), table(points)] : []));
}

function chart(points) {
  const ns = "http://www.w3.org/2000/svg";
  const svgEl = (tag, attributes, ...children) => {
    const node = document.createElementNS(ns, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };
  const width = 640, height = 180, bottom = 30, top = 20;
  const slot = width / points.length;
  const highest = Math.max(...points.map((point) => point.share), 0.0001);
  const svg = svgEl("svg", {
    viewBox: `0 0 ${width} ${height}`, class: "diagramm", role: "img",
    "aria-label": "Anteil der Treffer je Monat als Balkendiagramm; Werte in der Tabelle darunter",
  });
  points.forEach((point, index) => {
    const barHeight = ((height - bottom - top) * point.share) / highest;
    const x = index * slot + slot * 0.15;
    const y = height - bottom - barHeight;
    const percent = (point.share * 100).toLocaleString("de-DE", { maximumFractionDigits: 1 });
    const title = `${formatPeriod(point.period)}: ${point.count} von ${point.total} Dokumenten (${percent} %)`;
    svg.append(
      svgEl("rect", { x, y, width: slot * 0.7, height: Math.max(barHeight, 1), class: "balken" },
        svgEl("title", {}, title)),
      svgEl("text", { x: x + slot * 0.35, y: y - 4, class: "wert" }, `${percent} %`),
      svgEl("text", { x: x + slot * 0.35, y: height - 10, class: "periode" }, formatPeriod(point.period)),
    );
  });
  return svg;
}

function table(points) {
  const row = (cells, tag) => el("tr", {}, ...cells.map((cell) => el(tag, {}, String(cell))));
  return el(
    "table",
    { class: "visually-hidden" },
    el("caption", {}, "Treffer je Monat"),
    row(["Monat", "Treffer", "Dokumente", "Anteil"], "th"),
    ...points.map((point) =>
      row([formatPeriod(point.period), point.count, point.total,
        `${(point.share * 100).toFixed(1)} %`], "td"),
    ),
  );
}

// -- wiring ---------------------------------------------------------------------------

function restart() {
  offset = 0;
  run();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  restart();
});
form.addEventListener("change", (event) => {
  // Ticking a box or choosing an order searches at once; typed text waits for Enter.
  if (event.target.matches("input[type=checkbox], select")) restart();
});
$("zeitraum-loeschen").addEventListener("click", () => {
  $("since").value = "";
  $("until").value = "";
  restart();
});
$("vorschlag-link").addEventListener("click", (event) => {
  event.preventDefault();
  $("q").value = $("vorschlag-link").textContent;
  restart();
});
for (const [id, step] of [["zurueck", -PAGE_SIZE], ["weiter", PAGE_SIZE]]) {
  $(id).addEventListener("click", () => {
    offset = Math.max(0, offset + step);
    run().then(() => $("ergebnisse").focus());
  });
}
window.addEventListener("popstate", () => {
  loadFromUrl();
  run({ push: false });
});

// A fieldset per declared keyword field, before the dates; then the first search.
async function start() {
  // The form shows the URL's search at once: what someone types while /stats is on
  // its way must not be overwritten when it arrives.
  loadFromUrl();
  try {
    const stats = await getJson("/stats");
    keywordFields = Object.entries(stats.fields || {})
      .filter(([, kind]) => kind === "keyword")
      .map(([field]) => field);
  } catch {
    keywordFields = [];
  }
  for (const field of keywordFields) {
    const fieldset = el(
      "fieldset",
      { id: `facette-${fieldBox(field)}`, class: "facette", "data-field": field },
      el("legend", {}, field),
      el("div", { class: "optionen" }),
    );
    $("facette-datum").before(fieldset);
  }
  run({ push: false });
}

start();
