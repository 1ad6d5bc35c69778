// Opens pages built from tests/fixtures/valid/markdown-features with JavaScript disabled and
// prints what the DOM holds for each Markdown extension (tests/browser/test_markdown_features.py).
// Usage: node tests/browser/markdown.js CONFIG.json   CONFIG: {pages: [url...], allowed: [...]}
'use strict';

const { launch, readConfig } = require('./browser');

function facts() {
  const all = (s) => [...document.querySelectorAll(s)];
  const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
  const box = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const bodyText = document.body.innerText;
  const order = all('h2,h3').map((h) => text(h));
  return {
    callouts: all('.callout').map((c) => text(c.querySelector('.callout-title'))),
    tasks: all('li.task').map((li) => ({ done: li.classList.contains('task-done'), text: text(li) })),
    struck: all('.prose s').map(text),
    align: all('.prose th').map((th) => getComputedStyle(th).textAlign),
    definitions: all('.prose dl dt').map(text),
    detailsOpen: all('.prose details').map((d) => d.open),
    detailsHidden: all('.prose details').map((d) => !d.querySelector('p').checkVisibility()),
    codeTitle: all('figure.code figcaption').map(text),
    codeColours: [...new Set(all('pre.hl span[class]').map((s) => getComputedStyle(s).color))].length,
    footnoteRefs: all('sup.footnote-ref a').map((a) => ({ href: a.getAttribute('href'),
      target: !!document.querySelector(a.getAttribute('href')) })),
    footnoteBack: all('.footnotes a.footnote-back').map((a) => !!document.querySelector(a.getAttribute('href'))),
    maths: all('math').map((m) => ({ display: m.getAttribute('display'), drawn: box(m),
      tex: text(m.querySelector('annotation')) })),
    legend: all('fieldset.question legend').map((l) => l.innerHTML),
    labels: all('fieldset.question label').map((l) => l.innerHTML),
    goals: all('.goals li').map((l) => l.innerHTML),
    flashcards: all('.cards summary').map((s) => s.innerHTML),
    headings: order,
    quizBeforeFurther: order.indexOf('Quiz') >= 0 && order.indexOf('Quiz') < order.indexOf('Further reading'),
    linkInLink: all('a a').length,
    raw: ['**', '[!NOTE]', '~~', '[^', '$$', '- [x]', '<!--'].filter((m) => bodyText.includes(m)),
    text: bodyText,
  };
}

async function main() {
  const config = readConfig();
  const browser = await launch({ javaScriptEnabled: false, allowed: config.allowed });
  const out = { pages: [] };
  try {
    for (const url of config.pages) {
      await browser.page.goto(url, { waitUntil: 'load' });
      out.pages.push(await browser.page.evaluate(facts));
    }
    out.blocked = [...browser.blocked];
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => { console.error(error); process.exit(1); });
