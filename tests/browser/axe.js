// Runs axe-core on every page given, in the same kind of browser as audit.js, and prints
// the violations as JSON (tests/browser/test_accessibility.py). Usage:
//   node tests/browser/axe.js CONFIG.json
//   CONFIG: {pages: [{url, scripts, answer} or url], allowed: [prefix...], tags: [axe tag...]}
//   (a bare url is {url, scripts: false}; tags default to TAGS below)
//
// axe needs a context with JavaScript enabled: its checks run on promises and timers, which
// never fire while script execution is disabled (axe.run then never settles). So "JavaScript
// off" is a page whose own scripts are not loaded (`scripts: false`: every script request
// is aborted), which leaves exactly the DOM a learner without JavaScript gets (pages have no
// <noscript>, and no inline script: their CSP forbids it). `scripts: true` lets the page's
// tracking runtime run first. `answer: true` then answers every quiz question with the
// keyboard (Tab to the group, arrow keys, Space), so axe also sees the feedback shown.
// axe's source is evaluated through the DevTools protocol, which the pages'
// Content-Security-Policy does not apply to, so the policy stays on.
'use strict';

const fs = require('fs');
const { launch, readConfig } = require('./browser');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function answerByKeyboard(page) {
  const groups = await page.$$eval('fieldset.question', (sets) => sets.length);
  for (let i = 0; i < groups; i += 1) {
    await page.focus(`fieldset.question:nth-of-type(${i + 1}) input[type=radio]`);
    await page.keyboard.press('ArrowDown');
  }
}

async function main() {
  const config = readConfig();
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await launch({ javaScriptEnabled: true, allowed: config.allowed });
  let scripts = true;
  const aborted = [];
  // Tried before the launcher's own route (later routes first): scripts off aborts them.
  await browser.context.route('**/*', (route) => {
    if (!scripts && route.request().resourceType() === 'script') {
      aborted.push(route.request().url());
      return route.abort();
    }
    return route.fallback();
  });
  const out = { version: null, pages: [], aborted };
  try {
    for (const entry of config.pages) {
      const item = typeof entry === 'string' ? { url: entry, scripts: false } : entry;
      scripts = item.scripts;
      await browser.page.goto(item.url, { waitUntil: 'load' });
      if (item.answer) await answerByKeyboard(browser.page);
      await browser.page.evaluate(source);
      const result = await browser.page.evaluate(async (tags) => {
        const run = await window.axe.run(document, {
          resultTypes: ['violations'],
          runOnly: { type: 'tag', values: tags },
        });
        return { version: window.axe.version, violations: run.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
        })) };
      }, config.tags || TAGS);
      out.version = result.version;
      out.pages.push({ url: item.url, scripts: item.scripts, answer: Boolean(item.answer),
        violations: result.violations });
    }
    out.blocked = browser.blocked;
    out.requests = browser.requests;
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
