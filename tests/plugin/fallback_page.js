// Opens one page with JavaScript disabled and prints what its widgets show, as JSON:
// {widgets: [{className, visible, text}], scripts, blocked}. Usage:
//   node tests/plugin/fallback_page.js CONFIG.json   (CONFIG: {url, allowed: [prefix...]})
'use strict';

const { launch, readConfig } = require('../browser/browser');

async function main() {
  const config = readConfig();
  const browser = await launch({ javaScriptEnabled: false, allowed: config.allowed });
  try {
    await browser.page.goto(config.url);
    const facts = await browser.page.evaluate(() => ({
      widgets: [...document.querySelectorAll('section.widget')].map((w) => ({
        className: w.className,
        visible: getComputedStyle(w).display !== 'none' && w.getClientRects().length > 0,
        text: w.innerText,
      })),
      scripts: document.scripts.length,
    }));
    facts.blocked = browser.blocked;
    process.stdout.write(JSON.stringify(facts));
  } finally {
    await browser.close();
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
