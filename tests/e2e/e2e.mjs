// tests/e2e/e2e.mjs: the declaration workflow in real headless Chromium,
// as people do it: the unit logs in, imports the seed through the upload
// page, reads the findings in the form, edits with the live review, saves
// and submits; the department returns it with a reason; the unit fixes and
// resubmits; the department passes it; finance approves.
//
// Usage: node tests/e2e/e2e.mjs BASE_URL SCREENSHOT_DIR
// Environment (set by tests/e2e.sh): E2E_SEED (the seed text file),
// E2E_UNIT, E2E_DEPT, E2E_FIN as "name:password", CHROMIUM (the browser).
//
// Each step prints one line, "ok   NAME" or "FAIL NAME" followed by what the
// page showed, and leaves a full-page screenshot e2e-NN-slug.png in
// SCREENSHOT_DIR (the harness of lib.mjs).  Steps build on each other;
// every step runs even after a failure (its own lines tell what it found).
// Every wait is for a selector, a URL or a response; nothing sleeps.
import { check, scriptArgs, start } from './lib.mjs';

const { base, shotDir, unit, dept, fin, seed } = scriptArgs('e2e.mjs');

// The declaration under test and the texts the pages must show.
const NAME = '居民区党组织服务群众专项经费';
const OTHER = '党员经常性教育专项经费';
const TOWNS = '居民区党组织服务群众专项经费覆盖乡镇数';
const F = {
  funds: ['funds.single_year_mismatch', '计划期间在 2023 年之内，年度资金申请总额 "4,810,000.00" 少于项目资金总额 "5,350,000.00"，且没有上年结转资金说明差额：核对是否为预算压减', 'info'],
  quality: ['indicator.quantity_as_quality', '质量指标 "居民区党组织开展服务群众活动" 的指标值 "常态化,不少于12次" 是数量（单位“次”），不是质量'],
  input: ['indicator.input_as_output', '产出指标 "下拨居民区党组织服务群众专项经费" 的指标值 "2023年7月前" 衡量的是拨付资金本身（“下拨”“经费”）：资金是投入，不是产出'],
  normal: ['indicator.vague_value', '指标值 "常态化" 无法衡量：只有“常态化”，没有数量、比例、时限或分级标准（三级指标 "居民区党组织解决群众困难"）'],
  better: ['indicator.vague_value', '指标值 "提升" 无法衡量：只有“提升”，没有数量、比例、时限或分级标准（三级指标 "居民区党组织服务群众活动效果"）'],
  satisfaction: ['indicator.unquantified_satisfaction', '满意度指标 "居民区群众满意度" 的指标值 "提升" 没有量化目标'],
  cost: ['category.missing', '缺少成本指标：产出指标之下没有任何三级指标'],
  mismatch: ['goal.indicator_mismatch', `指标值 "=12个" 与年度总目标中的 "覆盖至15个乡镇每个" 不一致（三级指标 "${TOWNS}"）`],
};
const live = (f) => `${f[1]} [${f[0]}]`;
const RETURN_REASON = '请补充成本指标，满意度指标请写明量化目标。';

// Anything the browser complains about (script errors, CSP refusals,
// resources that fail or answer 4xx/5xx) is collected by the harness and
// checked by the last steps, except the refusals a step provokes on purpose
// (expectRefusal).  The page icon, which the browser asks for by itself, is
// judged by a step of its own.
const h = await start(base, shotDir, 'e2e', { iconApart: true });
const { browser, page, url, path, texts, text, step, login, logout, openFromList, meta, actionButtons, act } = h;
const { complaints, iconComplaints, refusals, expectRefusal } = h;

// --- page helpers -------------------------------------------------------------
// The list page's rows as "项目名称|状态".
async function listRows() {
  await page.goto(url('/'));
  return page.locator('table.list tbody tr').evaluateAll((rows) => rows.map((r) =>
    `${r.querySelector('td a').textContent}|${r.querySelector('td.state').textContent}`));
}

// Every note of the form view, in page order, with where it stands: the
// label of its cell, "三级指标 / 列" for an indicator cell, or "before BLOCK"
// for a block's note row.
async function viewFindings() {
  return page.locator('table.form .finding').evaluateAll((notes) => notes.map((f) => {
    const td = f.closest('td');
    const tr = td.closest('tr');
    let place;
    if (td.classList.contains('notes')) {
      const next = tr.nextElementSibling && tr.nextElementSibling.querySelector('th.block');
      place = `before ${next ? next.textContent : '?'}`;
    } else if (td.classList.contains('l3') || td.classList.contains('target')) {
      const l3 = tr.querySelector('td.l3');
      place = `${l3 ? l3.firstChild?.textContent : '?'} / ${td.classList.contains('l3') ? '三级指标' : '指标值'}`;
    } else {
      const th = td.previousElementSibling;
      place = th ? th.textContent : '?';
    }
    return `${place} | ${td.getAttribute('data-flag')} | ${f.getAttribute('data-rule')} | ${f.textContent}`;
  }));
}
const note = (place, f) => `${place} | ${f[2] || 'warning'} | ${f[0]} | ${f[2] === 'info' ? '提示' : '警告'}：${f[1]}`;

// The editor: the input of indicator row i's column col (l1, l2, name, value).
const cellInput = (i, col) => page.locator(`form.editor input[name=ind${i}_${col}]`);
async function rowOf(name) {
  const names = await page.locator('form.editor input[name$=_name]').evaluateAll((els) =>
    els.map((e) => [e.name, e.value]));
  const hit = names.find(([, v]) => v === name);
  if (!hit) throw new Error(`the editor has no indicator row "${name}"; rows: ${JSON.stringify(names)}`);
  return Number(hit[0].match(/^ind(\d+)_name$/)[1]);
}
async function firstEmptyRow() {
  const names = await page.locator('form.editor input[name$=_name]').evaluateAll((els) =>
    els.map((e) => [e.name, e.value]));
  const hit = names.find(([, v]) => v === '');
  if (!hit) throw new Error('the editor offers no empty indicator row');
  return Number(hit[0].match(/^ind(\d+)_name$/)[1]);
}

// The live review under the editor once it is settled: the script marks it
// aria-busy="true" from the first keystroke until the answer to the last
// one is shown.  Returns its heading and findings.
async function liveFindings() {
  try {
    await page.waitForSelector('form.editor .live-findings[aria-busy="false"]', { state: 'attached' });
  } catch (e) {
    throw new Error(`the live review did not settle: ${e.message.split('\n')[0]}`);
  }
  return {
    head: await text('form.editor .live-findings h3'),
    items: await texts('form.editor .live-findings li'),
  };
}
// The marked elements of the editor, as "name=severity" ("table" for the
// indicator table).
const flagged = () => page.locator('form.editor [data-flag]').evaluateAll((els) =>
  els.map((e) => `${e.name || e.tagName.toLowerCase()}=${e.getAttribute('data-flag')}`));

// The declaration as the API has it (same session as the page).
async function apiDecl(p) {
  const r = await page.request.get(url(`/api${p.replace(/^\/d\//, '/v1/declarations/')}`));
  check(`GET /api/v1${p}: status`, 200, r.status());
  return r.json();
}

// --- the steps ------------------------------------------------------------------
let decl = null;     // "/d/ID" of the declaration under test

await step('login-form', 'login: an anonymous visit to / lands on the login form', async () => {
  await page.goto(url('/'));
  check('redirected to', '/login?next=/', path());
  check('title', '登录', await text('main h1'));
  check('fields', ['next', 'username', 'password'],
    await page.locator('form.login input').evaluateAll((els) => els.map((e) => e.name)));
});

await step('unit-login', 'login: the unit user logs in through the form', async () => {
  await login(unit, '填报人，组织部', { open: false });
  check('the list of a fresh database', [], await listRows());
  check('the list says it is empty', '没有符合条件的申报表。', await text('main p.ok'));
});

await step('import', 'import: the seed uploaded on /import lists both declarations', async () => {
  await Promise.all([page.waitForURL(url('/import')), page.click('header nav a:text-is("导入")')]);
  await page.setInputFiles('form.import input[type=file]', seed);
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url() === url('/import') && r.request().method() === 'POST'),
    page.click('form.import button[type=submit]'),
  ]);
  await page.waitForSelector('h1:text-is("导入结果")');
  check('import answer status', 200, resp.status());
  check('imported', [
    `新增 第1版：${NAME}（自动审核建议“良”，错误 0，警告 6）`,
    `新增 第1版：${OTHER}（自动审核建议“良”，错误 0，警告 6）`,
  ], await texts('ul.imported li'));
  check('links to them', ['/d/1', '/d/2'], await page.locator('ul.imported li a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))));
});

await step('view', 'view: the list has both drafts; the first shows its findings next to the fields', async () => {
  check('the list', [`${NAME}|草稿`, `${OTHER}|草稿`], await listRows());
  decl = await openFromList(NAME);
  check('title', NAME, await text('main h1'));
  check('meta', { line: '编号 1，第 1 版（当前），状态：草稿。', links: ['历史记录', '下载 PDF', '编辑'] }, await meta());
  check('review summary', '自动审核（方案 shanghai-2023）：建议评级“良”，错误 0 条，警告 6 条，提示 1 条。',
    await text('p.review-summary'));
  check('notes and where they stand', [
    note('项目资金总额', F.funds),
    note('居民区党组织开展服务群众活动 / 指标值', F.quality),
    note('居民区党组织解决群众困难 / 指标值', F.normal),
    note('下拨居民区党组织服务群众专项经费 / 三级指标', F.input),
    note('before 绩效指标', F.cost),
    note('居民区党组织服务群众活动效果 / 指标值', F.better),
    note('居民区群众满意度 / 指标值', F.satisfaction),
  ].sort(), (await viewFindings()).sort());
  check('the unit may only submit', ['提交'], await actionButtons());
});

// The marks of the unchanged form: 项目资金总额 (an info), the 不少于12次
// under 质量指标, the 常态化, 提升 and satisfaction values, the 下拨…经费
// name (money is an input) and the indicator table (成本指标 missing).
async function baseMarks() {
  return [
    'total=info',
    `ind${await rowOf('居民区党组织开展服务群众活动')}_value=warning`,
    `ind${await rowOf('下拨居民区党组织服务群众专项经费')}_name=warning`,
    `ind${await rowOf('居民区党组织解决群众困难')}_value=warning`,
    `ind${await rowOf('居民区党组织服务群众活动效果')}_value=warning`,
    `ind${await rowOf('居民区群众满意度')}_value=warning`,
    'table=warning',
  ].sort();
}
const BASE_LIVE = [live(F.funds), live(F.quality), live(F.normal), live(F.input), live(F.better), live(F.satisfaction),
  live(F.cost)].sort();

await step('edit-open', 'editor: opened from 编辑, the live review lists the same findings and marks their fields', async () => {
  await Promise.all([page.waitForURL(url(`${decl}/edit`)), page.click('p.meta a:text-is("编辑")')]);
  check('title', `编辑：${NAME}`, await text('main h1'));
  const got = await liveFindings();
  check('live heading', '自动审核：建议评级“良”（无错误，6 条警告：审核人可与单位沟通修改后通过）', got.head);
  check('live findings', BASE_LIVE, [...got.items].sort());
  check('marked fields', await baseMarks(), (await flagged()).sort());
});

await step('edit-delete-row', 'editor: with a row ticked 删除 the marks stay on their own rows', async () => {
  const row = await rowOf('居民区党组织开展服务群众活动');
  await page.check(`form.editor input[name=ind${row}_delete]`);
  let got;
  try {
    // the deleted row's own finding (不少于12次 under 质量指标) goes with it
    got = await liveFindings();
    check('live findings with the row deleted', BASE_LIVE.filter((t) => t !== live(F.quality)), [...got.items].sort());
    check('marked fields with the row deleted', (await baseMarks()).filter((t) => t !== `ind${row}_value=warning`),
      (await flagged()).sort());
  } finally {
    // the row stays in the declaration, whatever this step found
    await page.uncheck(`form.editor input[name=ind${row}_delete]`);
  }
  got = await liveFindings();
  check('live findings with the row back', BASE_LIVE, [...got.items].sort());
  check('marked fields with the row back', await baseMarks(), (await flagged()).sort());
});

await step('edit-live-mismatch', 'editor: 覆盖乡镇数 =15个 → =12个 shows goal.indicator_mismatch live, nothing saved', async () => {
  const row = await rowOf(TOWNS);
  check('the value before', '=15个', await cellInput(row, 'value').inputValue());
  let saves = 0;
  const onReq = (r) => { if (r.method() !== 'GET' && !r.url().endsWith('/api/v1/check')) saves++; };
  page.on('request', onReq);
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url() === url('/api/v1/check') && (r.request().postData() || '').includes('"=12个"')),
    cellInput(row, 'value').fill('=12个'),
  ]);
  check('/api/v1/check status', 200, resp.status());
  const got = await liveFindings();
  page.off('request', onReq);
  check('live heading', '自动审核：建议评级“良”（无错误，7 条警告：审核人可与单位沟通修改后通过）', got.head);
  check('live findings', [...BASE_LIVE, live(F.mismatch)].sort(), [...got.items].sort());
  check('marked fields', [...await baseMarks(), `ind${row}_value=warning`].sort(), (await flagged()).sort());
  check('requests other than checks', 0, saves);
  const d = await apiDecl(decl);
  check('stored: still revision 1 with =15个', [1, '=15个'], [d.current_revision, d.indicators.find((i) => i.name === TOWNS).value]);
});

await step('edit-live-fix', 'editor: back to =15个, then a 成本指标 row: both findings go away', async () => {
  const row = await rowOf(TOWNS);
  await cellInput(row, 'value').fill('=15个');
  let got = await liveFindings();
  check('live findings after =15个', BASE_LIVE, [...got.items].sort());
  check('marked fields after =15个', await baseMarks(), (await flagged()).sort());
  const e = await firstEmptyRow();
  await cellInput(e, 'l1').fill('产出指标');
  await cellInput(e, 'l2').fill('成本指标');
  await cellInput(e, 'name').fill('每个乡镇专项经费');
  await cellInput(e, 'value').fill('<=360000元');
  got = await liveFindings();
  check('live heading', '自动审核：建议评级“良”（无错误，5 条警告：审核人可与单位沟通修改后通过）', got.head);
  check('live findings after the 成本指标 row', BASE_LIVE.filter((t) => !t.endsWith('[category.missing]')), [...got.items].sort());
  check('marked fields after the 成本指标 row', (await baseMarks()).filter((t) => t !== 'table=warning'), (await flagged()).sort());
  const d = await apiDecl(decl);
  check('stored: still revision 1', 1, d.current_revision);
});

await step('edit-save', 'editor: 保存为新版本 makes revision 2 with the 成本指标 row', async () => {
  await Promise.all([page.waitForURL(url(decl)), page.click('form.editor button[type=submit]')]);
  check('meta', { line: '编号 1，第 2 版（当前），状态：草稿。', links: ['历史记录', '下载 PDF', '编辑'] }, await meta());
  check('review summary', '自动审核（方案 shanghai-2023）：建议评级“良”，错误 0 条，警告 5 条，提示 1 条。', await text('p.review-summary'));
  check('the new row in the form', ['每个乡镇专项经费|<=360000元'], await page.locator('table.form tr').evaluateAll((rows) =>
    rows.filter((r) => r.querySelector('td.l3')?.textContent === '每个乡镇专项经费')
      .map((r) => `${r.querySelector('td.l3').textContent}|${r.querySelector('td.target').firstChild?.textContent}`)));
  check('category.missing is gone', 0, await page.locator('table.form .finding[data-rule="category.missing"]').count());
  const d = await apiDecl(decl);
  check('stored', [2, '=15个'], [d.current_revision, d.indicators.find((i) => i.name === TOWNS).value]);
});

await step('submit', 'submit: 提交 → 已提交, no more 编辑 for the unit', async () => {
  check('answer', 303, await act('提交'));
  check('meta', { line: '编号 1，第 2 版（当前），状态：已提交。', links: ['历史记录', '下载 PDF'] }, await meta());
  check('no actions left for the unit', 0, await page.locator('form.actions').count());
  check('the list', [`${NAME}|已提交`, `${OTHER}|草稿`], await listRows());
  await page.goto(url(decl));
});

await step('dept-login', 'logout; the department user logs in and sees the submitted one', async () => {
  await logout();
  await login(dept, '主管部门审核人，组织部');
  check('the list', [`${NAME}|已提交`, `${OTHER}|草稿`], await listRows());
});

await step('dept-start', 'department: 开始审核 → 主管部门审核', async () => {
  await openFromList(NAME);
  check('actions while submitted', ['开始审核', '退回修改'], await actionButtons());
  check('answer', 303, await act('开始审核'));
  check('meta', { line: '编号 1，第 2 版（当前），状态：主管部门审核。', links: ['历史记录', '下载 PDF', '编辑'] }, await meta());
  check('review actions', ['审核通过，报财政', '退回修改', '不予通过'], await actionButtons());
  check('the form asks for a verdict', ['', '优', '良', '中', '差'],
    await page.locator('form.actions select[name=verdict] option').evaluateAll((o) => o.map((x) => x.value)));
});

await step('dept-return-refused', 'department: 退回修改 with 良 is refused with the reason shown', async () => {
  expectRefusal(`${decl}/action`, 409);
  check('answer', 409, await act('退回修改', { verdict: '良', comment: RETURN_REASON }));
  check('the message', '退回修改需要评级为“中”', await text('main p.error'));
});

await step('dept-return', 'department: 退回修改 with 中 and a reason → 已退回', async () => {
  await page.goto(url(decl));
  check('meta: unchanged by the refusal', { line: '编号 1，第 2 版（当前），状态：主管部门审核。', links: ['历史记录', '下载 PDF', '编辑'] }, await meta());
  check('answer', 303, await act('退回修改', { verdict: '中', comment: RETURN_REASON }));
  check('meta', { line: '编号 1，第 2 版（当前），状态：已退回。', links: ['历史记录', '下载 PDF'] }, await meta());
  check('no actions left for the department', 0, await page.locator('form.actions').count());
});

await step('unit-returned', 'unit: sees 已退回 and the reason in 历史记录', async () => {
  await logout();
  await login(unit, '填报人，组织部');
  check('the list', [`${NAME}|已退回`, `${OTHER}|草稿`], await listRows());
  await openFromList(NAME);
  check('meta', { line: '编号 1，第 2 版（当前），状态：已退回。', links: ['历史记录', '下载 PDF', '编辑'] }, await meta());
  await Promise.all([page.waitForURL(url(`${decl}/history`)), page.click('p.meta a:text-is("历史记录")')]);
  check('title', `历史记录：${NAME}`, await text('main h1'));
  // each row as "版本|操作人|内容|changes;…|comment"
  const rows = await page.locator('table.history tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const td = tr.querySelectorAll('td');
    const own = [...td[3].childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent).join('').trim();
    const changes = [...td[3].querySelectorAll('ul.diff li')].map((li) => li.textContent).join(';');
    const comment = [...td[3].querySelectorAll('div.comment')].map((d) => d.textContent).join(';');
    return `${td[0].textContent}|${td[2].textContent}|${own}|${changes}|${comment}`;
  }));
  const want = [
    `第 1 版|${unit.name}|保存新版本（来源 网页上传 seed.txt:3）；自动审核建议“良”，错误 0、警告 6、提示 1||`,
    `第 2 版|${unit.name}|保存新版本（来源 网页编辑）；自动审核建议“良”，错误 0、警告 5、提示 1|产出指标 / 成本指标 / 每个乡镇专项经费：（空） → <=360000元|`,
    `第 2 版|${unit.name}|提交：草稿 → 已提交||`,
    `第 2 版|${dept.name}|开始审核：已提交 → 主管部门审核||`,
    `第 2 版|${dept.name}|退回修改：主管部门审核 → 已退回；评级“中”||${RETURN_REASON}`,
  ];
  check('history rows', [...want].sort(), [...rows].sort());
  check('the reason stands on its own', [RETURN_REASON], await texts('table.history div.comment'));
});

await step('unit-old-revision', 'unit: 第 1 版 from the history opens read-only with its own findings', async () => {
  await Promise.all([page.waitForURL(url(`${decl}?revision=1`)), page.click('table.history a:text-is("第 1 版")')]);
  check('meta', { line: '编号 1，第 1 版（历史版本），状态：已退回。', links: ['历史记录', '下载 PDF'] }, await meta());
  check('review summary', '自动审核（方案 shanghai-2023）：建议评级“良”，错误 0 条，警告 6 条，提示 1 条。', await text('p.review-summary'));
  check('category.missing is there', 1, await page.locator('table.form .finding[data-rule="category.missing"]').count());
  check('no actions on an old revision', 0, await page.locator('form.actions').count());
});

await step('unit-fix', 'unit: edits the satisfaction target (提升 → >=90%) and saves revision 3', async () => {
  await page.goto(url(`${decl}/edit`));
  await liveFindings();
  const row = await rowOf('居民区群众满意度');
  await cellInput(row, 'value').fill('>=90%');
  const got = await liveFindings();
  check('live findings', [live(F.funds), live(F.quality), live(F.normal), live(F.input), live(F.better)].sort(),
    [...got.items].sort());
  await Promise.all([page.waitForURL(url(decl)), page.click('form.editor button[type=submit]')]);
  check('meta', { line: '编号 1，第 3 版（当前），状态：已退回。', links: ['历史记录', '下载 PDF', '编辑'] }, await meta());
  check('review summary', '自动审核（方案 shanghai-2023）：建议评级“良”，错误 0 条，警告 4 条，提示 1 条。', await text('p.review-summary'));
  check('the satisfaction note is gone', 0,
    await page.locator('table.form .finding[data-rule="indicator.unquantified_satisfaction"]').count());
});

await step('unit-resubmit', 'unit: 提交 again → 已提交', async () => {
  check('answer', 303, await act('提交'));
  check('meta', { line: '编号 1，第 3 版（当前），状态：已提交。', links: ['历史记录', '下载 PDF'] }, await meta());
});

await step('dept-pass', 'department: 开始审核, then 审核通过，报财政 with 良 → 财政审核', async () => {
  await logout();
  await login(dept, '主管部门审核人，组织部');
  await openFromList(NAME);
  check('answer to 开始审核', 303, await act('开始审核'));
  check('answer to 审核通过', 303, await act('审核通过，报财政', { verdict: '良', comment: '已补充成本指标和满意度目标。' }));
  check('meta', { line: '编号 1，第 3 版（当前），状态：财政审核。', links: ['历史记录', '下载 PDF'] }, await meta());
});

await step('fin-approve', 'finance: logs in from a link to it; 批复 with 优 → 已批复, 编辑 no longer offered', async () => {
  await logout();
  // a link to the declaration opened before logging in leads there after it
  await page.goto(url(decl));
  check('an anonymous visit goes to', `/login?next=${decl}`, path());
  await login(fin, '财政审核人', { open: false, then: decl });
  check('meta in finance review', { line: '编号 1，第 3 版（当前），状态：财政审核。', links: ['历史记录', '下载 PDF', '编辑'] }, await meta());
  check('finance actions', ['批复', '退回修改', '不予通过'], await actionButtons());
  check('answer', 303, await act('批复', { verdict: '优' }));
  check('meta', { line: '编号 1，第 3 版（当前），状态：已批复。', links: ['历史记录', '下载 PDF', '运行监控', '绩效自评'] }, await meta());
  check('no actions left for finance', 0, await page.locator('form.actions').count());
  check('the list', [`${NAME}|已批复`, `${OTHER}|草稿`], await listRows());
  await page.goto(url(decl));
});

await step('unit-approved', 'unit: the editor is refused; sees 已批复, no 编辑, only 申请调整', async () => {
  await logout();
  await login(unit, '填报人，组织部');
  expectRefusal(`${decl}/edit`, 409);
  const resp = await page.goto(url(`${decl}/edit`));
  check('the editor by URL', 409, resp.status());
  check('its message', '这份申报表当前的状态下您不能修改', await text('main p.error'));
  await openFromList(NAME);
  check('meta', { line: '编号 1，第 3 版（当前），状态：已批复。', links: ['历史记录', '下载 PDF', '运行监控', '绩效自评'] }, await meta());
  check('the unit may only ask for an adjustment', ['申请调整'], await actionButtons());
});

await step('browser-clean', 'browser: no script errors, CSP refusals or failed loads on any page', async () => {
  check('complaints', [], complaints);
  check('refusals provoked on purpose and seen', [], refusals);
}, { showPage: false });

await step('browser-icon', 'browser: the page icon the browser asks for is served (no 404 on every first visit)', async () => {
  check('failed icon loads', [], iconComplaints);
}, { showPage: false });

await browser.close();
process.exit(h.failed() ? 1 : 0);
