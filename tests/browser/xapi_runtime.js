// Drives lmspack pages launched by the loopback test LMS (TinCan or cmi5) in headless
// Chromium with JavaScript on: opens the launch URL, optionally follows a link first (the
// TinCan course index to a lesson) or reloads, waits until the runtime is ready, answers
// the quiz (each pick a change of the radio, as a learner's click), then leaves by
// navigating away. The LMS records what reached the LRS; this prints what the page saw.
//
// Config: {allowed: [URL prefixes], runs: [{name, url, follow: href | null,
// reload: bool (after ready), reloadEarly: bool (after the cmi5 token, before ready),
// answers: [[question, value], ...], leave: URL}]}.
'use strict';

const fs = require('fs');
const path = require('path');
const { launch, readConfig } = require('./browser.js');

async function ready(page) {
  await page.waitForFunction(() => window.lmspackRuntime && window.lmspackRuntime.ready,
    null, { timeout: 20000 });
  return page.evaluate(() => window.lmspackRuntime.ready);
}

async function snapshot(page) {
  return page.evaluate(() => {
    const runtime = window.lmspackRuntime;
    const checked = Array.from(document.querySelectorAll('input[type=radio]:checked'))
      .map((input) => [input.name, input.value]);
    return {
      checked,
      transport: runtime ? runtime.transport : null,
      errors: runtime ? runtime.errors() : null,
      result: runtime ? runtime.tracker.state().result : null,
    };
  });
}

async function run(context, spec) {
  // One tab per run: sessionStorage (the kept TinCan launch, the cmi5 token) is per tab.
  const page = await context.newPage();
  const out = { name: spec.name, console: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') out.console.push(message.text());
  });
  await page.goto(spec.url);
  if (spec.reloadEarly) {
    // Reload once the cmi5 token was fetched, before the runtime is ready (the LMS delays
    // the first LaunchData read): the fetch URL answers once, so the token must be kept.
    await page.waitForFunction(() => Object.keys(sessionStorage)
      .some((key) => key.indexOf('lmspack.cmi5.token:') === 0), null, { timeout: 20000 });
    out.readyBeforeReload = await page.evaluate(() =>
      Boolean(window.lmspackRuntime && window.lmspackRuntime.tracker.state().result.mastery !== null));
    await page.reload();
  }
  if (spec.follow) {
    // The runtime adds the launch to the link's query: match its path only.
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith(spec.follow)),
      page.click(`a[href^="${spec.follow}?"]`)]);
  }
  out.ready = await ready(page);
  out.atReady = await snapshot(page);
  if (spec.reload) {
    await page.reload();
    out.readyAfterReload = await ready(page);
  }
  for (const [question, value] of spec.answers) {
    await page.check(`input[name="${question}"][value="${value}"]`, { force: true });
    await page.waitForTimeout(60);
  }
  out.before = await snapshot(page);
  out.url = page.url();
  await page.goto(spec.leave);
  await page.waitForTimeout(300);
  await page.close();
  return out;
}

// A learner walking a TinCan course from its launch. Steps: {goto: URL}, {click: href
// path} (follow that link, e.g. the lesson's rel=next), {tab: href path} (open that link's
// address in a new tab, as "open in new tab" does, and go on there; the old tab is left),
// {answers: [[q, v], ...]}, {reset: true} ("Clear my answers"), {reload: true},
// {leave: URL}. Every page reached is waited for until its runtime is ready.
async function walk(context, spec) {
  const out = { name: spec.name, console: [], ready: [], errors: [] };
  const watch = (page) => page.on('console', (message) => {
    if (message.type() === 'error') out.console.push(message.text());
  });
  let page = await context.newPage();
  watch(page);
  const started = Date.now();
  const arrived = async () => {
    out.ready.push([new URL(page.url()).pathname, await ready(page), Date.now() - started]);
  };
  const noteErrors = async () => {
    out.errors.push(await page.evaluate(() => (window.lmspackRuntime ? window.lmspackRuntime.errors() : null)));
  };
  for (const step of spec.walk) {
    if (step.goto) {
      await page.goto(step.goto);
      await arrived();
    } else if (step.click || step.tab) {
      const path = step.click || step.tab;
      const link = page.locator(`a[href^="${path}?"]`).first();
      await noteErrors();
      if (step.click) {
        const file = path.replace(/^(\.\.\/)+/, '');
        await Promise.all([page.waitForURL((url) => url.pathname.endsWith(file)), link.click()]);
      } else {
        const address = new URL(await link.getAttribute('href'), page.url()).href;
        const next = await context.newPage();
        watch(next);
        await page.goto(spec.leaveTo);
        await page.close();
        page = next;
        await page.goto(address);
      }
      await arrived();
    } else if (step.answers) {
      for (const [question, value] of step.answers) {
        await page.check(`input[name="${question}"][value="${value}"]`, { force: true });
        await page.waitForTimeout(60);
      }
    } else if (step.reset) {
      await page.click('#lmspack-quiz button[type=reset]');
      await page.waitForTimeout(100);
    } else if (step.reload) {
      await noteErrors();
      await page.reload();
      await arrived();
    } else if (step.leave) {
      await noteErrors();
      await page.goto(step.leave);
      await page.waitForTimeout(300);
    }
  }
  await page.close();
  return out;
}

async function main() {
  const config = readConfig();
  const browser = await launch({ javaScriptEnabled: true, allowed: config.allowed });
  if (config.probe) {
    const source = fs.readFileSync(path.join(__dirname, 'fetch_probe.js'), 'utf8')
      .replace('__LMSPACK_PROBE__', config.probe);
    await browser.context.addInitScript({ content: source });
  }
  const results = [];
  try {
    for (const spec of config.runs) {
      results.push(await (spec.walk ? walk(browser.context, spec) : run(browser.context, spec)));
    }
    // The learner's browser stays open a while after the last page is left, as a real one
    // does: requests still in flight (a slow LRS) are not cut by closing it.
    await new Promise((resolve) => setTimeout(resolve, config.lingerMs || 500));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify({ runs: results, blocked: browser.blocked }));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
