// jixiao.js: progressive help for the pages; everything works without it.
// In the editor it shows the review's findings while one types: the form is
// sent as FORMAT.md JSON to /api/v1/check (with the page's CSRF token) and
// the findings are listed and marked on the fields they concern.  While a
// check is due or under way the list carries aria-busy="true".
'use strict';

(function () {
  const form = document.querySelector('form.editor[data-check]');
  if (!form) return;
  const out = form.querySelector('.live-findings');
  const csrf = form.querySelector('input[name=csrf]').value;
  let timer = null;
  let seq = 0;

  // FORMAT.md key of each field ↔ the name of its input (page_edit.c).
  const FIELDS = {
    'year': 'year',
    'project.name': 'name', 'project.category': 'category', 'project.department': 'department',
    'project.implementer': 'implementer', 'project.start': 'start', 'project.end': 'end',
    'funds.total': 'total', 'funds.total_fiscal': 'total_fiscal', 'funds.total_other': 'total_other',
    'funds.annual': 'annual', 'funds.annual_appropriation': 'annual_appropriation',
    'funds.annual_carryover': 'annual_carryover', 'funds.annual_other': 'annual_other',
    'goals.overall_from': 'overall_from', 'goals.overall_to': 'overall_to',
    'goals.overall': 'overall', 'goals.annual': 'annual_goal',
  };
  // An indicator's member ↔ the column of its row's inputs; findings on the
  // parsed target belong to the value.
  const COLUMNS = { level1: 'l1', level2: 'l2', name: 'name', value: 'value', target: 'value' };
  const RANK = { error: 3, warning: 2, info: 1 };

  function val(name) {
    const el = form.elements[name];
    return el ? el.value.trim() : '';
  }
  function money(name) {
    const v = val(name).replace(/,/g, '');
    return v === '' ? null : (/^-?\d+(\.\d{1,2})?$/.test(v) ? Number(v).toFixed(2) : v);
  }
  function year(name) {
    const v = parseInt(val(name), 10);
    return Number.isFinite(v) ? v : null;
  }
  // The declaration in the form, and for each indicator sent the number of
  // its row in the form (deleted and empty rows are not sent).
  function declaration() {
    const d = {
      schema: 'jixiao.declaration/1',
      year: year('year') || 0,
      project: {
        name: val('name'), category: val('category'), department: val('department'),
        implementer: val('implementer'), start: val('start') || null, end: val('end') || null,
      },
      funds: {},
      goals: {
        overall_from: year('overall_from'), overall_to: year('overall_to'),
        overall: val('overall'), annual: val('annual_goal'),
      },
      indicators: [],
    };
    const rows = [];
    for (const k of ['total', 'total_fiscal', 'total_other', 'annual', 'annual_appropriation',
      'annual_carryover', 'annual_other']) d.funds[k] = money(k);
    for (let i = 0; form.elements['ind' + i + '_name']; i++) {
      const del = form.elements['ind' + i + '_delete'];
      const ind = {
        level1: val('ind' + i + '_l1'), level2: val('ind' + i + '_l2'),
        name: val('ind' + i + '_name'), value: val('ind' + i + '_value'),
      };
      if ((del && del.checked) || (!ind.name && !ind.value)) continue;
      d.indicators.push(ind);
      rows.push(i);
    }
    return { d: d, rows: rows };
  }
  // The element a finding's key concerns: its input, an indicator row's
  // cell, or the block (fieldset, table) a block key names.
  function target(key, rows) {
    if (FIELDS[key]) return form.elements[FIELDS[key]] || null;
    const m = /^indicators\[(\d+)\](?:\.([a-z0-9_]+))?/.exec(key);
    if (m) {
      const row = rows[Number(m[1])];
      const col = COLUMNS[m[2] || 'name'] || 'name';
      return row === undefined ? null : form.elements['ind' + row + '_' + col] || null;
    }
    if (key === 'indicators') return form.querySelector('table.indicators');
    if (key === 'funds' && form.elements.total) return form.elements.total.closest('fieldset');
    if (key === 'goals' && form.elements.overall) return form.elements.overall.closest('fieldset');
    return null;
  }
  function flag(el, severity) {
    if (!el || !RANK[severity]) return;
    if ((RANK[el.getAttribute('data-flag')] || 0) < RANK[severity]) el.setAttribute('data-flag', severity);
  }
  function show(result, rows) {
    out.replaceChildren();
    form.querySelectorAll('[data-flag]').forEach(function (el) { el.removeAttribute('data-flag'); });
    if (result.error) {
      const p = document.createElement('p');
      p.className = 'finding error';
      p.textContent = result.error;
      out.append(p);
      return;
    }
    const h = document.createElement('h3');
    h.textContent = '自动审核：建议评级“' + result.verdict + '”（' + result.verdict_reason + '）';
    out.append(h);
    const ul = document.createElement('ul');
    for (const f of result.findings) {
      const li = document.createElement('li');
      li.className = 'finding ' + f.severity;
      li.dataset.rule = f.rule;
      li.textContent = f.message + ' [' + f.rule + ']';
      ul.append(li);
      const el = target(f.field, rows);
      flag(el, f.severity);
      if (el && el.focus) {
        li.tabIndex = 0;
        li.title = '转到该处';
        li.addEventListener('click', function () { el.focus(); });
        li.addEventListener('keydown', function (e) { if (e.key === 'Enter') el.focus(); });
      }
    }
    out.append(ul);
  }
  function check() {
    const mine = ++seq;
    const sent = declaration();
    out.setAttribute('aria-busy', 'true');
    fetch(form.dataset.check, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify([sent.d]),
    }).then(function (r) { return r.json(); }).then(function (list) {
      if (mine !== seq) return;
      show(Array.isArray(list) ? (list[0] || { error: '没有可检查的内容' }) : list, sent.rows);
      out.setAttribute('aria-busy', 'false');
    }).catch(function () {
      // offline: the server checks again on save
      if (mine === seq) out.setAttribute('aria-busy', 'false');
    });
  }
  form.addEventListener('input', function () {
    // an answer still on its way is about older text: it is not shown
    seq++;
    clearTimeout(timer);
    out.setAttribute('aria-busy', 'true');
    timer = setTimeout(check, 400);
  });
  check();
})();
