// Runs axe-core on every page given, in the same kind of browser as audit.js, and prints
// the violations as JSON (tests/browser/test_accessibility.py). Usage:
//   node tests/browser/axe.js CONFIG.json      CONFIG: {pages: [url...], allowed: [prefix...]}
//
// axe needs a context with JavaScript enabled: its checks run on promises and timers, which
// never fire while script execution is disabled (axe.run then never settles). The pages run
// no script of their own (test_pages.py proves it), so the DOM axe sees is the DOM a learner
// without JavaScript gets. axe's source is evaluated through the DevTools protocol, which
// the pages' Content-Security-Policy does not apply to, so the policy stays on.
'use strict';

const fs = require('fs');
const { launch, readConfig } = require('./browser');

async function main() {
  const config = readConfig();
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await launch({ javaScriptEnabled: true, allowed: config.allowed });
  const out = { version: null, pages: [] };
  try {
    for (const url of config.pages) {
      await browser.page.goto(url, { waitUntil: 'load' });
      await browser.page.evaluate(source);
      const result = await browser.page.evaluate(async () => {
        const run = await window.axe.run(document, {
          resultTypes: ['violations'],
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        });
        return { version: window.axe.version, violations: run.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
        })) };
      });
      out.version = result.version;
      out.pages.push({ url, violations: result.violations });
    }
    out.blocked = browser.blocked;
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
