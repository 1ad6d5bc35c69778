// Drives lmspack SCOs inside the test LMS page (scorm_lms.html + scorm-again) in headless
// Chromium with JavaScript on, and prints what the LMS recorded as JSON.
//
// Config: {lms: URL of scorm_lms.html, allowed: [URL prefixes], runs: [{name, version,
// sco: URL, initial: {...} | null, resume: name of an earlier run | null,
// forgetAnswers: bool, answers: [[question, value], ...], pauseMs}]}. A run with `resume`
// starts from what the LMS kept of that earlier run (its suspend data, status and score;
// entry = "resume"); with forgetAnswers the LMS kept the status but no suspend data.
'use strict';

const { launch, readConfig } = require('./browser.js');

// What an LMS keeps between two launches of a SCO whose learner left with exit=suspend.
function resumed(version, cmi, initial, forgetAnswers) {
  const base = JSON.parse(JSON.stringify(initial || {}));
  if (version === '1.2') {
    base.core = Object.assign(base.core || {}, {
      entry: 'resume', lesson_status: cmi.core.lesson_status, score: cmi.core.score,
    });
  } else {
    Object.assign(base, {
      entry: 'resume', completion_status: cmi.completion_status,
      success_status: cmi.success_status, score: cmi.score, interactions: cmi.interactions,
    });
  }
  if (forgetAnswers) {
    // The learner left normally (exit ""), so the next launch is not a resume, and this LMS
    // kept no suspend data: the runtime has no answers to restore.
    if (version === '1.2') base.core.entry = '';
    else base.entry = '';
  } else {
    base.suspend_data = cmi.suspend_data;
  }
  return base;
}

async function frameState(page) {
  const frame = page.frame({ name: 'sco' }) || page.frames().find((f) => f.url().includes('/lessons/'));
  return frame.evaluate(() => {
    const checked = Array.from(document.querySelectorAll('input[type=radio]:checked'))
      .map((input) => [input.name, input.value]);
    const feedback = Array.from(document.querySelectorAll('.feedback'))
      .filter((node) => getComputedStyle(node).display !== 'none').length;
    const runtime = window.lmspackRuntime;
    return {
      checked, feedback, transport: runtime ? runtime.transport : null,
      runtimeErrors: runtime ? runtime.errors() : null,
    };
  });
}

async function run(page, lmsUrl, spec, earlier) {
  const initial = spec.resume
    ? resumed(spec.version, earlier[spec.resume].cmi, spec.initial, spec.forgetAnswers)
    : spec.initial;
  await page.goto(lmsUrl);
  await page.evaluate(([version, init, sco]) => window.lmsStart(version, init, sco),
    [spec.version, initial, spec.sco]);
  const init = spec.version === '1.2' ? 'LMSInitialize' : 'Initialize';
  const commit = spec.version === '1.2' ? 'LMSCommit' : 'Commit';
  const finish = spec.version === '1.2' ? 'LMSFinish' : 'Terminate';
  // The runtime commits once it has initialised and reported the starting state.
  await page.waitForFunction(([i, c]) => {
    const calls = window.lmsCalls();
    return calls.includes(i) && calls.includes(c);
  }, [init, commit], { timeout: 10000 });
  const frame = page.frameLocator('#sco');
  const before = await frameState(page);
  for (const [question, value] of spec.answers || []) {
    await page.waitForTimeout(spec.pauseMs || 0);
    await frame.locator(`#${question}-${value}`).check();
  }
  const after = await frameState(page);
  await page.evaluate(() => window.lmsUnload());
  await page.waitForFunction((f) => window.lmsCalls().includes(f), finish, { timeout: 10000 });
  const result = await page.evaluate(() => window.lmsResult());
  return Object.assign({ name: spec.name, version: spec.version, initial, before, after }, result);
}

(async () => {
  const config = readConfig();
  const browser = await launch({ javaScriptEnabled: true, allowed: config.allowed });
  const errors = [];
  browser.page.on('pageerror', (error) => errors.push(String(error)));
  browser.page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  const runs = {};
  try {
    for (const spec of config.runs) {
      runs[spec.name] = await run(browser.page, config.lms, spec, runs);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify({
    runs, errors, blocked: browser.blocked, requests: browser.requests,
  }));
})().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
