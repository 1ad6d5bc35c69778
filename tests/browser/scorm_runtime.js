// Drives lmspack SCOs inside the test LMS page (scorm_lms.html + scorm-again) in headless
// Chromium with JavaScript on, and prints what the LMS recorded as JSON.
//
// Config: {lms: URL of scorm_lms.html, next: URL the LMS navigates the SCO frame to, base:
// the server's URL, allowed: [URL prefixes], runs: [run]}. A run is {name, version, sco: URL,
// initial: {...} | null, resume: name of an earlier run | null, keep: "all" | "status",
// steps: [["answer", question, value] | ["reset"] | ["hide"]], leave: "navigate" | "close" |
// "bfcache", afterRestore: a step | null, double: null | "moodle" | "strict391", modeless:
// bool, mode, credit, pauseMs}; scormAgain and lmsScript: paths of the test LMS's scripts.
//
// Each run gets a fresh tab. The SCO is left the way the run says: "navigate" points its
// frame at the next page (as an LMS does when the learner moves on), "close" closes the whole
// tab, "bfcache" leaves the SCO's own window and comes back from the back/forward cache
// (runRestored). What the LMS recorded comes from the test server: every API call the page reported
// by beacon, and every commit scorm-again posted to its lmsCommitUrl. A run with `resume`
// starts from what the LMS stored at the end of that earlier run (the last commit's data,
// entry = "resume"); with keep "status" the LMS kept the status and score but no suspend data
// (and the learner had left normally, so entry is "").
'use strict';

const fs = require('fs');

const { launch, readConfig } = require('./browser.js');

const SETTLE_MS = 10000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function fetchJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  return response.json();
}

/** What the server stored for `run`, once `done(calls)` holds (beacons arrive late). */
async function stored(base, run, done) {
  const until = Date.now() + SETTLE_MS;
  for (;;) {
    const calls = (await fetchJson(`${base}lms/call/${run}`)).sort((a, b) => a.seq - b.seq);
    const commits = await fetchJson(`${base}lms/commit/${run}`);
    if (done(calls, commits) || Date.now() > until) return { calls, commits };
    await sleep(50);
  }
}

/** The data model the LMS keeps: what the last commit of the run posted. */
function lmsRecord(commits) {
  const last = commits.length ? commits[commits.length - 1] : null;
  if (!last || typeof last !== 'object') return null;
  return last.cmi || last;
}

// What an LMS gives a SCO launched again after `cmi` was stored.
function resumed(version, cmi, initial, keep) {
  const base = JSON.parse(JSON.stringify(initial || {}));
  if (version === '1.2') {
    base.core = Object.assign(base.core || {}, {
      entry: 'resume', lesson_status: cmi.core.lesson_status, score: cmi.core.score,
    });
  } else {
    Object.assign(base, {
      entry: 'resume', completion_status: cmi.completion_status,
      success_status: cmi.success_status, score: cmi.score, interactions: cmi.interactions,
      progress_measure: cmi.progress_measure,
    });
  }
  if (keep === 'status') {
    if (version === '1.2') base.core.entry = '';
    else base.entry = '';
  } else {
    base.suspend_data = cmi.suspend_data;
  }
  return base;
}

function withMode(version, initial, mode, credit) {
  const base = JSON.parse(JSON.stringify(initial || {}));
  if (version === '1.2') {
    base.core = base.core || {};
    if (mode) base.core.lesson_mode = mode;
    if (credit) base.core.credit = credit;
  } else {
    if (mode) base.mode = mode;
    if (credit) base.credit = credit;
  }
  return base;
}

async function frameState(frame) {
  return frame.evaluate(() => {
    const checked = Array.from(document.querySelectorAll('input[type=radio]:checked'))
      .map((input) => [input.name, input.value]);
    const feedback = Array.from(document.querySelectorAll('.feedback'))
      .filter((node) => getComputedStyle(node).display !== 'none').length;
    const runtime = window.lmspackRuntime;
    const notice = document.getElementById('lmspack-status');
    return {
      checked, feedback, transport: runtime ? runtime.transport : null,
      runtimeErrors: runtime ? runtime.errors() : null,
      notice: notice && notice.offsetParent !== null ? notice.textContent : null,
    };
  });
}

// root: where to find the SCO's elements (a frame locator or the page); frame: its Frame.
async function step(page, root, frame, action, pauseMs) {
  await page.waitForTimeout(pauseMs || 0);
  if (action[0] === 'answer') {
    await root.locator(`#${action[1]}-${action[2]}`).check();
  } else if (action[0] === 'reset') {
    await root.getByRole('button', { name: 'Clear my answers' }).click();
    await page.waitForTimeout(50); // the runtime reads the form after the reset is done
  } else if (action[0] === 'hide') {
    // The tab goes to the background: the document becomes hidden.
    await frame.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
  } else {
    throw new Error(`unknown step ${action[0]}`);
  }
}

async function steps(page, root, frame, spec, phaseFrame) {
  for (const action of spec.steps || []) {
    await phaseFrame.evaluate((phase) => { window.lmsPhase = phase; }, action[0]);
    await step(page, root, frame, action, spec.pauseMs);
  }
  await phaseFrame.evaluate(() => { window.lmsPhase = 'run'; });
}

function launchSpec(config, spec, initial, sco) {
  return {
    version: spec.version, initial, sco, double: spec.double || null,
    modeless: Boolean(spec.modeless),
    commitUrl: `${config.base}lms/commit/${spec.name}`,
    callUrl: `${config.base}lms/call/${spec.name}`,
  };
}

// Every commit that answered "true" posted once (scorm-again's synchronous request, or
// Moodle's beacon), and so did the finish (scorm-again's termination beacon).
function posted(calls) {
  return calls.filter((c) => /Commit$|^LMSFinish$|^Terminate$/.test(c.fn) &&
    c.result === 'true').length;
}

/**
 * A SCO in its own window, left for another page and brought back with the Back button:
 * Chromium restores it from its back/forward cache (pageshow with persisted = true). The
 * test installs the LMS's API in the SCO's window (an init script): Chromium keeps no page
 * with an opener in that cache. After the restore the learner answers once more.
 */
async function runRestored(context, config, spec, initial, consoleLog, sources) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => consoleLog.push({ run: spec.name, type: message.type(), text: message.text() }));
  const scoUrl = new URL(spec.sco, config.lms).href;
  const install = `window.lmsShows = []; window.addEventListener('pageshow', (e) => ` +
    `window.lmsShows.push(e.persisted)); window.lmsStart(${JSON.stringify(launchSpec(config, spec, initial, null))});`;
  await page.addInitScript(`if (location.href === ${JSON.stringify(scoUrl)}) {\n` +
    `${sources.scormAgain}\n${sources.lms}\n${install}\n}`);
  await page.goto(scoUrl);
  const init = spec.version === '1.2' ? 'LMSInitialize' : 'Initialize';
  await page.waitForFunction((i) => window.lmsCalls().includes(i), init, { timeout: SETTLE_MS });
  const frame = page.mainFrame();
  const before = await frameState(frame);
  await steps(page, page, frame, spec, frame);
  const after = await frameState(frame);
  await page.evaluate(() => { window.lmsPhase = 'leave'; });
  await page.goto(config.next);
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction(() => window.lmsShows && window.lmsShows.includes(true), null,
    { timeout: SETTLE_MS });
  await page.evaluate(() => { window.lmsPhase = 'restored'; });
  if (spec.afterRestore) await step(page, page, frame, spec.afterRestore, spec.pauseMs);
  await page.waitForTimeout(200);
  const restored = await frameState(frame);
  restored.shows = await page.evaluate(() => window.lmsShows);
  const inPage = await page.evaluate(() => window.lmsResult());
  await page.close();
  const server = await stored(config.base, spec.name, (calls, commits) =>
    calls.length >= inPage.calls.length && commits.length >= posted(calls));
  return {
    name: spec.name, version: spec.version, initial, before, after, restored, errors,
    calls: server.calls, commits: server.commits.length, cmi: lmsRecord(server.commits),
    inPage: { calls: inPage.calls.length, beacons: inPage.beacons }, engine: inPage.cmi,
  };
}

async function run(context, config, spec, earlier, consoleLog, sources) {
  let initial = spec.resume
    ? resumed(spec.version, earlier[spec.resume].cmi, spec.initial, spec.keep)
    : spec.initial;
  if (spec.mode || spec.credit) initial = withMode(spec.version, initial, spec.mode, spec.credit);
  if (spec.leave === 'bfcache') return runRestored(context, config, spec, initial, consoleLog, sources);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => consoleLog.push({ run: spec.name, type: message.type(), text: message.text() }));
  await page.goto(config.lms);
  await page.evaluate((launch) => window.lmsStart(launch), launchSpec(config, spec, initial, spec.sco));
  const init = spec.version === '1.2' ? 'LMSInitialize' : 'Initialize';
  const finish = spec.version === '1.2' ? 'LMSFinish' : 'Terminate';
  await page.waitForFunction((i) => {
    const frame = document.getElementById('sco');
    return window.lmsCalls().includes(i) && frame.contentDocument &&
      frame.contentDocument.readyState === 'complete';
  }, init, { timeout: SETTLE_MS });
  const frame = page.frame({ name: 'sco' });
  const before = await frameState(frame);
  await steps(page, page.frameLocator('#sco'), frame, spec, page.mainFrame());
  const after = await frameState(frame);
  let inPage = null;
  if (spec.leave === 'close') {
    await page.evaluate(() => { window.lmsPhase = 'leave'; });
    await page.close({ runBeforeUnload: true });
  } else {
    await page.evaluate((next) => window.lmsLeave(next), config.next);
    await page.waitForFunction((f) => window.lmsCalls().includes(f), finish, { timeout: SETTLE_MS })
      .catch(() => null); // a runtime that never finishes is what the test reports
    await page.waitForFunction(() => {
      const sco = document.getElementById('sco');
      return sco.contentDocument && sco.contentDocument.readyState === 'complete' &&
        sco.contentWindow.location.pathname.endsWith('/next.html');
    }, null, { timeout: SETTLE_MS });
    inPage = await page.evaluate(() => window.lmsResult());
    await page.close();
  }
  // The terminate commit goes by beacon: wait until the server has it, and the call log.
  // Each call is a beacon of its own and beacons may arrive out of order: when the tab is
  // closed (no in-page count to wait for) the finish can be stored before a call made just
  // before it, so wait for a gapless log too (seq 0..n-1); a lost call still fails the test
  // once SETTLE_MS has passed.
  const server = await stored(config.base, spec.name, (calls, commits) =>
    calls.some((c) => c.fn === finish) && commits.length >= posted(calls) &&
    calls.every((c, index) => c.seq === index) &&
    (!inPage || calls.length >= inPage.calls.length));
  return {
    name: spec.name, version: spec.version, initial, before, after, errors,
    calls: server.calls, commits: server.commits.length, cmi: lmsRecord(server.commits),
    inPage: inPage ? { calls: inPage.calls.length, beacons: inPage.beacons } : null,
    engine: inPage ? inPage.cmi : null,
  };
}

(async () => {
  const config = readConfig();
  const browser = await launch({ javaScriptEnabled: true, allowed: config.allowed });
  // The bfcache runs put the API in the SCO's own window, where the page's
  // Content-Security-Policy (connect-src 'none') would block the API's commits: that browser
  // ignores CSP. An LMS's API never lives in the SCO's window.
  const cached = await launch({
    javaScriptEnabled: true, allowed: config.allowed, bfcache: true, bypassCSP: true,
  });
  const sources = {
    scormAgain: fs.readFileSync(config.scormAgain, 'utf8'),
    lms: fs.readFileSync(config.lmsScript, 'utf8'),
  };
  const consoleLog = [];
  const runs = {};
  try {
    for (const spec of config.runs) {
      const context = spec.leave === 'bfcache' ? cached.context : browser.context;
      runs[spec.name] = await run(context, config, spec, runs, consoleLog, sources);
    }
  } finally {
    await browser.close();
    await cached.close();
  }
  process.stdout.write(JSON.stringify({
    runs, console: consoleLog, blocked: browser.blocked.concat(cached.blocked),
    requests: browser.requests.concat(cached.requests),
  }));
})().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
