// The PxeHost page, when JavaScript runs: redraws its tables from /api/v1/* when the event stream
// (/api/v1/events) says something happened, and sends changes with the admin token kept for this tab.
// Every value goes into the page as text (textContent), never as markup.
'use strict';

(() => {
  const page = document.body.dataset.page;
  const mac = document.body.dataset.mac || '';
  const tokenKey = 'pxehost-admin-token';
  let token = sessionStorage.getItem(tokenKey) || '';

  const $ = (selector) => document.querySelector(selector);

  function element(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function row(values, className) {
    const tr = element('tr', null, className);
    for (const v of values) tr.append(v instanceof Node ? wrap(v) : element('td', v ?? ''));
    return tr;
  }

  function wrap(node) {
    const td = element('td');
    td.append(node);
    return td;
  }

  function link(text, href) {
    const a = element('a', text);
    a.href = href;
    return a;
  }

  // Replaces a table's body; an empty list keeps the server's "nothing here" words.
  function fill(id, items, toRow, empty) {
    const table = document.getElementById(id);
    if (!table) return;
    const columns = table.tHead.rows[0].cells.length;
    const rows = items.map(toRow);
    if (rows.length === 0) {
      const td = element('td', empty);
      td.colSpan = columns;
      const tr = element('tr', null, 'empty');
      tr.append(td);
      rows.push(tr);
    }
    table.tBodies[0].replaceChildren(...rows);
  }

  async function read(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: response.ok ? await response.json() : null };
  }

  const machineRow = (m) => {
    const tr = row([link(m.mac, '/ui/machines/' + encodeURIComponent(m.mac)), m.boot, m.address, m.architecture, m.stage, m.lastStep, m.when, m.verdict],
      'verdict-' + String(m.verdictKind).replace(/[^A-Za-z0-9]/g, ''));
    tr.dataset.mac = m.mac;
    return tr;
  };

  const progressText = (t) => (t.bytes ?? '?') + ' / ' + (t.size ?? '?') + ' bytes';

  const transferRow = (t) => {
    const cell = element('td');
    if (t.size > 0 && t.bytes !== null) {
      const bar = element('progress');
      bar.max = t.size;
      bar.value = t.bytes;
      cell.append(bar, ' ');
    }
    cell.append(progressText(t));
    const tr = row([t.protocol, t.file, t.mac, t.clientIp]);
    tr.append(cell, element('td', new Date(t.started).toISOString().replace(/\.\d+Z$/, 'Z')));
    return tr;
  };

  async function refreshTransfers() {
    const transfers = await read('/api/v1/transfers');
    const mine = (transfers.body || []).filter((t) => !mac || t.mac === mac);
    fill('transfers', mine, transferRow, 'No transfer in progress.');
  }

  async function refreshMachines() {
    const machines = await read('/api/v1/machines');
    fill('machines', machines.body || [], machineRow, 'No machine has booted yet.');
  }

  async function refreshTimeline() {
    const boot = new URLSearchParams(location.search).get('boot');
    const report = await read('/api/v1/machines/' + encodeURIComponent(mac) + '/timeline' + (boot ? '?boot=' + encodeURIComponent(boot) : ''));
    if (!report.body) return;
    const r = report.body;
    const summary = $('#boot');
    summary.replaceChildren('Boot ' + r.boot + ', started ' + r.started + '. Boots kept:');
    for (const kept of r.kept) summary.append(' ', link(kept, '/ui/machines/' + encodeURIComponent(mac) + '?boot=' + kept));
    $('#verdicts').replaceChildren(...r.verdicts.map((v) => element('li', v.text, 'verdict-' + v.kind.replace(/[^A-Za-z0-9]/g, '') + (v.note ? ' note' : ''))));
    fill('steps', r.steps, (s) => row([s.milliseconds, s.time, s.kind, s.asked, s.answered, s.why]), 'No step recorded.');
  }

  async function refreshAssignment() {
    const plan = (await read('/api/v1/plan')).body;
    if (!plan || !plan.loaded) return;
    const assigned = plan.assignments.find((a) => a.mac === mac);
    const entry = plan.machines.find((m) => m.mac === mac);
    let text = "The plan's default: '" + plan.defaultBoot + "'.";
    if (assigned) {
      text = assigned.once
        ? (assigned.bootedOnce ? "Assigned here: '" + assigned.profile + "' once, already booted: the local disk now." : "Assigned here: '" + assigned.profile + "' once, then the local disk.")
        : "Assigned here: '" + assigned.profile + "'.";
    } else if (entry) {
      text = 'pxehost.yaml line ' + entry.line + ": '" + (entry.boot ?? plan.defaultBoot) + "'" + (entry.once ? ' once' : '') + '.';
    }
    $('#assignment').textContent = text;
  }

  const leaseRow = (l) => {
    const release = element('button', 'Release', 'release');
    release.type = 'button';
    release.dataset.address = l.address;
    release.dataset.admin = '';
    release.hidden = !token;
    const tr = row([l.address, l.mac, l.state, l.start, l.expires, l.hostname, l.state === 'active' ? release : '']);
    tr.dataset.address = l.address;
    return tr;
  };

  async function refreshLeases() {
    const leases = await read('/api/v1/leases');
    fill('leases', leases.body || [], leaseRow, 'No lease on record (or this server hands out no addresses: proxy mode).');
  }

  const refreshers = {
    machines: () => Promise.all([refreshMachines(), refreshTransfers()]),
    machine: () => Promise.all([refreshTimeline(), refreshTransfers(), refreshAssignment()]),
    leases: refreshLeases,
    plan: async () => { },
  };
  const refresh = refreshers[page] || (async () => { });

  // Steps reach the timeline a moment after their event: redraw soon (at most every 150 ms, however
  // fast a transfer's progress comes), and once more when the stream has been quiet for a while.
  let soon = false;
  let later = 0;
  function redraw() {
    if (!soon) {
      soon = true;
      setTimeout(() => { soon = false; refresh(); }, 150);
    }
    clearTimeout(later);
    later = setTimeout(refresh, 1200);
  }

  const eventTypes = ['DhcpRequestReceived', 'DhcpAnswered', 'DhcpNotAnswered', 'BootServerRequestReceived', 'BootServerAnswered',
    'TftpTransferStarted', 'TftpTransferProgress', 'TftpTransferEnded', 'HttpRequestStarted', 'HttpRequestEnded', 'BootOnceUsed'];

  function listen() {
    const live = $('#live');
    const stream = new EventSource('/api/v1/events' + (page === 'machine' ? '?mac=' + encodeURIComponent(mac) : ''));
    stream.addEventListener('open', () => { live.textContent = 'on'; refresh(); });
    stream.addEventListener('error', () => { live.textContent = 'reconnecting…'; });
    for (const type of eventTypes) stream.addEventListener(type, redraw);

    // The plan page is the plan as loaded: a reload (or a refused edit) is a new page.
    for (const type of ['PlanReloaded', 'PlanRefused']) stream.addEventListener(type, () => { if (page === 'plan') location.reload(); });
  }

  function showMode() {
    for (const e of document.querySelectorAll('[data-admin]')) e.hidden = !token;
    $('#token-form').hidden = !!token;
    $('#forget-token').hidden = !token;
    $('#mode').textContent = token
      ? 'Changes allowed: the admin token is kept for this tab only.'
      : 'Read-only: enter the admin token to change what machines boot or release leases.';
  }

  // Sends a change; says what became of it. A 401 means the token is not the admin's: it is forgotten.
  async function change(method, path, body) {
    const headers = { Authorization: 'Bearer ' + token };
    if (body) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    if (response.status === 401) {
      token = '';
      sessionStorage.removeItem(tokenKey);
      showMode();
      return 'Refused: that is not the admin token.';
    }
    if (!response.ok) {
      const json = (response.headers.get('Content-Type') || '').includes('json') ? await response.json() : null;
      return 'Refused: ' + (json && json.reason ? json.reason : response.status + ' ' + response.statusText);
    }
    return 'Done.';
  }

  async function report(promise) {
    $('#change-result').textContent = await promise;
    await refresh();
  }

  function wireChanges() {
    $('#token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      token = $('#token').value.trim();
      $('#token').value = '';
      if (token) sessionStorage.setItem(tokenKey, token);
      showMode();
    });
    $('#forget-token').addEventListener('click', () => {
      token = '';
      sessionStorage.removeItem(tokenKey);
      showMode();
    });

    const assign = $('#assign-form');
    if (assign) {
      const path = '/api/v1/machines/' + encodeURIComponent(mac);
      assign.addEventListener('submit', (e) => {
        e.preventDefault();
        report(change('PUT', path + '/profile', { profile: $('#profile').value }));
      });
      $('#boot-once').addEventListener('click', () => report(change('POST', path + '/boot-once', { profile: $('#profile').value })));
      $('#unassign').addEventListener('click', () => report(change('DELETE', path + '/profile')));
    }

    const leases = document.getElementById('leases');
    if (leases) {
      leases.addEventListener('click', (e) => {
        const button = e.target.closest('button.release');
        if (button) report(change('DELETE', '/api/v1/leases/' + encodeURIComponent(button.dataset.address)));
      });
    }
  }

  wireChanges();
  showMode();
  listen();
})();
