// The dashboard reads the same REST API as the CLI (docs/api.md) and redraws every two seconds.
"use strict";

const PHASE_CLASS = { Running: "ok", Succeeded: "ok", Failed: "bad", Pending: "warn", Scheduled: "warn", Starting: "warn" };

// The API wants a bearer token: the one pasted here is kept for this browser tab only.
const TOKEN_KEY = "continuum.token";

function showLogin(why) {
  const form = document.getElementById("login");
  form.hidden = false;
  document.getElementById("login-why").textContent = why;
}

document.getElementById("login").addEventListener("submit", event => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, document.getElementById("token").value.trim());
  document.getElementById("login").hidden = true;
  refresh();
});

async function list(path) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(path, { headers });
  if (response.status === 401 || response.status === 403) {
    const body = await response.json().catch(() => ({}));
    showLogin(body.message || "HTTP " + response.status);
    throw new Error(path + ": HTTP " + response.status);
  }
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  return (await response.json()).items || [];
}

function cell(text, cls) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "" : String(text);
  if (cls) td.className = cls;
  return td;
}

function fill(id, rows) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren(...rows.map(cells => {
    const tr = document.createElement("tr");
    tr.append(...cells);
    return tr;
  }));
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = cell("none yet", "muted");
    td.colSpan = document.querySelectorAll("#" + id + " th").length;
    tr.append(td);
    body.append(tr);
  }
}

function ready(node) {
  const c = ((node.status || {}).conditions || []).find(x => x.type === "Ready");
  return c && c.status === "True";
}

function nodeState(node) {
  if (ready(node)) return "Ready";
  const c = ((node.status || {}).conditions || []).find(x => x.type === "Ready") || {};
  return { NodeUnreachable: "Unreachable", NodeLost: "Lost" }[c.reason] || "NotReady";
}

function gateway(node) {
  const a = ((node.status || {}).addresses || []).find(x => x.type === "Gateway");
  return a ? a.address : "";
}

async function refresh() {
  try {
    const [nodes, apps, instances, events] = await Promise.all([
      list("/api/v1/nodes"), list("/api/v1/applications"), list("/api/v1/instances"), list("/api/v1/events"),
    ]);
    fill("nodes", nodes.map(n => {
      const s = n.status || {}, spec = n.spec || {}, p = s.platform || {}, cap = s.capacity || {};
      return [cell(n.metadata.name), cell(nodeState(n), ready(n) ? "ok" : "bad"),
        cell(spec.tier), cell(p.arch), cell(p.os), cell(cap.cpu), cell(cap.memory),
        cell((spec.location || {}).site), cell(gateway(n))];
    }));
    fill("applications", apps.map(a => {
      const comps = (a.spec.components || []).map(c => c.name).join(", ");
      const st = (a.status || {}).components || [];
      const readyText = st.map(c => c.name + " " + c.running + "/" + c.desired).join(", ");
      return [cell(a.metadata.namespace), cell(a.metadata.name), cell(comps), cell(readyText)];
    }));
    fill("instances", instances.map(i => {
      const s = i.status || {}, phase = s.phase || "Pending";
      const message = s.message || (s.scheduling || {}).summary || "";
      return [cell(i.metadata.namespace), cell(i.metadata.name), cell(i.spec.component), cell(i.spec.node),
        cell(phase, PHASE_CLASS[phase]), cell(s.restarts || 0), cell(message, "wrap")];
    }));
    events.sort((a, b) => String(b.spec.lastTimestamp).localeCompare(String(a.spec.lastTimestamp)));
    fill("events", events.slice(0, 30).map(e => {
      const o = e.spec.involvedObject || {};
      return [cell(e.spec.lastTimestamp), cell(e.spec.type, e.spec.type === "Warning" ? "warn" : ""),
        cell(e.spec.reason), cell((o.kind || "") + "/" + (o.name || "")), cell(e.spec.message, "wrap")];
    }));
    document.getElementById("status").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (err) {
    document.getElementById("status").textContent = "cannot reach the API: " + err.message;
  }
}

refresh();
setInterval(refresh, 2000);
