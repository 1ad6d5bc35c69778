// Opens every page of a built site with JavaScript disabled and prints one JSON document
// of facts for pytest to assert on (tests/browser/test_pages.py). Usage:
//   node tests/browser/audit.js CONFIG.json
// CONFIG: {pages: [url...], allowed: [url prefix...], screenshots: dir,
//          quiz: url, flashcards: url, widgets: url, http_pages: [url...],
//          embed: url | null}
'use strict';

const path = require('path');
const { launch, readConfig } = require('./browser');

// Runs inside the page (Playwright evaluates it through the DevTools protocol, which works
// while the page's own scripts are disabled).
function pageFacts() {
  const visible = (el) => {
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => ({
    level: Number(h.tagName[1]), text: h.textContent.trim(), visible: visible(h) }));
  const controls = [...document.querySelectorAll('input,select,textarea,button')].map((c) => ({
    id: c.id, type: c.type, labelled: (c.labels && c.labels.length > 0) || c.tagName === 'BUTTON' }));
  return {
    url: location.href,
    lang: document.documentElement.lang,
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    headings,
    stylesheetApplied: getComputedStyle(document.querySelector('.feedback') || document.body)
      .display === (document.querySelector('.feedback') ? 'none' : 'block')
      && getComputedStyle(document.body).marginTop === '0px',
    scripts: [...document.scripts].map((s) => ({ type: s.type, src: s.src })),
    iframes: document.querySelectorAll('iframe').length,
    imagesWithoutAlt: [...document.images].filter((i) => !i.hasAttribute('alt')).length,
    controls,
    visibleFeedback: [...document.querySelectorAll('.feedback')].filter(visible).length,
    feedbackCount: document.querySelectorAll('.feedback').length,
    questions: document.querySelectorAll('fieldset.question').length,
    text: document.body.innerText,
    widgets: [...document.querySelectorAll('section.widget')].map((w) => ({
      id: w.id, className: w.className, visible: visible(w),
      heading: (w.querySelector('h2,h3') || {}).textContent,
      charts: [...w.querySelectorAll('svg.chart')].filter(visible).length,
      chartNames: [...w.querySelectorAll('svg.chart')].map((s) => (s.querySelector('title') || {}).textContent),
      tables: w.querySelectorAll('table').length,
      visibleTables: [...w.querySelectorAll('table')].filter(visible).length,
      details: w.querySelectorAll('details').length,
    })),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
  };
}

async function quizCheck(page, url) {
  await page.goto(url);
  const data = JSON.parse(await page.locator('#lmspack-lesson').textContent());
  const question = data.quiz[0];
  const right = question.correct;
  const wrong = question.options.find((o) => o !== right);
  const feedback = (value) => page.locator(`#${question.id}-${value} ~ .feedback`);
  const form = page.locator('#lmspack-quiz');
  const out = { question: question.id, right, wrong };
  out.before = {
    rightVisible: await feedback(right).isVisible(),
    wrongVisible: await feedback(wrong).isVisible(),
    formText: await form.innerText(),
    aria: await form.ariaSnapshot(),
  };
  await page.locator(`label[for="${question.id}-${wrong}"]`).click();
  out.afterWrong = {
    checked: await page.locator(`#${question.id}-${wrong}`).isChecked(),
    rightVisible: await feedback(right).isVisible(),
    wrongVisible: await feedback(wrong).isVisible(),
    wrongText: await feedback(wrong).innerText(),
  };
  await page.locator(`label[for="${question.id}-${right}"]`).click();
  out.afterRight = {
    rightVisible: await feedback(right).isVisible(),
    wrongVisible: await feedback(wrong).isVisible(),
    rightText: await feedback(right).innerText(),
    aria: await form.ariaSnapshot(),
  };
  // The reset button clears the answers without any script.
  await page.locator('#lmspack-quiz button[type="reset"]').click();
  out.afterReset = { rightVisible: await feedback(right).isVisible() };
  return out;
}

async function flashcardCheck(page, url) {
  await page.goto(url);
  const card = page.locator('.cards details.card').first();
  const definition = card.locator('p');
  const out = { term: (await card.locator('summary').innerText()).trim(),
    before: await definition.isVisible() };
  await card.locator('summary').click();
  out.after = await definition.isVisible();
  out.definition = await definition.innerText();
  return out;
}

async function widgetCheck(page, url, screenshots) {
  await page.goto(url);
  const out = {};
  // Open the second drift scenario and check its chart becomes visible: moving between
  // precomputed states works without script.
  const scenarios = page.locator('.widget-drift details.scenario');
  out.scenarios = await scenarios.count();
  if (out.scenarios > 1) {
    const second = scenarios.nth(1);
    const chart = second.locator('svg.chart').first();
    out.secondBefore = await chart.isVisible();
    await second.locator('summary').first().click();
    out.secondAfter = await chart.isVisible();
    await scenarios.nth(0).locator('summary').first().click();  // close the first
  }
  // The README picture: the top of the drift lab, with the opened scenario's first feature.
  const box = await page.locator('.widget-drift').first().evaluate((el) => {
    const rect = el.getBoundingClientRect();  // viewport coordinates, plus the scroll offset
    return { x: rect.left + window.scrollX, y: rect.top + window.scrollY,
      width: rect.width, height: rect.height };
  });
  await page.screenshot({ path: path.join(screenshots, 'widget-fallback.png'), fullPage: true,
    clip: { x: Math.max(box.x - 16, 0), y: Math.max(box.y - 8, 0), width: box.width + 32,
      height: Math.min(box.height, 1250) } });
  await page.locator('.widget-dashboard').first().screenshot({
    path: path.join(screenshots, 'widget-dashboard.png') });
  await page.locator('.widget-alerts').first().screenshot({
    path: path.join(screenshots, 'widget-alerts.png') });
  return out;
}

async function main() {
  const config = readConfig();
  const browser = await launch({ javaScriptEnabled: false, allowed: config.allowed });
  const { page } = browser;
  const result = { pages: [], http: [], errors: [] };
  page.on('pageerror', (error) => result.errors.push(String(error)));
  try {
    for (const [index, url] of config.pages.entries()) {
      const response = await page.goto(url, { waitUntil: 'load' });
      const facts = await page.evaluate(pageFacts);
      facts.ok = response === null || response.ok();
      const shot = path.join(config.screenshots, `page-${index}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      if (index === config.lesson_shot) {
        await page.screenshot({ path: path.join(config.screenshots, 'lesson.png') });
      }
      facts.screenshot = shot;
      result.pages.push(facts);
    }
    result.quiz = await quizCheck(page, config.quiz);
    result.flashcards = await flashcardCheck(page, config.flashcards);
    result.widgets = await widgetCheck(page, config.widgets, config.screenshots);
    for (const url of config.http_pages) {
      const response = await page.goto(url, { waitUntil: 'load' });
      const facts = await page.evaluate(pageFacts);
      result.http.push({ url, status: response ? response.status() : null,
        stylesheetApplied: facts.stylesheetApplied, h1: facts.h1 });
    }
    result.requests = [...browser.requests];
    result.blocked = [...browser.blocked];
    if (config.embed) {
      // The opt-in embed: prove it is the only thing that reaches out, and that the default
      // build's lazy, closed-details tricks would not have helped (see lmspack.render.video).
      const before = browser.requests.length;
      await page.goto(config.embed, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      result.embedRequests = browser.requests.slice(before);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => { console.error(error); process.exit(1); });
