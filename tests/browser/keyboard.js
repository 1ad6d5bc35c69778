// Keyboard-only use of lesson pages in Chromium (tests/browser/test_keyboard.py): the Tab
// order, the skip link, the quiz answered with keys alone, and the widget fallbacks' charts.
//   node tests/browser/keyboard.js CONFIG.json
//   CONFIG: {pages: [{url, scripts, answers: [correct option index per question]}], allowed}
// `scripts: false` aborts the page's script requests (the DOM a learner without JavaScript
// gets, as in axe.js); `scripts: true` lets the tracking runtime run.
'use strict';

const { launch, readConfig } = require('./browser');

const FOCUSABLE = 'a[href], summary, input, button, select, textarea, iframe, [tabindex="0"]';

// Runs in the page: a label for the focused element, and which elements Tab must reach
// (every visible focusable one; one radio button per group, as browsers tab into a group).
function describe(el) {
  if (!el || el === document.body) return 'BODY';
  const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim();
  return `${el.tagName.toLowerCase()}#${el.id || ''}[${el.name || ''}]:${text.slice(0, 40)}`;
}

async function tabOrder(page, limit) {
  const seen = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(`(${describe})(document.activeElement)`);
    if (seen.length && (label === 'BODY' || label === seen[0])) return { seen, left: true };
    seen.push(label);
  }
  return { seen, left: false };
}

async function expectedStops(page) {
  return page.evaluate(`(() => {
    const describe = ${describe};
    const groups = new Set();
    return [...document.querySelectorAll(${JSON.stringify(FOCUSABLE)})].filter((el) => {
      if (!el.checkVisibility() || el.tabIndex < 0) return false;
      if (el.type === 'radio') {
        if (groups.has(el.name)) return false;
        groups.add(el.name);
      }
      return true;
    }).map(describe);
  })()`);
}

async function quizByKeyboard(page, answers) {
  const out = [];
  for (let q = 0; q < answers.length; q += 1) {
    // From wherever focus is, Tab until a radio button of question q+1 has it.
    let found = false;
    for (let i = 0; i < 400 && !found; i += 1) {
      await page.keyboard.press('Tab');
      found = await page.evaluate((name) => document.activeElement
        && document.activeElement.name === name, `q${q + 1}`);
    }
    await page.keyboard.press('Space');
    for (let k = 0; k < answers[q]; k += 1) await page.keyboard.press('ArrowDown');
    out.push(await page.evaluate((name) => {
      const checked = document.querySelector(`input[name="${name}"]:checked`);
      const shown = [...document.querySelectorAll(`fieldset#${name} .feedback`)]
        .filter((p) => getComputedStyle(p).display !== 'none').map((p) => p.textContent.trim());
      return { checked: checked ? checked.value : null, shown };
    }, `q${q + 1}`));
  }
  // "Clear my answers" is a reset button: Tab to it and press Enter.
  let onReset = false;
  for (let i = 0; i < 50 && !onReset; i += 1) {
    await page.keyboard.press('Tab');
    onReset = await page.evaluate(() => document.activeElement
      && document.activeElement.type === 'reset');
  }
  await page.keyboard.press('Enter');
  const cleared = await page.evaluate(() => !document.querySelector('.quiz-form input:checked'));
  return { answers: out, onReset, cleared };
}

async function charts(page) {
  return page.evaluate(() => [...document.querySelectorAll('svg[role="img"]')].map((svg) => {
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const name = ids.map((id) => (document.getElementById(id) || {}).textContent || '')
      .join(' ').trim();
    const figure = svg.closest('figure');
    const next = figure && figure.nextElementSibling;
    // The numbers behind the chart: the next element is a table region, or a <details>
    // ("Numbers behind the chart") holding one.
    const table = Boolean(next && next.matches('details, .table-wrap')
      && next.querySelector('table th'));
    return { name, table };
  }));
}

async function main() {
  const config = readConfig();
  const browser = await launch({ javaScriptEnabled: true, allowed: config.allowed });
  let scripts = true;
  await browser.context.route('**/*', (route) => (
    !scripts && route.request().resourceType() === 'script' ? route.abort() : route.fallback()));
  const out = { pages: [] };
  try {
    for (const item of config.pages) {
      scripts = item.scripts;
      const page = browser.page;
      await page.goto(item.url, { waitUntil: 'load' });
      const expected = await expectedStops(page);
      const order = await tabOrder(page, expected.length + 10);
      await page.goto(item.url, { waitUntil: 'load' });
      await page.keyboard.press('Tab');
      const first = await page.evaluate(`(${describe})(document.activeElement)`);
      let afterSkip = null;
      if (first.includes('Skip to the content')) { // Enter on anything else may leave the page
        await page.keyboard.press('Enter');
        afterSkip = { hash: await page.evaluate(() => location.hash),
          top: await page.evaluate(() => Math.round(document.getElementById('main')
            .getBoundingClientRect().top)) };
      }
      await page.goto(item.url, { waitUntil: 'load' });
      const quiz = item.answers ? await quizByKeyboard(page, item.answers) : null;
      out.pages.push({ url: item.url, scripts: item.scripts, expected, order, first,
        afterSkip, quiz, charts: await charts(page) });
    }
    out.blocked = browser.blocked;
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
