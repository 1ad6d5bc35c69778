// Unit tests of the tracking runtime's parts that need no browser, on node's built-in test
// runner: `node --test tests/browser/runtime.test.js` (pytest runs it from
// test_scorm_runtime.py). LMSPACK_RUNTIME_CASES names a JSON file of resume-state cases that
// lmspack/packaging/tracking.py encoded; the script must produce the same strings.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');

const runtime = require(path.join(__dirname, '..', '..', 'src', 'lmspack', 'packaging',
  'runtime', 'lmspack-runtime.js'));

// The SCORM formats, from the specifications (stricter than scorm-again's checks).
const TIMESPAN_12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
const TIME_12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const DURATION_2004 = /^P(?!$)(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)$/;
const TIMESTAMP_2004 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,2}Z$/;

const QUIZ = [
  { id: 'q1', options: ['a', 'b', 'c', 'd'], correct: 'c' },
  { id: 'q2', options: ['a', 'b', 'c', 'd'], correct: 'a' },
  { id: 'q3', options: ['a', 'b', 'c', 'd'], correct: 'd' },
];

test('1.2 time spans: HHHH:MM:SS.SS for sessions, HH:MM:SS for latency', () => {
  assert.equal(runtime.timespan12(0, 4, 2), '0000:00:00.00');
  assert.equal(runtime.timespan12(3723456, 4, 2), '0001:02:03.46');
  assert.equal(runtime.timespan12(65000, 2, 0), '00:01:05');
  assert.equal(runtime.timespan12(-5, 2, 0), '00:00:00');
  assert.equal(runtime.timespan12(1e12, 4, 2), '9999:59:59.99');
  for (const ms of [0, 9, 999, 59999, 3599999, 86400000, 359999999]) {
    assert.match(runtime.timespan12(ms, 4, 2), TIMESPAN_12);
    assert.match(runtime.timespan12(ms, 2, 0), TIMESPAN_12);
  }
});

test('2004 durations: ISO 8601 with at most two decimals', () => {
  assert.equal(runtime.duration2004(0), 'PT0S');
  assert.equal(runtime.duration2004(500), 'PT0.5S');
  assert.equal(runtime.duration2004(10), 'PT0.01S');
  assert.equal(runtime.duration2004(60000), 'PT1M');
  assert.equal(runtime.duration2004(3600000), 'PT1H');
  assert.equal(runtime.duration2004(3723450), 'PT1H2M3.45S');
  assert.equal(runtime.duration2004(90061004), 'PT25H1M1S');
  for (const ms of [0, 1, 4, 5, 999, 61234, 3600010, 123456789]) {
    assert.match(runtime.duration2004(ms), DURATION_2004, String(ms));
  }
});

test('timestamps: 1.2 CMITime and 2004 date-time, both UTC', () => {
  const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  assert.equal(runtime.time12(at), '03:04:05');
  assert.equal(runtime.timestamp2004(at), '2026-01-02T03:04:05.67Z');
  assert.match(runtime.time12(new Date()), TIME_12);
  assert.match(runtime.timestamp2004(new Date()), TIMESTAMP_2004);
});

test('decimals have no exponent and at most the given places', () => {
  assert.equal(runtime.decimal(2 / 3, 4), '0.6667');
  assert.equal(runtime.decimal(66.67, 2), '66.67');
  assert.equal(runtime.decimal(1, 4), '1');
  assert.equal(runtime.decimal(0, 2), '0');
});

test('resume state: the same strings lmspack computes at build time', (t) => {
  const file = process.env.LMSPACK_RUNTIME_CASES;
  if (!file) {
    t.skip('LMSPACK_RUNTIME_CASES not set (pytest sets it)');
    return;
  }
  const cases = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(cases.length > 0);
  for (const item of cases) {
    assert.equal(runtime.quizSignature(item.quiz), item.signature);
    assert.equal(runtime.encodeState(item.quiz, item.answers), item.state);
    assert.deepEqual(runtime.decodeState(item.quiz, item.state), item.answers);
  }
});

test('resume state from another quiz or in a bad shape is ignored', () => {
  const state = runtime.encodeState(QUIZ, { q1: 'b', q3: 'd' });
  assert.deepEqual(runtime.decodeState(QUIZ, state), { q1: 'b', q3: 'd' });
  const other = QUIZ.slice(0, 2);
  assert.equal(runtime.decodeState(other, state), null);
  assert.equal(runtime.decodeState(QUIZ, ''), null);
  assert.equal(runtime.decodeState(QUIZ, null), null);
  assert.equal(runtime.decodeState(QUIZ, 'viewed=1,2,3'), null);
  const head = state.slice(0, state.indexOf(':') + 1);
  assert.deepEqual(runtime.decodeState(QUIZ, head + 'z,,d,a'), { q3: 'd' });
});

test('judging: pass once the mark is reached, fail only when all is answered', () => {
  assert.deepEqual(runtime.judge(QUIZ, {}, 0.8),
    { total: 3, answered: 0, correct: 0, scaled: 0, completed: false, passed: null, mastery: 0.8 });
  assert.equal(runtime.judge(QUIZ, { q1: 'c', q2: 'a' }, 0.6).passed, true);
  assert.equal(runtime.judge(QUIZ, { q1: 'c', q2: 'b' }, 0.6).passed, null);
  const failed = runtime.judge(QUIZ, { q1: 'c', q2: 'b', q3: 'd' }, 0.8);
  assert.deepEqual([failed.completed, failed.passed, failed.scaled], [true, false, 0.6667]);
  // The verdict uses the reported (rounded) score, as an LMS comparing it would.
  assert.equal(runtime.judge(QUIZ, { q1: 'c', q2: 'a', q3: 'a' }, 0.6667).passed, true);
  assert.deepEqual(runtime.judge([], {}, 0.8),
    { total: 0, answered: 0, correct: 0, scaled: null, completed: true, passed: null, mastery: null });
});

function frame(props) {
  const win = Object.assign({}, props);
  if (!('parent' in win)) win.parent = win;
  return win;
}

test('finding the API: parents up to the top, then the opener and its parents', () => {
  const api = { LMSInitialize() {} };
  const top = frame({ API: api });
  const middle = frame({ parent: top });
  const sco = frame({ parent: middle });
  assert.equal(runtime.findApi(sco, 'API', 'LMSInitialize'), api);
  const openerTop = frame({ API_1484_11: { Initialize() {} } });
  const popup = frame({ opener: frame({ parent: openerTop }) });
  assert.equal(runtime.findApi(popup, 'API_1484_11', 'Initialize'), openerTop.API_1484_11);
  assert.equal(runtime.findApi(popup, 'API', 'LMSInitialize'), null);
  // A cross-origin frame in the chain throws on access; the search goes past it to null.
  const foreign = {};
  Object.defineProperty(foreign, 'API', { get() { throw new Error('SecurityError'); } });
  Object.defineProperty(foreign, 'parent', { get() { throw new Error('SecurityError'); } });
  assert.equal(runtime.findApi(frame({ parent: foreign }), 'API', 'LMSInitialize'), null);
  // An API without its methods is not an API.
  assert.equal(runtime.findApi(frame({ API: {} }), 'API', 'LMSInitialize'), null);
});

function fakeScorm12(errorCode, stored) {
  const calls = [];
  const store = Object.assign(
    { 'cmi.interactions._count': '2', 'cmi.student_data.mastery_score': '' }, stored);
  const method = (name) => (...args) => {
    calls.push([name, ...args]);
    if (name === 'LMSGetValue') return store[args[0]] || '';
    return 'true';
  };
  const api = {};
  for (const name of ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit']) {
    api[name] = method(name);
  }
  api.LMSGetLastError = () => errorCode || '0';
  return { api, calls };
}

test('scorm12 transport: events become 1.2 elements, after existing interactions', () => {
  const { api, calls } = fakeScorm12();
  const transport = runtime.TRANSPORTS.scorm12({ noQuizStatus: 'completed' });
  assert.equal(transport.find(frame({ API: api })), true);
  assert.equal(transport.initialize({ id: 'l', course: 'c', quiz: QUIZ }), true);
  assert.equal(transport.read('mastery'), null); // not in the manifest: the page's mark applies
  transport.record({
    type: 'answer', question: QUIZ[0], response: 'b', correct: false, latencyMs: 61500,
    at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  });
  const sets = calls.filter((c) => c[0] === 'LMSSetValue').map((c) => c.slice(1));
  assert.deepEqual(sets, [
    ['cmi.interactions.2.id', 'q1'], ['cmi.interactions.2.time', '03:04:05'],
    ['cmi.interactions.2.type', 'choice'], ['cmi.interactions.2.correct_responses.0.pattern', 'c'],
    ['cmi.interactions.2.weighting', '1'], ['cmi.interactions.2.student_response', 'b'],
    ['cmi.interactions.2.result', 'wrong'], ['cmi.interactions.2.latency', '00:01:01'],
  ]);
  calls.length = 0;
  transport.record({ type: 'result', total: 0, scaled: null });
  transport.record({ type: 'end', durationMs: 1234, suspend: false });
  assert.deepEqual(calls.map((c) => c.slice(1)), [
    ['cmi.core.lesson_status', 'completed'], ['cmi.core.session_time', '0000:00:01.23'],
    ['cmi.core.exit', ''],
  ]);
  assert.deepEqual(transport.errors(), []);
});

test('scorm12 transport: choices are single characters a..z then 0..9; past 36, fill-in', () => {
  const { api, calls } = fakeScorm12('405');
  const transport = runtime.TRANSPORTS.scorm12({ noQuizStatus: 'passed' });
  transport.find(frame({ API: api }));
  transport.initialize();
  const letters = (count) => Array.from({ length: count }, (_, i) => (i < 26
    ? String.fromCharCode(97 + i) : 'a' + String.fromCharCode(97 + i - 26)));
  const at = new Date();
  const q36 = { id: 'q1', options: letters(36), correct: 'aj' };
  transport.record({ type: 'answer', question: q36, response: 'z', correct: false, latencyMs: 0, at });
  const q37 = { id: 'q2', options: letters(37), correct: 'ak' };
  transport.record({ type: 'answer', question: q37, response: 'ak', correct: true, latencyMs: 0, at });
  transport.record({ type: 'result', total: 0, scaled: null });
  const set = (suffix) => calls.filter((c) => c[0] === 'LMSSetValue' && c[1].endsWith(suffix))
    .map((c) => c.slice(1));
  assert.deepEqual(set('.type'), [['cmi.interactions.2.type', 'choice'], ['cmi.interactions.3.type', 'fill-in']]);
  assert.deepEqual(set('.student_response'), [
    ['cmi.interactions.2.student_response', 'z'], ['cmi.interactions.3.student_response', 'ak']]);
  assert.deepEqual(set('.pattern'), [
    ['cmi.interactions.2.correct_responses.0.pattern', '9'],
    ['cmi.interactions.3.correct_responses.0.pattern', 'ak']]);
  assert.deepEqual(set('lesson_status'), [['cmi.core.lesson_status', 'passed']]);
  assert.equal(runtime.CHOICE_12.length, 36);
  assert.deepEqual(transport.errors()[0], { call: 'LMSInitialize', element: '', code: '405' });
});

test('scorm12 transport: reads what the LMS earned, writes only what changed', () => {
  const { api, calls } = fakeScorm12('0', {
    'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '100',
    'cmi.core.lesson_mode': 'review', 'cmi.core.credit': 'no-credit',
  });
  const transport = runtime.TRANSPORTS.scorm12({ noQuizStatus: 'completed' });
  transport.find(frame({ API: api }));
  transport.initialize();
  assert.deepEqual(transport.read('earned'), { completed: true, passed: true, scaled: 1 });
  assert.deepEqual(transport.read('mode'), { mode: 'review', credit: false });
  transport.record({ type: 'result', total: 4, completed: true, passed: true, scaled: 1 });
  assert.deepEqual(calls.filter((c) => c[0] === 'LMSSetValue').map((c) => c[1]),
    ['cmi.core.score.min', 'cmi.core.score.max']);
  // An LMS that never sets the mode or the credit: normal, with credit.
  const blank = fakeScorm12('0', {});
  const other = runtime.TRANSPORTS.scorm12({ noQuizStatus: 'completed' });
  other.find(frame({ API: blank.api }));
  other.initialize();
  assert.deepEqual(other.read('mode'), { mode: 'normal', credit: true });
  assert.deepEqual(other.read('earned'), { completed: false, passed: null, scaled: null });
});

test('2004 descriptions: whitespace folded, at most 250 characters, no language tag', () => {
  assert.equal(runtime.description2004('  Which   one?\n'), 'Which one?');
  const long = 'x'.repeat(300);
  assert.equal(runtime.description2004(long).length, 250);
  assert.ok(runtime.description2004(long).endsWith('\u2026'));
  assert.equal(runtime.description2004('{lang=en} trick'), 'lang=en} trick');
  const emoji = 'a'.repeat(248) + '\u{1F600}' + 'b'.repeat(10);
  const cut = runtime.description2004(emoji);
  assert.ok(cut.length <= 250 && !/[\ud800-\udbff]\u2026$/.test(cut));
});

test('keeping the best: earned status and score are never taken back', () => {
  const none = { completed: false, passed: null, scaled: null };
  const pass = { completed: true, passed: true, scaled: 1 };
  const fail = { completed: true, passed: false, scaled: 0.5 };
  assert.deepEqual(runtime.keepBest(pass, none), pass);
  assert.deepEqual(runtime.keepBest(pass, { completed: true, passed: false, scaled: 0.25 }), pass);
  assert.deepEqual(runtime.keepBest(fail, none), fail);
  assert.deepEqual(runtime.keepBest(fail, { completed: true, passed: true, scaled: 0.75 }),
    { completed: true, passed: true, scaled: 0.75 });
  assert.deepEqual(runtime.keepBest(none, { completed: false, passed: null, scaled: null }), none);
  assert.deepEqual(runtime.keepBest({ completed: true, passed: null, scaled: null }, none),
    { completed: true, passed: null, scaled: null });
});

test('connect tries the transports in the order the settings give', () => {
  const { api } = fakeScorm12();
  const win = frame({ API: api, API_1484_11: { Initialize() {} } });
  assert.equal(runtime.connect(win, { transports: ['scorm2004', 'scorm12'] }).name, 'scorm2004');
  assert.equal(runtime.connect(win, { transports: ['xapi', 'scorm12'] }).name, 'scorm12');
  assert.equal(runtime.connect(frame({}), { transports: ['scorm12', 'scorm2004'] }), null);
});

function fakeDocument(quiz) {
  const inputs = {};
  for (const q of quiz) {
    inputs[q.id] = q.options.map((value) => ({ type: 'radio', name: q.id, value, checked: false }));
  }
  return { inputs, getElementsByName: (name) => inputs[name] || [] };
}

function recordingTransport(mastery, state, lms) {
  const log = [];
  const reads = Object.assign({ mode: { mode: 'normal', credit: true }, earned: null }, lms,
    { mastery, state });
  return {
    log,
    name: 'recording',
    find: () => true,
    initialize: (lesson) => { log.push(['initialize', lesson.id]); return true; },
    read: (key) => reads[key],
    record: (event) => log.push(['record', event]),
    commit: () => { log.push(['commit']); return true; },
    terminate: () => { log.push(['terminate']); return true; },
  };
}

test('core: start, answer, finish once; events only, timed by its clock', () => {
  const doc = fakeDocument(QUIZ);
  const transport = recordingTransport(null, '');
  let clock = 1000;
  const lesson = { id: 'l1', course: 'c', passMark: 60, quiz: QUIZ };
  const settings = { commit: 'answer', score: 'final' };
  const tracker = runtime.createTracker(doc, lesson, transport, settings, () => clock);
  assert.equal(tracker.start(), true);
  assert.deepEqual(transport.log.map((e) => (e[0] === 'record' ? e[1].type : e[0])),
    ['initialize', 'result', 'state', 'commit']);
  assert.equal(transport.log[1][1].scaled, null); // nothing answered: no score yet
  assert.equal(transport.log[1][1].mastery, 0.6); // the page's pass mark
  transport.log.length = 0;
  clock = 4000;
  doc.inputs.q1[2].checked = true;
  tracker.change(doc.inputs.q1[2]);
  clock = 4500;
  doc.inputs.q2[1].checked = true;
  tracker.change(doc.inputs.q2[1]);
  const answers = transport.log.filter((e) => e[0] === 'record' && e[1].type === 'answer')
    .map((e) => [e[1].question.id, e[1].response, e[1].correct, e[1].latencyMs]);
  assert.deepEqual(answers, [['q1', 'c', true, 3000], ['q2', 'b', false, 500]]);
  assert.equal(transport.log.filter((e) => e[0] === 'commit').length, 2);
  const last = transport.log.filter((e) => e[0] === 'record' && e[1].type === 'result').pop()[1];
  assert.deepEqual([last.answered, last.correct, last.passed, last.scaled], [2, 1, null, null]);
  transport.log.length = 0;
  clock = 9000;
  tracker.finish();
  tracker.finish();
  // Finishing sets the final values and terminates: no commit right before it.
  assert.deepEqual(transport.log, [
    ['record', { type: 'end', durationMs: 8000, suspend: true }], ['terminate'],
  ]);
  tracker.change(doc.inputs.q3[3]); // after the end nothing is reported
  tracker.commit();
  assert.equal(transport.log.length, 2);
  for (const entry of transport.log) assert.ok(!JSON.stringify(entry).includes('cmi.'));
});

test('core: restores stored answers, commits on exit only when told to', () => {
  const doc = fakeDocument(QUIZ);
  const stored = runtime.encodeState(QUIZ, { q1: 'c', q3: 'a' });
  const transport = recordingTransport(0.5, stored);
  const lesson = { id: 'l1', course: 'c', passMark: 80, quiz: QUIZ };
  const tracker = runtime.createTracker(doc, lesson, transport, { commit: 'exit', score: 'always' }, () => 0);
  tracker.start();
  assert.deepEqual(doc.inputs.q1.map((i) => i.checked), [false, false, true, false]);
  assert.deepEqual(doc.inputs.q3.map((i) => i.checked), [true, false, false, false]);
  assert.deepEqual(tracker.state().answers, { q1: 'c', q3: 'a' });
  const start = transport.log.filter((e) => e[0] === 'record')[0][1];
  assert.deepEqual([start.scaled, start.mastery, start.passed], [0.3333, 0.5, null]);
  transport.log.length = 0;
  doc.inputs.q2[0].checked = true;
  tracker.change(doc.inputs.q2[0]);
  assert.equal(transport.log.filter((e) => e[0] === 'commit').length, 0);
  const result = transport.log.filter((e) => e[0] === 'record' && e[1].type === 'result')[0][1];
  assert.deepEqual([result.completed, result.passed, result.scaled], [true, true, 0.6667]);
});

test('core: a lesson without a quiz is complete at once and stores no state', () => {
  const transport = recordingTransport(null, '');
  const tracker = runtime.createTracker(fakeDocument([]), { id: 'x', course: 'c', quiz: [] },
    transport, { commit: 'answer', score: 'final' }, () => 0);
  tracker.start();
  const records = transport.log.filter((e) => e[0] === 'record').map((e) => e[1]);
  assert.deepEqual(records.map((e) => e.type), ['result']);
  assert.equal(records[0].completed, true);
  tracker.finish();
  assert.equal(transport.log.filter((e) => e[0] === 'record').pop()[1].suspend, false);
});

function results(transport) {
  return transport.log.filter((e) => e[0] === 'record' && e[1].type === 'result').map((e) => e[1]);
}

function answerAll(doc, tracker, picks) {
  for (const [q, index] of picks) {
    doc.inputs[q][index].checked = true;
    tracker.change(doc.inputs[q][index]);
  }
}

test('core: "Clear my answers" after a pass keeps the pass and the best score', () => {
  const doc = fakeDocument(QUIZ);
  const transport = recordingTransport(null, '');
  const tracker = runtime.createTracker(doc, { id: 'l', course: 'c', passMark: 60, quiz: QUIZ },
    transport, { commit: 'answer', score: 'final' }, () => 0);
  tracker.start();
  answerAll(doc, tracker, [['q1', 2], ['q2', 0], ['q3', 3]]);
  assert.deepEqual(results(transport).pop().passed, true);
  for (const q of QUIZ) doc.inputs[q.id].forEach((input) => { input.checked = false; });
  tracker.reset();
  let last = results(transport).pop();
  assert.deepEqual([last.completed, last.passed, last.scaled, last.answered, last.progress],
    [true, true, 1, 0, 1]);
  answerAll(doc, tracker, [['q1', 0]]); // a worse retry
  last = results(transport).pop();
  assert.deepEqual([last.passed, last.scaled], [true, 1]);
  const states = transport.log.filter((e) => e[0] === 'record' && e[1].type === 'state');
  assert.equal(states[states.length - 1][1].data, runtime.encodeState(QUIZ, { q1: 'a' }));
});

test('core: an earlier session\'s result is the floor', () => {
  const doc = fakeDocument(QUIZ);
  const earned = { completed: true, passed: false, scaled: 0.3333 };
  const transport = recordingTransport(null, '', { earned });
  const tracker = runtime.createTracker(doc, { id: 'l', course: 'c', passMark: 60, quiz: QUIZ },
    transport, { commit: 'answer', score: 'final' }, () => 0);
  tracker.start();
  const first = results(transport)[0];
  assert.deepEqual([first.completed, first.passed, first.scaled], [true, false, 0.3333]);
  answerAll(doc, tracker, [['q1', 2], ['q2', 0]]);
  const last = results(transport).pop();
  assert.deepEqual([last.passed, last.scaled], [true, 0.6667]);
});

test('core: review and browse report nothing but the end; no-credit reports no result', () => {
  const kinds = (transport) => transport.log.map((e) => (e[0] === 'record' ? e[1].type : e[0]));
  for (const mode of ['review', 'browse']) {
    const doc = fakeDocument(QUIZ);
    const stored = runtime.encodeState(QUIZ, { q1: 'c' });
    const transport = recordingTransport(null, stored, { mode: { mode, credit: false } });
    const tracker = runtime.createTracker(doc, { id: 'l', course: 'c', passMark: 60, quiz: QUIZ },
      transport, { commit: 'answer', score: 'final' }, () => 0);
    tracker.start();
    assert.deepEqual(doc.inputs.q1.map((i) => i.checked), [false, false, true, false], mode);
    answerAll(doc, tracker, [['q2', 0]]);
    tracker.commit();
    tracker.finish();
    // 'ungraded' lets a transport say so (SCORM 1.2: "browsed" rather than Moodle's
    // "completed" for a status left alone)
    assert.deepEqual(kinds(transport), ['initialize', 'ungraded', 'end', 'terminate'], mode);
  }
  const doc = fakeDocument(QUIZ);
  const transport = recordingTransport(null, '', { mode: { mode: 'normal', credit: false } });
  const tracker = runtime.createTracker(doc, { id: 'l', course: 'c', passMark: 60, quiz: QUIZ },
    transport, { commit: 'answer', score: 'final' }, () => 0);
  tracker.start();
  answerAll(doc, tracker, [['q2', 0]]);
  assert.deepEqual(kinds(transport), ['initialize', 'ungraded', 'state', 'commit', 'answer', 'state',
    'commit']);
});

test('xAPI outcomes: passed and completed at most once, failed at most once and never after passed', () => {
  const sent = {};
  const send = (event) => {
    const verbs = runtime.outcomes(Object.assign({ total: 3 }, event), sent);
    verbs.forEach((verb) => { sent[verb] = true; });
    return verbs;
  };
  assert.deepEqual(send({ passed: null, completed: false }), []);
  assert.deepEqual(send({ passed: false, completed: true }), ['failed', 'completed']);
  assert.deepEqual(send({ passed: false, completed: true }), []);
  assert.deepEqual(send({ passed: true, completed: true }), ['passed']);
  assert.deepEqual(send({ passed: false, completed: true }), []);
  assert.deepEqual(send({ passed: true, completed: true }), []);
  assert.deepEqual(runtime.outcomes({ total: 0 }, {}), ['completed']);
  assert.deepEqual(runtime.outcomes({ total: 0 }, { completed: true }), []);
});

test('xAPI launch: actor forms, query decoding, activity ids', () => {
  assert.deepEqual(runtime.agent('{"name":["Ann"],"mbox":["mailto:ann@example.org"]}'),
    { objectType: 'Agent', name: 'Ann', mbox: 'mailto:ann@example.org' });
  assert.deepEqual(runtime.agent('{"account":[{"accountServiceHomePage":"https://lms","accountName":"7"}]}'),
    { objectType: 'Agent', account: { homePage: 'https://lms', name: '7' } });
  assert.equal(runtime.agent('{"name":"no identifier"}'), null);
  assert.equal(runtime.agent('not json'), null);
  const params = runtime.queryParams({ location: { search: '?a=1%2B1&b=x+y&activityId=urn%3Ax%3A1&flag' } });
  assert.deepEqual(params, { a: '1+1', b: 'x y', activityId: 'urn:x:1', flag: '' });
  assert.equal(runtime.activityIri('https://x.org/c', 'l1', 'q2'), 'https://x.org/c/lessons/l1/questions/q2');
});

test('xAPI queue: in order, one request at a time, retried when passing, dropped when refused', async () => {
  const posts = [];
  const answers = [0, 200, 400, 200, 200];
  const pending = [];
  const client = {
    post: (resource, batch) => {
      posts.push(batch.map((s) => s.n));
      const status = answers[posts.length - 1];
      return new Promise((resolve) => pending.push(() => resolve(status)));
    },
  };
  const queue = runtime.statementQueue(client);
  const settle = async () => { while (pending.length) { pending.shift()(); await new Promise((r) => setImmediate(r)); } };
  queue.push({ n: 1 });
  queue.push({ n: 2 }); // waits: a request is in flight
  await settle(); // [1] failed on the network: back to the front
  assert.deepEqual(posts, [[1]]);
  queue.push({ n: 3 });
  await settle();
  assert.deepEqual(posts, [[1], [1, 2, 3]]);
  queue.push({ n: 4 });
  await settle(); // refused with 400: dropped, the next one still goes
  queue.push({ n: 5 });
  queue.leave(); // nothing waiting after 5 went out
  await settle();
  assert.deepEqual(posts, [[1], [1, 2, 3], [4], [5]]);
});

test('leaving: batches within the keepalive limit, the rest for the outbox', () => {
  const statement = (n, size) => ({ n, pad: 'x'.repeat(size) });
  const small = [1, 2, 3].map((n) => statement(n, 100));
  assert.deepEqual(runtime.leaveBatches(small, 60000), { batches: [small], rest: [] });
  // 100 KB of statements: the ones that fit leave (each body and their sum within the
  // limit), the others wait in the outbox
  const big = Array.from({ length: 10 }, (_, n) => statement(n, 10000));
  const out = runtime.leaveBatches(big, 60000);
  const sizes = out.batches.map((batch) => runtime.byteLength(JSON.stringify(batch)));
  assert.ok(sizes.every((size) => size <= 60000) && sizes.reduce((a, b) => a + b, 0) <= 60000);
  assert.deepEqual(out.batches.flat().concat(out.rest).map((s) => s.n), big.map((s) => s.n));
  assert.ok(out.rest.length >= 4);
  // a statement alone over the limit never leaves with keepalive
  assert.deepEqual(runtime.leaveBatches([statement(0, 70000)], 60000).batches, []);
  assert.equal(runtime.byteLength('é€😀'), 2 + 3 + 4);
});

test('leaving: what does not fit is sent first by the next page (localStorage outbox)', async () => {
  const store = new Map();
  const win = { localStorage: { getItem: (k) => (store.has(k) ? store.get(k) : null),
    setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) } };
  const posts = [];
  const client = { post: (resource, batch) => { posts.push(batch.map((s) => s.n)); return new Promise(() => {}); } };
  const queue = runtime.statementQueue(client, runtime.outboxFor(win, 'https://lrs/'));
  queue.push({ n: 0 }); // in flight, never answered (the page is going)
  for (let n = 1; n <= 10; n += 1) queue.push({ n, pad: 'x'.repeat(10000) });
  queue.leave();
  const sent = posts.flat();
  const kept = JSON.parse(store.get('lmspack.xapi.outbox:https://lrs/')).map((s) => s.n);
  assert.deepEqual(sent.concat(kept).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.ok(kept.length > 0);
  // the next page's queue (same LRS) sends them before anything of its own
  const later = [];
  runtime.statementQueue({ post: (r, batch) => { later.push(batch.map((s) => s.n)); return new Promise(() => {}); } },
    runtime.outboxFor(win, 'https://lrs/'));
  assert.deepEqual(later, [kept]);
  assert.equal(store.has('lmspack.xapi.outbox:https://lrs/'), false);
});

test('TinCan course verdict: every lesson completed; passed only if every quiz lesson passed', () => {
  const lessons = [{ id: 'a', quiz: true }, { id: 'b', quiz: true }, { id: 'c', quiz: false }];
  const doc = (...entries) => {
    const out = {};
    entries.forEach((entry, index) => {
      if (entry) runtime.lessonKeys('abc'[index], entry).forEach((key) => { out[key] = true; });
    });
    return out;
  };
  const done = (passed, scaled) => ({ completed: true, passed, scaled });
  assert.deepEqual(runtime.courseVerdict(lessons, {}), { completed: false, passed: null, scaled: null });
  assert.deepEqual(runtime.courseVerdict(lessons, doc(done(true, 1), done(true, 0.75), { completed: true })),
    { completed: true, passed: true, scaled: 0.875 });
  // judged before the lesson without a quiz is read: passed/failed, not completed
  assert.deepEqual(runtime.courseVerdict(lessons, doc(done(true, 1), done(false, 0.5))),
    { completed: false, passed: false, scaled: 0.75 });
  // a quiz lesson not judged yet: no verdict
  assert.equal(runtime.courseVerdict(lessons, doc(done(true, 1), { completed: false, passed: null })).passed, null);
  // keys only turn true: a failed lesson passed later is passed, the best score counts,
  // whatever order the writes arrived in
  const retried = Object.assign(doc(null, done(false, 0.5)), doc(null, done(true, 0.75)));
  assert.deepEqual(runtime.lessonEntry(retried, 'b'), { completed: true, passed: true, scaled: 0.75 });
});

test('TinCan links carry the launch; fragments, other sites and files stay as they are', () => {
  const links = ['lessons/l1.html', 'l2.html#q1', '../index.html', '#main', 'https://x.org/a.html',
    '/abs.html', 'media/a.png', 'mailto:a@b'].map((href) => ({
    href, getAttribute: () => href, setAttribute(name, value) { this.href = value; } }));
  const doc = { querySelectorAll: () => links };
  runtime.carryLaunch(doc, { endpoint: 'https://lrs/x/', auth: 'Basic a=', actor: '{"name":"A"}',
    registration: 'r-1', activity: 'https://c.org/course' });
  const query = 'endpoint=https%3A%2F%2Flrs%2Fx%2F&auth=Basic%20a%3D&actor=%7B%22name%22%3A%22A%22%7D' +
    '&registration=r-1&activity_id=https%3A%2F%2Fc.org%2Fcourse';
  assert.deepEqual(links.map((l) => l.href), ['lessons/l1.html?' + query, 'l2.html?' + query + '#q1',
    '../index.html?' + query, '#main', 'https://x.org/a.html', '/abs.html', 'media/a.png', 'mailto:a@b']);
});
