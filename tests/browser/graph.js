// Opens `lmspack graph` SVG files with JavaScript disabled and prints what a reader sees:
// each lesson box's label and size on screen, the text under the drawing, and any request
// the file made. Usage: node tests/browser/graph.js CONFIG.json
// CONFIG: {files: [file URL...], allowed: [url prefix...]}
'use strict';

const { launch, readConfig } = require('./browser');

function svgFacts() {
  const boxes = [...document.querySelectorAll('g.node')].map((g) => {
    const rect = g.querySelector('rect').getBoundingClientRect();
    return { cls: g.getAttribute('class'),
      label: [...g.querySelectorAll('text')].map((t) => t.textContent).join(' '),
      width: rect.width, height: rect.height };
  });
  const notes = [...document.querySelectorAll('text.note')].map((t) => t.textContent);
  const strokes = [...document.querySelectorAll('path.edge.cycle')].map(
    (p) => getComputedStyle(p).stroke);
  return { boxes, notes, cycleStrokes: strokes, scripts: document.querySelectorAll('script').length };
}

(async () => {
  const config = readConfig();
  const browser = await launch({ javaScriptEnabled: false, allowed: config.allowed });
  const out = {};
  try {
    for (const url of config.files) {
      await browser.page.goto(url);
      out[url] = await browser.page.evaluate(svgFacts);
    }
  } finally {
    await browser.close();
  }
  out.blocked = browser.blocked;
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(1); });
