// The query page: YASGUI on /sparql, the saved questions beside it, downloads, a link to share,
// and a bar chart (plain SVG) when a result has a text column and a number column.
(function () {
  "use strict";

  const root = document.getElementById("yasgui");
  if (!root || !window.Yasgui) return;
  const endpoint = new URL(root.dataset.endpoint || "/sparql", window.location.href).toString();
  const base = root.dataset.base || "";
  const prefixes = JSON.parse(root.dataset.prefixes || "{}");
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt"].map(
    (t) => "http://www.w3.org/2001/XMLSchema#" + t));
  const SVG = "http://www.w3.org/2000/svg";
  const FIRST_QUERY = "health-checks-3-4";

  function byId(id) { return document.getElementById(id); }

  function isNumber(cell) { return cell && cell.type === "literal" && NUMERIC.has(cell.datatype); }
  function isText(cell) { return cell && (cell.type === "literal" || cell.type === "typed-literal") && !isNumber(cell); }

  // The rule of server/charts.py: the first text column with distinct values (else all text columns
  // joined) as labels, the chosen number column (the first by default) as values.
  function chartShape(vars, bindings) {
    if (!bindings.length || bindings.length > 60) return null;
    const filled = vars.map((v) => bindings.map((b) => b[v]).filter((c) => c && c.value !== ""));
    const numbers = vars.filter((v, i) => filled[i].length && filled[i].every(isNumber));
    const texts = vars.filter((v, i) => filled[i].length && !numbers.includes(v) && filled[i].every(isText));
    if (!numbers.length || !texts.length) return null;
    const unique = texts.filter((v) => {
      const values = bindings.map((b) => (b[v] ? b[v].value : ""));
      return values.every(Boolean) && new Set(values).size === bindings.length;
    });
    return { labels: unique.length ? [unique[0]] : texts, numbers: numbers };
  }

  // The number column with the most different values (the first of those): a constant total says little.
  function mostVaried(columns, bindings) {
    const spread = (v) => new Set(bindings.map((b) => (b[v] ? Number(b[v].value) : NaN))).size;
    return columns.reduce((best, v) => (spread(v) > spread(best) ? v : best), columns[0]);
  }

  function formatNumber(text) {
    const n = Number(text);
    return Number.isFinite(n) ? n.toLocaleString("fr-FR") : text;
  }

  function drawChart(vars, bindings) {
    const figure = byId("chart");
    const shape = chartShape(vars, bindings);
    figure.hidden = !shape;
    if (!shape) return;
    const select = byId("chart-value");
    const previous = select.value;
    select.replaceChildren(...shape.numbers.map((v) => new Option(v, v)));
    select.value = shape.numbers.includes(previous) ? previous : mostVaried(shape.numbers, bindings);
    const value = select.value;
    byId("chart-caption").textContent = value + " by " + shape.labels.join(" · ");
    const bars = bindings.filter((b) => isNumber(b[value])).map((b) => ({
      label: shape.labels.map((v) => (b[v] ? b[v].value : "")).filter(Boolean).join(" · ") || "—",
      value: Number(b[value].value),
      shown: formatNumber(b[value].value),
    }));
    const row = 26, top = 8, labelWidth = 260, width = 720, span = width - labelWidth - 110;
    const peak = Math.max(...bars.map((b) => Math.abs(b.value)), 0) || 1;
    const height = top * 2 + row * bars.length;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "chart");
    svg.setAttribute("role", "img");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    svg.setAttribute("aria-label", byId("chart-caption").textContent);
    bars.forEach((bar, n) => {
      const y = top + n * row;
      const length = Math.max(1, (Math.abs(bar.value) / peak) * span);
      const g = document.createElementNS(SVG, "g");
      g.setAttribute("class", "bar");
      const title = document.createElementNS(SVG, "title");
      title.textContent = bar.label + ": " + bar.shown;
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("class", "bar-label");
      label.setAttribute("x", String(labelWidth - 8));
      label.setAttribute("y", String(y + 17));
      label.setAttribute("text-anchor", "end");
      label.textContent = bar.label.length > 38 ? bar.label.slice(0, 37) + "…" : bar.label;
      const rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", String(labelWidth));
      rect.setAttribute("y", String(y + 4));
      rect.setAttribute("width", length.toFixed(1));
      rect.setAttribute("height", String(row - 8));
      rect.setAttribute("rx", "2");
      const shown = document.createElementNS(SVG, "text");
      shown.setAttribute("class", "bar-value");
      shown.setAttribute("x", (labelWidth + length + 6).toFixed(1));
      shown.setAttribute("y", String(y + 17));
      shown.textContent = bar.shown;
      g.append(title, label, rect, shown);
      svg.append(g);
    });
    byId("chart-body").replaceChildren(svg);
  }

  function localLinks(container) {
    if (!base) return;
    container.querySelectorAll("a.iri").forEach((link) => {
      const href = link.getAttribute("href") || "";
      if (href.startsWith(base)) {
        link.setAttribute("href", "/" + href.slice(base.length));
        link.setAttribute("target", "_self");
        link.removeAttribute("ref");
      }
    });
  }

  function resultUrl(query, format) {
    return "/sparql?" + new URLSearchParams({ query: query, format: format }).toString();
  }

  let current = { vars: [], bindings: [] };

  function showResults(tab) {
    const yasr = tab.getYasr();
    const results = yasr && yasr.results;
    const tools = byId("result-tools");
    if (!results || results.hasError()) {
      tools.hidden = true;
      byId("chart").hidden = true;
      return;
    }
    const query = tab.getQuery();
    tools.hidden = false;
    const tabular = results.getVariables && results.getVariables().length > 0;
    byId("download-csv").href = resultUrl(query, tabular ? "csv" : "turtle");
    byId("download-csv").textContent = tabular ? "Download CSV" : "Download Turtle";
    byId("download-json").href = resultUrl(query, tabular ? "json" : "jsonld");
    byId("download-json").textContent = tabular ? "Download JSON" : "Download JSON-LD";
    byId("share").dataset.link = tab.getShareableLink(window.location.origin + window.location.pathname);
    byId("share-status").textContent = "";
    const bindings = tabular ? results.getBindings() || [] : [];
    current = { vars: tabular ? results.getVariables() : [], bindings: bindings };
    drawChart(current.vars, current.bindings);
  }

  // The editor shows a saved query without its #+ header (its YAML metadata), under a one-line comment.
  function editorText(saved) {
    const body = saved.sparql.split("\n").filter((line) => !line.startsWith("#+")).join("\n").replace(/^\s+/, "");
    return "# " + saved.name + ": " + (saved.summary.en || saved.summary.fr || "") + "\n" + body;
  }

  // New tabs show results in YASR's "simple view" (plain values, no datatypes, no row numbers);
  // the table's own checkbox switches it off.
  function simpleTables() {
    const defaults = Yasgui.Tab.getDefaults;
    Yasgui.Tab.getDefaults = function (instance) {
      const config = defaults.call(this, instance);
      config.yasr.settings.pluginsConfig = { table: { compact: true } };
      return config;
    };
  }

  // A saved query's parameters are bound by the API (/queries/NAME), not here: say so, with the link.
  function showNote(saved) {
    const note = byId("saved-note");
    note.replaceChildren();
    note.hidden = !saved.params.length;
    if (!saved.params.length) return;
    const names = saved.params.map((p) => p.name + (p.default !== null ? " (default " + p.default + ")" : ""));
    const link = document.createElement("a");
    link.href = "/queries/" + encodeURIComponent(saved.name);
    link.textContent = "/queries/" + saved.name;
    note.append("Parameters " + names.join(", ") + " are left free in the editor, which means any value; ",
      "run it with its parameters and their defaults at ", link, ".");
  }

  function start(catalogue) {
    simpleTables();
    const byName = new Map(catalogue.map((q) => [q.name, q]));
    const first = byName.get(FIRST_QUERY) || catalogue[0];
    Yasgui.defaults.yasqe.value = first ? editorText(first) : "SELECT * WHERE { ?s ?p ?o } LIMIT 10";
    const yasgui = new Yasgui(root, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
      persistenceId: "enfance-kg-query",
      yasqe: { value: Yasgui.defaults.yasqe.value },
      yasr: { pluginOrder: ["table", "response"], defaultPlugin: "table", prefixes: prefixes },
    });
    // IRIs of this dataset open their page here, in this tab, rather than at their w3id.org address
    new MutationObserver(() => localLinks(root)).observe(root, { childList: true, subtree: true });
    yasgui.on("queryResponse", (instance, tab) => window.setTimeout(() => showResults(tab), 0));
    yasgui.on("tabSelect", () => window.setTimeout(() => {
      const tab = yasgui.getTab();
      if (tab) showResults(tab);
    }, 0));
    document.querySelectorAll("button.load-query").forEach((button) => {
      button.addEventListener("click", () => {
        const saved = byName.get(button.dataset.query);
        const tab = yasgui.getTab();
        if (!saved || !tab) return;
        document.querySelectorAll("button.load-query.active").forEach((b) => b.classList.remove("active"));
        button.classList.add("active");
        tab.setQuery(editorText(saved));
        tab.setName(saved.name);
        showNote(saved);
        tab.query().catch(() => {});
      });
    });
    byId("chart-value").addEventListener("change", () => drawChart(current.vars, current.bindings));
    byId("share").addEventListener("click", () => {
      const link = byId("share").dataset.link;
      if (!link) return;
      const status = byId("share-status");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link).then(() => { status.textContent = "Link copied."; },
          () => { status.textContent = link; });
      } else {
        status.textContent = link;
      }
    });
    window.enfanceKgYasgui = yasgui;
  }

  fetch("/queries?format=json", { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : []))
    .catch(() => [])
    .then(start);
})();
