// Sluice's run page script: filters, live step states and logs (server-sent events), charts (uPlot).
// Everything from run data is set as text (textContent), never as markup.
(() => {
  function filterRuns() {
    var form = document.getElementById("run-filters");
    if (!form) return;
    var apply = () => {
      var q = form.q.value.trim().toLowerCase();
      var status = form.status.value;
      var backend = form.backend.value;
      document.querySelectorAll("table.runs tbody tr[data-status]").forEach((tr) => {
        var show = (!q || tr.dataset.text.indexOf(q) >= 0) && (!status || tr.dataset.status === status) && (!backend || tr.dataset.backend === backend);
        tr.hidden = !show;
      });
    };
    form.addEventListener("input", apply);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
    });
  }

  function setState(el, status) {
    if (!el) return;
    el.dataset.status = status;
    var s = el.querySelector(".state");
    if (s) s.textContent = status;
  }

  function fmt(ms) {
    if (ms === null || ms === undefined) return "";
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
    var s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  }

  // A line saying what the page could not show or stopped following (set as text).
  function notice(text) {
    var main = document.querySelector("main");
    if (!main) return;
    var list = main.querySelector("ul.notices");
    if (!list) {
      list = document.createElement("ul");
      list.className = "notices";
      main.insertBefore(list, main.firstChild);
    }
    var li = document.createElement("li");
    li.className = "notice";
    li.textContent = text;
    list.appendChild(li);
  }

  function onNotice(source) {
    source.addEventListener("notice", (e) => {
      notice(JSON.parse(e.data).text);
      source.close();
    });
  }

  function liveRun() {
    var summary = document.getElementById("run-summary");
    if (!summary || !window.EventSource || location.protocol === "file:") return;
    if (summary.dataset.status !== "running") return;
    var source = new EventSource(`/api/runs/${encodeURIComponent(summary.dataset.run)}/events`);
    source.addEventListener("state", (e) => {
      var state = JSON.parse(e.data);
      setState(summary, state.status);
      state.steps.forEach((st) => {
        setState(document.querySelector(`.dag .node[data-node="${CSS.escape(st.node)}"]`), st.status);
        var section = document.getElementById(`step-${st.node}`);
        setState(section, st.status);
        if (section) section.querySelector(".duration").textContent = fmt(st.durationMs);
      });
      if (state.status !== "running") source.close();
    });
    onNotice(source);
  }

  function liveLogs() {
    document.querySelectorAll("pre.log[data-log]").forEach((pre) => {
      var box = pre.closest("details");
      var started = false;
      var start = () => {
        if (started || !box.open) return;
        started = true;
        var url = `/api/runs/${encodeURIComponent(pre.dataset.run)}/steps/${encodeURIComponent(pre.dataset.log)}/log`;
        var source = new EventSource(url);
        source.addEventListener("log", (e) => {
          pre.appendChild(document.createTextNode(JSON.parse(e.data).text));
        });
        onNotice(source);
        source.onerror = () => {
          source.close();
        };
      };
      box.addEventListener("toggle", start);
      start();
    });
  }

  function chart(el) {
    var block = document.getElementById(`chart-${el.dataset.chart}`);
    if (!block || !window.uPlot) return;
    var spec = JSON.parse(block.textContent);
    var pts = spec.points.filter((p) => p[0] !== null && p[1] !== null);
    if (spec.kind === "points") pts.sort((a, b) => a[0] - b[0]);
    var xs = pts.map((p) => p[0]);
    var ys = pts.map((p) => p[1]);
    var points = spec.kind === "points";
    var opts = {
      width: 380,
      height: 240,
      legend: { show: false },
      scales: { x: { time: false } },
      axes: [{ label: spec.x }, { label: spec.y }],
      series: [
        {},
        {
          stroke: "#2563eb",
          width: points ? 0 : 2,
          points: { show: points || pts.length < 30, size: 6, fill: "#2563eb" },
          paths: points ? () => null : undefined,
        },
      ],
    };
    new window.uPlot(opts, [xs, ys], el);
    el.dataset.drawn = "true";
  }

  function charts() {
    document.querySelectorAll("[data-chart]").forEach(chart);
  }

  // The policy allows no inline style: the confusion matrix's shades are set here.
  function heat() {
    document.querySelectorAll("td[data-heat]").forEach((td) => {
      td.style.setProperty("--heat", String(Number(td.dataset.heat) || 0));
    });
  }

  function scoreForms() {
    var meta = document.querySelector('meta[name="sluice-csrf"]');
    var csrf = meta ? meta.content : "";
    document.querySelectorAll("form.score").forEach((form) => {
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        var out = form.querySelector(".answer");
        out.textContent = "…";
        fetch(`/api/endpoints/${encodeURIComponent(form.dataset.endpoint)}/score`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-sluice-csrf": csrf },
          body: JSON.stringify({ body: form.body.value, deployment: form.deployment.value }),
        })
          .then((r) => r.json().then((a) => (r.ok ? a : { status: r.status, body: a.error || "" })))
          .then((a) => {
            out.textContent = `${a.status}\n${a.body}`;
          })
          .catch((err) => {
            out.textContent = String(err);
          });
      });
    });
  }

  filterRuns();
  liveRun();
  liveLogs();
  charts();
  heat();
  scoreForms();
})();
