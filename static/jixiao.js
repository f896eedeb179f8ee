// jixiao.js: progressive help for the pages; everything works without it.
// In the editor it shows the review's findings while one types: the form is
// sent as FORMAT.md JSON to /api/v1/check (with the page's CSRF token) and
// the findings are listed and marked on the fields they concern.
'use strict';

(function () {
  const form = document.querySelector('form.editor[data-check]');
  if (!form) return;
  const out = form.querySelector('.live-findings');
  const csrf = form.querySelector('input[name=csrf]').value;
  let timer = null;
  let seq = 0;

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
    }
    return d;
  }
  function show(result) {
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
      const el = form.querySelector('[data-field="' + CSS.escape(f.field) + '"]');
      if (el) el.setAttribute('data-flag', f.severity);
    }
    out.append(ul);
  }
  function check() {
    const mine = ++seq;
    fetch(form.dataset.check, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify([declaration()]),
    }).then(function (r) { return r.json(); }).then(function (list) {
      if (mine !== seq) return;
      show(Array.isArray(list) ? (list[0] || { error: '没有可检查的内容' }) : list);
    }).catch(function () { /* offline: the server checks again on save */ });
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
  check();
})();
