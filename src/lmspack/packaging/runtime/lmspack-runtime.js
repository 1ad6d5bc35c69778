/*
 * lmspack tracking runtime: tells the LMS that launched a lesson page what the learner did.
 *
 * Progressive enhancement: the page is complete without this file (quiz feedback is CSS).
 * When the page runs inside an LMS, this script finds the LMS's API, records the quiz
 * (one interaction per question), the score, the status, the session time, and the
 * learner's answers so a later launch can restore them. Outside an LMS it does nothing.
 *
 * Layout, so that xAPI and cmi5 can join later without a rewrite:
 *   - formats: pure helpers (time spans, durations, timestamps, numbers);
 *   - state:   the resume state, encoded exactly as lmspack/packaging/tracking.py computes
 *              its worst case at build time;
 *   - core:    the quiz observer, scoring, timing and resume; it speaks only in events
 *              ({type: 'answer' | 'result' | 'state' | 'ungraded' | 'end', ...}) and never names an LMS
 *              data-model element;
 *   - transports: one object per LMS protocol with the interface
 *              {name, find(win), initialize(lesson), read(key), record(event), commit(),
 *               terminate()}; read answers 'mastery', 'state', 'mode' ({mode, credit})
 *              and 'earned' ({completed, passed, scaled} from earlier sessions);
 *              `scorm12` and `scorm2004` map the events to the SCORM data models,
 *              `tincan` and `cmi5` to xAPI statements. An asynchronous transport (xAPI)
 *              adds prepare(lesson) -> Promise<boolean>, awaited before the core starts.
 *
 * When the LMS hears what (docs/lms-upload.md says the same for authors):
 *   - at launch: initialise, read mode/credit, mastery, earlier result and saved answers,
 *     report the starting status and commit;
 *   - after each answer and after "Clear my answers": the interaction, the score and status
 *     (never below what was earned before: keepBest), the saved answers, then a commit;
 *   - when the page is hidden (visibilitychange): a commit;
 *   - when the page goes (pagehide, never unload): session time and exit, then
 *     LMSFinish/Terminate once, with no commit before it (the LMS commits at termination;
 *     a synchronous commit during page dismissal fails in Chrome);
 *   - back from the back/forward cache (pageshow, persisted): nothing; the page says so.
 * Modes: browse and review report nothing but session time and exit; no-credit reports
 * answers and saved answers but no score; an empty mode is normal, with credit. An ungraded
 * launch emits 'ungraded' at the start (SCORM 1.2 then turns a status still "not attempted"
 * into "browsed" or "incomplete": Moodle would store "completed" at LMSFinish).
 * TinCan also judges the course activity (courseSession) and carries the launch on links.
 *
 * ES2017, strict mode, no dependencies; loaded with `defer`, so the DOM is parsed.
 */
(function (root, factory) {
  'use strict';
  const runtime = factory();
  if (typeof module === 'object' && module && module.exports) {
    module.exports = runtime; // node's test runner loads the pure parts
  } else if (root && root.document) {
    runtime.boot(root);
  }
}(typeof window !== 'undefined' ? window : this, function () {
  'use strict';

  // Written by lmspack at build time (lmspack.packaging.tracking.runtime_script); one line.
  const SETTINGS = /*lmspack:settings*/{"commit":"answer","noQuizStatus":"completed","score":"final","transports":["scorm12","scorm2004"]}/*lmspack:end*/;

  // ---- formats ------------------------------------------------------------------------

  function pad(value, width) {
    return String(value).padStart(width, '0');
  }

  /** Milliseconds as hours, minutes, whole seconds and hundredths (rounded, never negative). */
  function split(ms) {
    const hundredths = Math.max(0, Math.round(Number(ms) / 10) || 0);
    return {
      hours: Math.floor(hundredths / 360000),
      minutes: Math.floor(hundredths / 6000) % 60,
      seconds: Math.floor(hundredths / 100) % 60,
      hundredths: hundredths % 100,
    };
  }

  /**
   * SCORM 1.2 CMITimespan `HHHH:MM:SS.SS`: `hourDigits` (2-4) hour digits, and 0 or 2
   * decimals. Longer spans are capped at 9999:59:59.99, the largest the type can hold.
   */
  function timespan12(ms, hourDigits, decimals) {
    let part = split(ms);
    if (part.hours > 9999) part = { hours: 9999, minutes: 59, seconds: 59, hundredths: 99 };
    const text = pad(part.hours, hourDigits) + ':' + pad(part.minutes, 2) + ':' + pad(part.seconds, 2);
    return decimals ? text + '.' + pad(part.hundredths, 2) : text;
  }

  /** ISO 8601 duration for SCORM 2004 (`PT1H2M3.45S`, at most 2 decimals, `PT0S` for zero). */
  function duration2004(ms) {
    const part = split(ms);
    let text = 'PT';
    if (part.hours) text += part.hours + 'H';
    if (part.minutes) text += part.minutes + 'M';
    if (part.seconds || part.hundredths || text === 'PT') {
      text += part.seconds + (part.hundredths ? '.' + pad(part.hundredths, 2).replace(/0$/, '') : '') + 'S';
    }
    return text;
  }

  /** SCORM 1.2 CMITime `HH:MM:SS` (UTC time of day). */
  function time12(date) {
    return pad(date.getUTCHours(), 2) + ':' + pad(date.getUTCMinutes(), 2) + ':' + pad(date.getUTCSeconds(), 2);
  }

  /** SCORM 2004 time(second,10,0) `YYYY-MM-DDThh:mm:ss.ssZ` in UTC. */
  function timestamp2004(date) {
    return date.getUTCFullYear() + '-' + pad(date.getUTCMonth() + 1, 2) + '-' + pad(date.getUTCDate(), 2) +
      'T' + time12(date) + '.' + pad(Math.floor(date.getUTCMilliseconds() / 10), 2) + 'Z';
  }

  /** A decimal with at most `places` decimals and no exponent: 66.666… -> "66.67". */
  function decimal(value, places) {
    const factor = Math.pow(10, places);
    return String(Math.round(value * factor) / factor);
  }

  // ---- resume state -----------------------------------------------------------------------
  // "L1" + quiz signature (7 base-36 digits) + ":" + the chosen option per question, in quiz
  // order, joined by ",", trailing unanswered questions left out: "L10ab12cd:b,,a". The
  // signature changes when the quiz's questions or options change, so answers stored by an
  // older package are dropped instead of being restored onto different options.

  const STATE_PREFIX = 'L1';

  /** FNV-1a (32 bit) of the quiz's ids and option values, as 7 base-36 digits. */
  function quizSignature(quiz) {
    const text = quiz.map((q) => q.id + '=' + q.options.join(' ')).join(';');
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return pad(hash.toString(36), 7);
  }

  function encodeState(quiz, answers) {
    const values = quiz.map((q) => answers[q.id] || '');
    while (values.length && values[values.length - 1] === '') values.pop();
    return STATE_PREFIX + quizSignature(quiz) + ':' + values.join(',');
  }

  /** The answers stored in `text`, or null when it is not state for this quiz. */
  function decodeState(quiz, text) {
    const head = STATE_PREFIX + quizSignature(quiz) + ':';
    if (typeof text !== 'string' || text.indexOf(head) !== 0) return null;
    const values = text.slice(head.length).split(',');
    const answers = {};
    quiz.forEach((q, index) => {
      const value = values[index];
      if (value && q.options.includes(value)) answers[q.id] = value;
    });
    return answers;
  }

  // ---- scoring ------------------------------------------------------------------------

  /**
   * The lesson's result for `answers`. `scaled` (0..1, 4 decimals) is what every transport
   * reports, and pass/fail is decided on that same rounded value, so the LMS, comparing it
   * with its own copy of the mastery score, reaches the same verdict. Passed once the
   * correct answers reach the mastery score; failed only when every question is answered.
   */
  function judge(quiz, answers, mastery) {
    const total = quiz.length;
    const answered = quiz.filter((q) => answers[q.id]).length;
    const correct = quiz.filter((q) => answers[q.id] === q.correct).length;
    if (!total) return { total: 0, answered: 0, correct: 0, scaled: null, completed: true, passed: null, mastery: null };
    const scaled = Math.round((correct / total) * 10000) / 10000;
    const completed = answered === total;
    let passed = null;
    if (Math.round(scaled * 10000) >= Math.round(mastery * 10000)) passed = true;
    else if (completed) passed = false;
    return { total, answered, correct, scaled, completed, passed, mastery };
  }

  // ---- finding an LMS API -----------------------------------------------------------------

  /** `win[key]` if it exists and is reachable (a cross-origin frame throws). */
  function property(win, key) {
    try {
      return win && win[key] ? win[key] : null;
    } catch (error) {
      return null;
    }
  }

  function parentOf(win) {
    try {
      return win.parent && win.parent !== win ? win.parent : null;
    } catch (error) {
      return null;
    }
  }

  /**
   * The API object named `key` whose method `probe` exists: this window and its parents up
   * to the top, then the opener and its parents (the SCORM API discovery algorithm).
   */
  function findApi(win, key, probe) {
    const starts = [win, property(win, 'opener')];
    for (const start of starts) {
      let current = start;
      for (let depth = 0; current && depth < 500; depth += 1) {
        const api = property(current, key);
        if (api && typeof api[probe] === 'function') return api;
        current = parentOf(current);
      }
    }
    return null;
  }

  // ---- transports -------------------------------------------------------------------------

  /**
   * Calls into a SCORM API object by this version's method names, reading the error code
   * after every call: `errors` keeps what went wrong ({call, element, code}) for diagnosis.
   * `put` writes a value only when it differs from what the LMS is known to hold (read at
   * initialisation or written since), so a relaunch rewrites nothing it did not change.
   */
  function scormCalls(api, names) {
    const errors = [];
    const known = {};
    function call(method, element, value) {
      let result;
      try {
        result = value === undefined ? api[names[method]](element) : api[names[method]](element, value);
      } catch (error) {
        errors.push({ call: names[method], element, code: String(error) });
        return '';
      }
      const code = String(api[names.error]());
      if (code !== '0') errors.push({ call: names[method], element, code });
      return result;
    }
    const ok = (result) => result === true || result === 'true';
    return {
      errors,
      ok,
      init: () => call('init', ''),
      get: (element) => {
        const value = String(call('get', element));
        known[element] = value;
        return value;
      },
      set: (element, value) => call('set', element, String(value)),
      put: (element, value) => {
        if (known[element] === String(value)) return;
        if (ok(call('set', element, String(value)))) known[element] = String(value);
      },
      commit: () => call('commit', ''),
      finish: () => call('finish', ''),
    };
  }

  /** Index of the interaction recording each question (one per question per session). */
  function interactionSlots(first) {
    const slots = {};
    let next = first;
    return {
      known: (id, index) => { slots[id] = index; next = Math.max(next, index + 1); },
      of: (id) => {
        if (!(id in slots)) { slots[id] = next; next += 1; }
        return slots[id];
      },
    };
  }

  /** The LMS's mode and credit; an LMS that leaves them empty (several do) means normal. */
  function lmsMode(mode, credit) {
    return {
      mode: mode === 'browse' || mode === 'review' ? mode : 'normal',
      credit: credit !== 'no-credit',
    };
  }

  /** A score the LMS holds as text, as a number, or null. */
  function number(text) {
    const value = parseFloat(text);
    return isNaN(value) ? null : value;
  }

  // SCORM 1.2 choice responses are single characters 0-9 and a-z: the option at index i is
  // reported as CHOICE_12[i] (a..z, then 0..9), so a question can have at most 36 options
  // (lmspack validate: P001). Beyond that the question is reported as fill-in.
  const CHOICE_12 = 'abcdefghijklmnopqrstuvwxyz0123456789';

  function scorm12Transport(settings) {
    let calls = null;
    let slots = null;
    let stored = '';
    let rawScore = '';
    function choice(q, value) {
      return q.options.length <= CHOICE_12.length ? CHOICE_12[q.options.indexOf(value)] : value;
    }
    return {
      name: 'scorm12',
      find(win) {
        const api = findApi(win, 'API', 'LMSInitialize');
        if (api) {
          calls = scormCalls(api, {
            init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue',
            commit: 'LMSCommit', error: 'LMSGetLastError',
          });
        }
        return Boolean(api);
      },
      initialize() {
        if (!calls.ok(calls.init())) return false;
        stored = calls.get('cmi.core.lesson_status');
        rawScore = calls.get('cmi.core.score.raw');
        // 1.2 interactions are write-only: new records go after the ones already stored.
        slots = interactionSlots(parseInt(calls.get('cmi.interactions._count'), 10) || 0);
        return true;
      },
      read(key) {
        if (key === 'mastery') {
          const value = number(calls.get('cmi.student_data.mastery_score'));
          return value === null ? null : value / 100;
        }
        if (key === 'state') return calls.get('cmi.suspend_data') || '';
        if (key === 'mode') return lmsMode(calls.get('cmi.core.lesson_mode'), calls.get('cmi.core.credit'));
        if (key === 'earned') {
          const raw = number(rawScore);
          return {
            completed: ['passed', 'failed', 'completed'].includes(stored),
            passed: stored === 'passed' ? true : stored === 'failed' ? false : null,
            scaled: raw === null ? null : raw / 100,
          };
        }
        return null;
      },
      record(event) {
        if (event.type === 'answer') {
          const q = event.question;
          const n = 'cmi.interactions.' + slots.of(q.id) + '.';
          calls.set(n + 'id', q.id);
          calls.set(n + 'time', time12(event.at));
          calls.set(n + 'type', q.options.length <= CHOICE_12.length ? 'choice' : 'fill-in');
          calls.set(n + 'correct_responses.0.pattern', choice(q, q.correct));
          calls.set(n + 'weighting', '1');
          calls.set(n + 'student_response', choice(q, event.response));
          calls.set(n + 'result', event.correct ? 'correct' : 'wrong');
          calls.set(n + 'latency', timespan12(event.latencyMs, 2, 0));
        } else if (event.type === 'result') {
          if (event.scaled !== null) {
            calls.put('cmi.core.score.raw', decimal(event.scaled * 100, 2));
            calls.put('cmi.core.score.min', '0');
            calls.put('cmi.core.score.max', '100');
          }
          let status = event.completed ? 'completed' : 'incomplete';
          if (!event.total) status = settings.noQuizStatus;
          else if (event.passed === true) status = 'passed';
          else if (event.passed === false) status = 'failed';
          calls.put('cmi.core.lesson_status', status);
        } else if (event.type === 'ungraded') {
          // Moodle stores a status still "not attempted" at LMSFinish as "completed", in
          // every mode (mod/scorm datamodels/scorm_12.js StoreData, 624-626): a browse,
          // review or no-credit launch would complete the lesson. Say what it was instead:
          // "browsed" (browse, review) or "incomplete" (no-credit), never over a real status.
          if (stored === '' || stored === 'not attempted') {
            calls.put('cmi.core.lesson_status', event.mode === 'normal' ? 'incomplete' : 'browsed');
          }
        } else if (event.type === 'state') {
          calls.put('cmi.suspend_data', event.data);
        } else if (event.type === 'end') {
          calls.set('cmi.core.session_time', timespan12(event.durationMs, 4, 2));
          calls.set('cmi.core.exit', event.suspend ? 'suspend' : '');
        }
      },
      commit: () => calls.ok(calls.commit()),
      terminate: () => calls.ok(calls.finish()),
      errors: () => (calls ? calls.errors : []),
    };
  }

  /**
   * A 2004 description (localized_string_type, SPM 250): at most 250 characters, cut with an
   * ellipsis; a leading "{" would read as a language tag, so it is dropped.
   */
  function description2004(text) {
    const clean = String(text || '').replace(/\s+/g, ' ').trim().replace(/^\{+/, '');
    if (clean.length <= 250) return clean;
    let cut = 249;
    const code = clean.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // never split a surrogate pair
    return clean.slice(0, cut) + '\u2026';
  }

  function scorm2004Transport(settings) {
    let calls = null;
    let lesson = null;
    let slots = null;
    let entry = '';
    let completion = '';
    let success = '';
    function interactionId(q) {
      return 'urn:lmspack:' + encodeURIComponent(lesson.course) + ':' +
        encodeURIComponent(lesson.id) + ':' + encodeURIComponent(q.id);
    }
    return {
      name: 'scorm2004',
      find(win) {
        const api = findApi(win, 'API_1484_11', 'Initialize');
        if (api) {
          calls = scormCalls(api, {
            init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue',
            commit: 'Commit', error: 'GetLastError',
          });
        }
        return Boolean(api);
      },
      initialize(info) {
        lesson = info;
        if (!calls.ok(calls.init())) return false;
        entry = calls.get('cmi.entry');
        completion = calls.get('cmi.completion_status');
        success = calls.get('cmi.success_status');
        // 2004 interactions are readable: a resumed attempt updates its own records.
        const count = parseInt(calls.get('cmi.interactions._count'), 10) || 0;
        slots = interactionSlots(count);
        const ids = {};
        lesson.quiz.forEach((q) => { ids[interactionId(q)] = q.id; });
        for (let index = 0; index < count; index += 1) {
          const id = calls.get('cmi.interactions.' + index + '.id');
          if (id in ids) slots.known(ids[id], index);
        }
        return true;
      },
      read(key) {
        if (key === 'mastery') return number(calls.get('cmi.scaled_passing_score'));
        // Reading an element that was never set is an error (403) in 2004: suspend_data only
        // on resume, the score only when a result was recorded.
        if (key === 'state') return entry === 'resume' ? calls.get('cmi.suspend_data') || '' : '';
        if (key === 'mode') return lmsMode(calls.get('cmi.mode'), calls.get('cmi.credit'));
        if (key === 'earned') {
          const judged = success === 'passed' || success === 'failed';
          return {
            completed: completion === 'completed',
            passed: success === 'passed' ? true : success === 'failed' ? false : null,
            scaled: judged ? number(calls.get('cmi.score.scaled')) : null,
          };
        }
        return null;
      },
      record(event) {
        if (event.type === 'answer') {
          const q = event.question;
          const n = 'cmi.interactions.' + slots.of(q.id) + '.';
          // id, then type: the type decides how the responses are checked.
          calls.set(n + 'id', interactionId(q));
          calls.set(n + 'type', 'choice');
          const text = description2004(event.text);
          if (text) calls.set(n + 'description', text);
          calls.set(n + 'timestamp', timestamp2004(event.at));
          calls.set(n + 'weighting', '1');
          calls.set(n + 'correct_responses.0.pattern', q.correct);
          calls.set(n + 'learner_response', event.response);
          calls.set(n + 'result', event.correct ? 'correct' : 'incorrect');
          calls.set(n + 'latency', duration2004(event.latencyMs));
        } else if (event.type === 'result') {
          if (event.scaled !== null) {
            calls.put('cmi.score.scaled', decimal(event.scaled, 4));
            calls.put('cmi.score.raw', decimal(event.scaled * 100, 2));
            calls.put('cmi.score.min', '0');
            calls.put('cmi.score.max', '100');
          }
          calls.put('cmi.progress_measure', decimal(event.progress, 4));
          calls.put('cmi.completion_status', event.completed ? 'completed' : 'incomplete');
          if (event.total) {
            calls.put('cmi.success_status',
              event.passed === true ? 'passed' : event.passed === false ? 'failed' : 'unknown');
          } else if (settings.noQuizStatus === 'passed') {
            calls.put('cmi.success_status', 'passed');
          }
        } else if (event.type === 'state') {
          calls.put('cmi.suspend_data', event.data);
        } else if (event.type === 'end') {
          calls.set('cmi.session_time', duration2004(event.durationMs));
          calls.set('cmi.exit', event.suspend ? 'suspend' : 'normal');
        }
      },
      commit: () => calls.ok(calls.commit()),
      terminate: () => calls.ok(calls.finish()),
      errors: () => (calls ? calls.errors : []),
    };
  }

  // ---- xAPI transports (TinCan and cmi5) ----------------------------------------------------
  // They map the same core events to xAPI statements sent to the LRS the LMS names at launch.
  // The network is asynchronous where the core is not, so an xAPI transport has one more
  // method, prepare(lesson) -> Promise<boolean>, which boot() awaits before start(): it reads
  // the launch, fetches the cmi5 token and the state documents, and then initialize(),
  // read() and record() work from what it found. Statements go out as soon as they are made
  // (one request at a time, in order; what piles up meanwhile goes in the next batch), every
  // request with `keepalive`, so a statement made while the page is being left still
  // arrives; a beacon could not carry the Authorization header.

  const XAPI_VERSION = '1.0.3';
  const VERB = 'http://adlnet.gov/expapi/verbs/';
  const ACTIVITY = 'http://adlnet.gov/expapi/activities/';
  const CMI5 = 'https://w3id.org/xapi/cmi5/';
  const CMI5_CATEGORY = { id: CMI5 + 'context/categories/cmi5' };
  const MOVEON_CATEGORY = { id: CMI5 + 'context/categories/moveon' };
  const MASTERY_EXTENSION = CMI5 + 'context/extensions/masteryscore';
  // Our own state document: the answers (resume) and the outcomes already sent, so that a
  // relaunch in the same registration never sends passed or completed a second time.
  const STATE_ID = 'https://w3id.org/xapi/lmspack/state/v1';
  // Browsers refuse keepalive requests once the bodies in flight from one page pass 64 KiB
  // (the Fetch standard's limit); we stay under it with room for headers.
  const KEEPALIVE_LIMIT = 60000;
  // Statements that could not leave with the page (over the limit): kept in localStorage
  // and sent first by the next page of the package that reaches the same LRS.
  const OUTBOX_KEY = 'lmspack.xapi.outbox:';

  /** UTF-8 length of `text` (the limit counts bytes, not characters). */
  function byteLength(text) {
    let bytes = 0;
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (code >= 0xd800 && code <= 0xdbff) { bytes += 4; i += 1; } else bytes += 3;
    }
    return bytes;
  }

  /**
   * How `statements` leave with a page: consecutive batches whose JSON bodies each fit
   * `limit` bytes, as many as fit together in `limit` (keepalive bodies in flight share
   * it); `rest` is what does not fit, for the outbox. A lone statement over the limit is
   * in `rest` too.
   */
  function leaveBatches(statements, limit) {
    const batches = [];
    let batch = [];
    let size = 2; // "[]"
    let total = 0;
    let index = 0;
    for (; index < statements.length; index += 1) {
      const one = byteLength(JSON.stringify(statements[index])) + 1;
      if (batch.length && size + one > limit) {
        batches.push(batch);
        total += size;
        batch = [];
        size = 2;
      }
      if (total + size + one > limit) break;
      batch.push(statements[index]);
      size += one;
    }
    if (batch.length) batches.push(batch);
    return { batches, rest: statements.slice(index) };
  }

  /** Activity ids as lmspack/packaging/activities.py builds them (a test compares both). */
  function activityIri(base, lessonId, questionId) {
    const lesson = base + '/lessons/' + encodeURIComponent(lessonId);
    return questionId === undefined ? lesson : lesson + '/questions/' + encodeURIComponent(questionId);
  }

  function uuid(win) {
    const cryptoApi = win && win.crypto;
    if (cryptoApi && typeof cryptoApi.randomUUID === 'function') return cryptoApi.randomUUID();
    const bytes = new Uint8Array(16);
    if (cryptoApi && cryptoApi.getRandomValues) cryptoApi.getRandomValues(bytes);
    else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.prototype.map.call(bytes, (b) => pad(b.toString(16), 2)).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' +
      hex.slice(16, 20) + '-' + hex.slice(20);
  }

  /** ISO 8601 UTC timestamps, strictly increasing within a page, so the LRS sorts them as sent. */
  function clock(now) {
    let last = 0;
    return () => {
      last = Math.max(now(), last + 1);
      return new Date(last).toISOString();
    };
  }

  function queryParams(win) {
    const params = {};
    const search = (win.location && win.location.search) || '';
    search.replace(/^\?/, '').split('&').forEach((pair) => {
      if (!pair) return;
      const at = pair.indexOf('=');
      const key = decodeURIComponent((at < 0 ? pair : pair.slice(0, at)).replace(/\+/g, ' '));
      params[key] = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, ' '));
    });
    return params;
  }

  function storage(win) {
    try {
      return win.sessionStorage || null;
    } catch (error) {
      return null; // storage blocked (a sandboxed frame)
    }
  }

  function storedJson(win, key) {
    const store = storage(win);
    try {
      return store ? JSON.parse(store.getItem(key) || 'null') : null;
    } catch (error) {
      return null;
    }
  }

  function storeJson(win, key, value) {
    const store = storage(win);
    try {
      if (store) store.setItem(key, JSON.stringify(value));
    } catch (error) { /* full or blocked: the launch still works for this page */ }
  }

  /** An Agent from the launch's `actor`; TinCan's older launch form wraps values in arrays. */
  function agent(text) {
    let value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return null;
    }
    if (!value || typeof value !== 'object') return null;
    const out = { objectType: 'Agent' };
    ['name', 'mbox', 'mbox_sha1sum', 'openid'].forEach((key) => {
      const item = Array.isArray(value[key]) ? value[key][0] : value[key];
      if (typeof item === 'string' && item) out[key] = item;
    });
    let account = Array.isArray(value.account) ? value.account[0] : value.account;
    if (account) {
      account = { homePage: account.homePage || account.accountServiceHomePage,
        name: account.name || account.accountName };
      if (account.homePage && account.name) out.account = account;
    }
    return out.mbox || out.mbox_sha1sum || out.openid || out.account ? out : null;
  }

  /** Calls to one LRS: JSON in and out, the xAPI version header, `errors` kept for diagnosis. */
  function lrsClient(win, endpoint, authorization) {
    const base = endpoint.replace(/\/?$/, '/');
    const errors = [];
    function url(resource, params) {
      const query = Object.keys(params || {}).map((key) =>
        encodeURIComponent(key) + '=' + encodeURIComponent(params[key])).join('&');
      return base + resource + (query ? '?' + query : '');
    }
    function call(method, resource, params, body) {
      const headers = { 'X-Experience-API-Version': XAPI_VERSION };
      if (authorization) headers.Authorization = authorization;
      // Every request may outlive the page (a read answered after the learner left is
      // harmless); a body over the browser's keepalive limit cannot, so statementQueue
      // never makes one while the page is being left (leaveBatches).
      const init = { method, headers, credentials: 'omit', cache: 'no-store', keepalive: true };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        headers['Content-Type'] = 'application/json';
        init.keepalive = byteLength(init.body) <= KEEPALIVE_LIMIT;
      }
      return win.fetch(url(resource, params), init).then((response) => {
        if (!response.ok && response.status !== 404) {
          errors.push({ call: method + ' ' + resource, code: String(response.status) });
        }
        return response;
      }, (error) => {
        errors.push({ call: method + ' ' + resource, code: String(error) });
        return null;
      });
    }
    return {
      errors,
      /** The JSON document at `resource`, or null (absent, unreadable, network down). */
      get: (resource, params) => call('GET', resource, params).then((response) =>
        response && response.ok ? response.json().catch(() => null) : null),
      put: (resource, params, body) => call('PUT', resource, params, body)
        .then((response) => Boolean(response && response.ok)),
      /** POST a document (State API: the LRS merges its top-level keys); true when stored. */
      merge: (resource, params, body) => call('POST', resource, params, body)
        .then((response) => Boolean(response && response.ok)),
      /** The HTTP status of the POST, 0 when the network failed. */
      post: (resource, body) => call('POST', resource, {}, body)
        .then((response) => (response ? response.status : 0)),
    };
  }

  /**
   * Statements in the order they were made: one POST at a time; what was made meanwhile goes
   * in the next batch. A batch that failed for a passing reason (no network, a server error,
   * 429) goes back to the front and is retried with the next statement; one the LRS refused
   * (another 4xx: retrying cannot help) is dropped, so it never blocks the ones after it;
   * `errors` keeps both. leave() sends everything still waiting at once, without waiting
   * for a request in flight (the page is going away), every request with keepalive and
   * within the keepalive budget left beside the one in flight; what does not fit goes to
   * the outbox (outboxFor), and the next page sends it first.
   */
  function statementQueue(client, outbox) {
    const waiting = outbox ? outbox.take() : [];
    let busy = false;
    let flying = 0;
    function pump() {
      if (busy || !waiting.length) return;
      const batch = waiting.splice(0);
      busy = true;
      const size = byteLength(JSON.stringify(batch));
      flying = size <= KEEPALIVE_LIMIT ? size : 0; // only keepalive bodies share the budget
      client.post('statements', batch).then((status) => {
        busy = false;
        flying = 0;
        const passing = status === 0 || status === 429 || status >= 500;
        if (passing) waiting.unshift.apply(waiting, batch);
        else pump();
      });
    }
    pump();
    return {
      push(statement) { waiting.push(statement); pump(); },
      leave() {
        const out = leaveBatches(waiting.splice(0), Math.max(0, KEEPALIVE_LIMIT - flying));
        out.batches.forEach((batch) => client.post('statements', batch));
        if (out.rest.length && outbox) outbox.keep(out.rest);
      },
    };
  }

  /**
   * Statements kept for the next page (leaveBatches' rest), per LRS endpoint, in
   * localStorage: the next page of the package that reaches the same LRS sends them first.
   */
  function outboxFor(win, endpoint) {
    const key = OUTBOX_KEY + endpoint;
    let store = null;
    try {
      store = win.localStorage || null;
    } catch (error) {
      store = null; // blocked: what does not fit is lost, as without the outbox
    }
    return {
      take() {
        if (!store) return [];
        let kept = [];
        try {
          kept = JSON.parse(store.getItem(key) || '[]');
          store.removeItem(key);
        } catch (error) { kept = []; }
        return Array.isArray(kept) ? kept : [];
      },
      keep(statements) {
        if (!store) return;
        try {
          const kept = JSON.parse(store.getItem(key) || '[]');
          store.setItem(key, JSON.stringify((Array.isArray(kept) ? kept : []).concat(statements)));
        } catch (error) { /* storage full: nothing more can be done while the page goes */ }
      },
    };
  }

  /**
   * One state document, written by State API POSTs (the LRS merges top-level keys): one
   * request at a time, what changes meanwhile merged into the next. Keys that only ever
   * become true ("sent passed", "lesson x completed", ...) make the document right whatever
   * order two requests arrive in: a request the page saw fail while it was being left may
   * still arrive after a later one. leave() sends what waits without waiting.
   */
  function stateWriter(client, params) {
    let busy = false;
    let next = null;
    function write() {
      if (busy || next === null) return;
      const body = next;
      next = null;
      busy = true;
      client.merge('activities/state', params, body).then(() => { busy = false; write(); });
    }
    return {
      save(body) { next = Object.assign(next || {}, body); write(); },
      leave() { if (next !== null) { client.merge('activities/state', params, next); next = null; } },
    };
  }

  /** The verbs a state document says were sent: `sent` (older packages) and "sent <verb>". */
  function sentIn(doc) {
    const sent = Object.assign({}, doc && typeof doc.sent === 'object' ? doc.sent : {});
    Object.keys(doc || {}).forEach((key) => {
      if (key.indexOf('sent ') === 0 && doc[key] === true) sent[key.slice(5)] = true;
    });
    return sent;
  }

  /**
   * The interaction definition of `q`, as tincan.xml has it: named "<lesson>: question <n>",
   * with the question and option texts of the page.
   */
  function interactionDefinition(doc, lesson, q, lang, question) {
    const text = plainText;
    const map = (value) => { const m = {}; m[lang] = value; return m; };
    return {
      type: ACTIVITY + 'cmi.interaction',
      name: map((lesson.title || lesson.id) + ': question ' + (lesson.quiz.indexOf(q) + 1)),
      description: map(question || q.id),
      interactionType: 'choice',
      correctResponsesPattern: [q.correct],
      choices: q.options.map((value) => ({
        id: value, description: map(text(doc.querySelector('label[for="' + q.id + '-' + value + '"]')) || value),
      })),
    };
  }

  /**
   * What a `result` event newly earns: passed at most once, failed at most once and never
   * after passed, completed at most once (`sent` holds what this registration already sent).
   */
  function outcomes(event, sent) {
    const verbs = [];
    if (event.total) {
      if (event.passed === true && !sent.passed) verbs.push('passed');
      else if (event.passed === false && !sent.passed && !sent.failed) verbs.push('failed');
      if (event.completed && !sent.completed) verbs.push('completed');
    } else if (!sent.completed) {
      verbs.push('completed');
    }
    return verbs;
  }

  /**
   * The part TinCan and cmi5 share: statements for the core's events. `launch` is
   * {endpoint, authorization, actor, registration, object}; `flavour` adds what differs
   * (the context, whether outcomes may be sent, the mastery score the LMS gave).
   */
  function xapiSession(win, settings, flavour) {
    const now = () => Date.now();
    const stamp = clock(now);
    const doc = win.document;
    const lang = (doc.documentElement && doc.documentElement.lang) || 'en';
    let launch = null;
    let client = null;
    let queue = null;
    let state = null;
    let lesson = null;
    let saved = { state: '', sent: {}, scaled: null };
    let sentCache = null;
    let started = now();

    function statement(verb, object, result, context) {
      const out = { id: uuid(win), timestamp: stamp(), actor: launch.actor,
        verb: { id: VERB + verb, display: { 'en-US': verb } }, object };
      if (result) out.result = result;
      out.context = context;
      return out;
    }
    function lessonObject() {
      return { objectType: 'Activity', id: launch.object,
        definition: { type: ACTIVITY + 'lesson', name: { [lang]: lesson.title || lesson.id } } };
    }
    function send(verb, object, result, kind) {
      queue.push(statement(verb, object, result, flavour.context(kind, launch)));
    }
    function save() {
      const body = { state: saved.state, scaled: saved.scaled };
      const sent = {};
      Object.keys(saved.sent).forEach((verb) => { if (saved.sent[verb]) sent['sent ' + verb] = true; });
      sentCache.add(sent);
      state.save(Object.assign(body, sent));
    }
    return {
      begin(found, info) {
        launch = found;
        lesson = info;
        client = lrsClient(win, launch.endpoint, launch.authorization);
        queue = statementQueue(client, outboxFor(win, launch.endpoint));
        const params = { activityId: launch.object, agent: JSON.stringify(launch.actor), stateId: STATE_ID };
        if (launch.registration) params.registration = launch.registration;
        state = stateWriter(client, params);
        // The verbs sent are also kept in this browser (localStorage), so a relaunch soon
        // after never sends one again while the LRS has not stored the document yet.
        sentCache = keyCache(win, 'lmspack.xapi.sent:' + JSON.stringify([launch.object,
          launch.registration || '', params.agent]));
        return client.get('activities/state', params).then((doc) => {
          if (doc && typeof doc === 'object') {
            saved = { state: typeof doc.state === 'string' ? doc.state : '', sent: sentIn(doc),
              scaled: typeof doc.scaled === 'number' ? doc.scaled : null };
          }
          Object.assign(saved.sent, sentIn(sentCache.read()));
          return client;
        });
      },
      start(verb) {
        started = now();
        send(verb, lessonObject(), null, 'defined');
      },
      savedAnswers: () => saved.state,
      /** What earlier sessions of this registration sent, for the core's keepBest. */
      earned: () => ({ completed: Boolean(saved.sent.completed),
        passed: saved.sent.passed ? true : saved.sent.failed ? false : null, scaled: saved.scaled }),
      record(event) {
        if (event.type === 'answer') {
          const q = event.question;
          const object = { objectType: 'Activity', id: activityIri(settings.activityBase, lesson.id, q.id),
            definition: interactionDefinition(doc, lesson, q, lang, event.text) };
          send('answered', object, { success: event.correct, response: event.response,
            duration: duration2004(event.latencyMs) }, 'answer');
        } else if (event.type === 'result') {
          if (!flavour.outcomesAllowed()) return;
          if (flavour.onResult) flavour.onResult(event);
          const duration = duration2004(now() - started);
          const verbs = outcomes(event, saved.sent);
          verbs.forEach((verb) => {
            if (verb === 'completed') {
              send(verb, lessonObject(), { completion: true, duration }, 'moveon');
            } else {
              saved.scaled = Number(decimal(event.scaled, 4));
              send(verb, lessonObject(), { score: { scaled: saved.scaled },
                success: verb === 'passed', duration }, flavour.masteryKnown() ? 'judged' : 'moveon');
            }
            saved.sent[verb] = true;
          });
          if (verbs.length) save();
        } else if (event.type === 'state') {
          if (event.data !== saved.state) {
            saved.state = event.data;
            save();
          }
        } else if (event.type === 'end') {
          send('terminated', lessonObject(), { duration: duration2004(event.durationMs) }, 'defined');
        }
      },
      leave() {
        queue.leave();
        state.leave();
      },
      errors: () => (client ? client.errors : []),
    };
  }


  // ---- TinCan course results ----------------------------------------------------------------
  // An LMS such as Moodle's mod_tincanlaunch launches the FIRST activity of tincan.xml, the
  // course, and completes its own activity when the LRS holds the completion verb with the
  // course as object (mod_tincanlaunch classes/completion/custom_completion.php:84-118).
  // So the course activity gets its own statements: attempted once the course is launched,
  // completed once every lesson is completed, passed/failed once every lesson with a quiz is
  // judged (courseVerdict), each at most once per registration, passed never taken back.
  // What every lesson earned lives in the LRS, in one State API document of the course
  // activity: each page POSTs only its own lesson's key (the LRS merges top-level keys, so
  // two tabs never overwrite each other), and the verbs already sent are keys there too, so
  // a reload, a second tab or a later launch sends nothing twice.

  const COURSE_STATE_ID = 'https://w3id.org/xapi/lmspack/course-state/v1';

  /**
   * The course's result from the lessons' entries of the course state document. The course
   * rule: passed when every lesson with a quiz is passed, each by its own pass mark (the
   * marks the author set per lesson stay meaningful, and no strong lesson can hide a failed
   * one); failed once every quiz lesson is judged and one is failed. The score is the mean
   * of the quiz lessons' best scores, reported with the verdict.
   */
  function courseVerdict(lessons, doc) {
    const entry = (id) => lessonEntry(doc || {}, id);
    const completed = lessons.length > 0 && lessons.every((l) => entry(l.id).completed === true);
    const quizzes = lessons.filter((l) => l.quiz);
    const judged = quizzes.length > 0 &&
      quizzes.every((l) => entry(l.id).passed === true || entry(l.id).passed === false);
    if (!judged) return { completed, passed: null, scaled: null };
    const sum = quizzes.reduce((total, l) => total + (Number(entry(l.id).scaled) || 0), 0);
    return { completed, passed: quizzes.every((l) => entry(l.id).passed === true),
      scaled: Math.round((sum / quizzes.length) * 10000) / 10000 };
  }

  /**
   * A lesson's result as keys of the course state document that only ever turn true, so
   * that no write arriving late can lower it: "lesson <id> completed", "... passed",
   * "... failed" (judged below the mark; passed wins), "... score <scaled>" (the best
   * counts).
   */
  function lessonKeys(id, earned) {
    const head = 'lesson ' + id + ' ';
    const keys = [];
    if (earned.completed) keys.push(head + 'completed');
    if (earned.passed === true) keys.push(head + 'passed');
    if (earned.passed === false) keys.push(head + 'failed');
    if (typeof earned.scaled === 'number') keys.push(head + 'score ' + decimal(earned.scaled, 4));
    return keys;
  }

  /** The lesson's result read back from those keys: {completed, passed, scaled}. */
  function lessonEntry(doc, id) {
    const head = 'lesson ' + id + ' ';
    const scores = Object.keys(doc).filter((key) => key.indexOf(head + 'score ') === 0 && doc[key] === true)
      .map((key) => Number(key.slice(head.length + 6))).filter((value) => !isNaN(value));
    let passed = null;
    if (doc[head + 'passed'] === true) passed = true;
    else if (doc[head + 'failed'] === true) passed = false;
    return { completed: doc[head + 'completed'] === true, passed,
      scaled: scores.length ? Math.max.apply(null, scores) : null };
  }

  /** Internal links carry the launch, so every page of the package is launched as well. */
  function carryLaunch(doc, found) {
    const query = [['endpoint', found.endpoint], ['auth', found.auth], ['actor', found.actor],
      ['registration', found.registration], ['activity_id', found.activity]]
      .filter((pair) => pair[1]).map((pair) => pair[0] + '=' + encodeURIComponent(pair[1]))
      .join('&');
    Array.prototype.forEach.call(doc.querySelectorAll('a[href]'), (link) => {
      const href = link.getAttribute('href');
      // Only the package's own pages: relative, not a fragment, not another scheme or host.
      if (!href || /^(#|\/|[a-z][a-z0-9+.-]*:)/i.test(href)) return;
      const cut = href.indexOf('#');
      const path = cut < 0 ? href : href.slice(0, cut);
      if (!/\.html?$/i.test(path)) return;
      link.setAttribute('href', path + '?' + query + (cut < 0 ? '' : href.slice(cut)));
    });
  }

  /** Keys that only turn true, kept in localStorage under `name` (nothing when blocked). */
  function keyCache(win, name) {
    let store = null;
    try {
      store = win.localStorage || null;
    } catch (error) {
      store = null;
    }
    const read = () => {
      try {
        const kept = JSON.parse((store && store.getItem(name)) || '{}');
        return kept && typeof kept === 'object' ? kept : {};
      } catch (error) {
        return {};
      }
    };
    return {
      read,
      add(keys) {
        try {
          if (store) store.setItem(name, JSON.stringify(Object.assign(read(), keys)));
        } catch (error) { /* full or blocked: the LRS still has them */ }
      },
    };
  }

  function courseSession(win, settings, found) {
    const course = settings.course;
    const doc = win.document;
    const lang = (doc.documentElement && doc.documentElement.lang) || 'en';
    const actor = agent(found.actor);
    const client = lrsClient(win, found.endpoint, found.auth);
    const queue = statementQueue(client, outboxFor(win, found.endpoint));
    const params = { activityId: settings.activityBase, agent: JSON.stringify(actor),
      stateId: COURSE_STATE_ID };
    if (found.registration) params.registration = found.registration;
    const stamp = clock(() => Date.now());
    const sentHere = {};
    const writer = stateWriter(client, params);
    // The same keys in this browser's localStorage: the next page (any tab) knows at once
    // what this one recorded, even before the LRS has it (another device reads the LRS).
    const cache = keyCache(win, 'lmspack.tincan.course:' + JSON.stringify([settings.activityBase,
      found.registration || '', params.agent]));
    let state = cache.read();
    let leaving = false;
    function record(body) {
      cache.add(body);
      writer.save(body);
    }

    function send(verb, result) {
      const statement = { id: uuid(win), timestamp: stamp(), actor,
        verb: { id: VERB + verb, display: { 'en-US': verb } },
        object: { objectType: 'Activity', id: settings.activityBase,
          definition: { type: ACTIVITY + 'course', name: { [lang]: course.title } } } };
      if (result) statement.result = result;
      if (found.registration) statement.context = { registration: found.registration };
      queue.push(statement);
    }
    /** Mark `verb` sent (here and in the LRS) before sending it: never twice. */
    function claim(verb) {
      const key = 'sent ' + verb;
      if (state[key] || sentHere[verb]) return false;
      sentHere[verb] = true;
      state[key] = true;
      record({ [key]: true });
      return true;
    }
    function settle() {
      // Never after the page is left: a claim could leave without its statement. The next
      // page of the course (or the next launch) reads the document and settles instead.
      if (leaving) return;
      const verdict = courseVerdict(course.lessons, state);
      const judged = verdict.passed !== null ? { score: { scaled: verdict.scaled }, success: verdict.passed } : {};
      const sent = (verb) => Boolean(state['sent ' + verb] || sentHere[verb]);
      if (verdict.passed === true && claim('passed')) send('passed', judged);
      else if (verdict.passed === false && !sent('passed') && claim('failed')) send('failed', judged);
      if (verdict.completed && claim('completed')) {
        send('completed', Object.assign({ completion: true }, judged));
      }
    }
    function read() {
      return client.get('activities/state', params).then((found) => {
        // Another page's news joins what this page knows (every key only ever turns true).
        if (found && typeof found === 'object') {
          Object.keys(found).forEach((key) => { if (found[key] === true) state[key] = true; });
        }
        Object.assign(state, cache.read());
      });
    }
    return {
      start() {
        return read().then(() => {
          if (claim('attempted')) send('attempted');
          settle();
          return true;
        });
      },
      /** What lesson `id` has earned so far (the core's best), as keys that only turn true. */
      lesson(id, earned) {
        const keys = lessonKeys(id, earned).filter((key) => !state[key]);
        if (!keys.length) return;
        const body = {};
        keys.forEach((key) => { state[key] = body[key] = true; });
        record(body);
        settle();
        // Another tab may have finished other lessons meanwhile: read, then judge again.
        if (!leaving) read().then(settle);
      },
      leave() {
        leaving = true;
        queue.leave();
        writer.leave();
      },
      errors: () => client.errors,
    };
  }

  function tincanTransport(settings) {
    let win = null;
    let found = null;
    let course = null;
    const session = { current: null };
    /** The course session of this page (once), started after reading the course state. */
    function courseStart() {
      carryLaunch(win.document, found);
      if (course || !settings.course) return Promise.resolve(true);
      course = courseSession(win, settings, found);
      return course.start();
    }
    // Per course: another course served from the same site in the same tab keeps its own.
    const KEY = 'lmspack.tincan.launch:' + settings.activityBase;
    return {
      name: 'tincan',
      find(w) {
        win = w;
        const params = queryParams(w);
        if (params.endpoint && params.actor) {
          found = { endpoint: params.endpoint, auth: params.auth || '', actor: params.actor,
            registration: params.registration || '', activity: params.activity_id || '' };
          // A TinCan launch opens one activity; the learner may go on to other pages of the
          // course in the same tab: they find the launch here.
          storeJson(w, KEY, found);
        } else {
          found = storedJson(w, KEY);
        }
        return Boolean(found && found.endpoint && agent(found.actor) && settings.activityBase);
      },
      /** A page without a lesson (the course index): the course's part only. */
      visit: () => courseStart(),
      prepare(lesson) {
        const base = settings.activityBase;
        const courseIri = base;
        const flavour = {
          outcomesAllowed: () => true,
          masteryKnown: () => false,
          onResult(event) {
            if (course) course.lesson(lesson.id, { completed: event.completed, passed: event.passed, scaled: event.scaled });
          },
          context(kind, launch) {
            const context = { contextActivities: { grouping: [{ id: courseIri }] } };
            if (launch.registration) context.registration = launch.registration;
            if (kind === 'answer') context.contextActivities.parent = [{ id: launch.object }];
            else if (found.activity && found.activity !== launch.object) {
              context.contextActivities.parent = [{ id: found.activity }];
            }
            return context;
          },
        };
        session.current = xapiSession(win, settings, flavour);
        return courseStart().then(() => session.current.begin({ endpoint: found.endpoint,
          authorization: found.auth, actor: agent(found.actor), registration: found.registration,
          object: activityIri(base, lesson.id) }, lesson)).then(() => true);
      },
      initialize() {
        session.current.start('attempted');
        return true;
      },
      read(key) {
        if (key === 'state') return session.current.savedAnswers();
        if (key === 'earned') return session.current.earned();
        if (key === 'mode') return { mode: 'normal', credit: true }; // TinCan has no modes
        return null;
      },
      record: (event) => session.current.record(event),
      commit: () => true,
      terminate() {
        if (session.current) session.current.leave();
        if (course) course.leave();
        return true;
      },
      errors: () => (session.current ? session.current.errors() : [])
        .concat(course ? course.errors() : []),
    };
  }

  function cmi5Transport(settings) {
    let win = null;
    let params = null;
    let session = null;
    let launchData = null;
    let preferences = null;
    const problems = [];
    function tokenKey() {
      return 'lmspack.cmi5.token:' + params.fetch;
    }
    function endedKey() {
      return 'lmspack.cmi5.ended:' + params.fetch;
    }
    /** The auth token: fetched once per launch URL (the URL answers once), then kept. */
    function token() {
      const kept = storedJson(win, tokenKey());
      if (kept) return Promise.resolve(kept);
      return win.fetch(params.fetch, { method: 'POST', credentials: 'omit', cache: 'no-store' })
        .then((response) => response.json())
        .then((body) => {
          if (!body || typeof body['auth-token'] !== 'string') {
            problems.push({ call: 'fetch', code: String(body && (body['error-code'] + ' ' + body['error-text'])) });
            return null;
          }
          storeJson(win, tokenKey(), body['auth-token']);
          return body['auth-token'];
        }, (error) => {
          problems.push({ call: 'fetch', code: String(error) });
          return null;
        });
    }
    function context(kind) {
      const template = JSON.parse(JSON.stringify(launchData.contextTemplate || {}));
      template.registration = params.registration;
      const activities = template.contextActivities = template.contextActivities || {};
      if (kind === 'answer') {
        // "cmi5 allowed": the template and the session id, under the AU; no cmi5 category.
        activities.parent = (activities.parent || []).concat([{ id: params.activityId }]);
        return template;
      }
      const categories = [CMI5_CATEGORY];
      if (kind === 'moveon' || kind === 'judged') categories.push(MOVEON_CATEGORY);
      activities.category = (activities.category || []).concat(categories);
      if (kind === 'judged') {
        template.extensions = template.extensions || {};
        template.extensions[MASTERY_EXTENSION] = launchData.masteryScore;
      }
      return template;
    }
    return {
      name: 'cmi5',
      find(w) {
        win = w;
        const p = queryParams(w);
        if (!(p.endpoint && p.fetch && p.actor && p.registration && p.activityId && agent(p.actor))) {
          return false;
        }
        params = p;
        return Boolean(settings.activityBase);
      },
      prepare(lesson) {
        if (storedJson(win, endedKey())) {
          // This page was reloaded after its session sent "terminated": the session is over
          // for the LMS, and nothing may follow terminated. The page works, untracked.
          problems.push({ call: 'session', code: 'terminated: launch again from the LMS' });
          return Promise.resolve(false);
        }
        return token().then((auth) => {
          if (!auth) return false;
          const flavour = {
            outcomesAllowed: () => (launchData.launchMode || 'Normal') === 'Normal',
            masteryKnown: () => typeof launchData.masteryScore === 'number',
            context,
          };
          session = xapiSession(win, settings, flavour);
          const actor = agent(params.actor);
          return session.begin({ endpoint: params.endpoint, authorization: 'Basic ' + auth, actor,
            registration: params.registration, object: params.activityId }, lesson)
            .then((client) => Promise.all([
              client.get('activities/state', { activityId: params.activityId, agent: JSON.stringify(actor),
                registration: params.registration, stateId: 'LMS.LaunchData' }),
              client.get('agents/profile', { agent: JSON.stringify(actor), profileId: 'cmi5LearnerPreferences' }),
            ]))
            .then((found) => {
              launchData = found[0];
              preferences = found[1];
              if (!launchData || !launchData.contextTemplate) {
                problems.push({ call: 'LMS.LaunchData', code: 'missing' });
                return false;
              }
              return true;
            });
        });
      },
      initialize() {
        session.start('initialized');
        return true;
      },
      read(key) {
        if (key === 'mastery') return typeof launchData.masteryScore === 'number' ? launchData.masteryScore : null;
        if (key === 'state') return session.savedAnswers();
        if (key === 'earned') return session.earned();
        if (key === 'mode') {
          // Browse and Review: the core then reports no answers, score or status (cmi5 sends
          // no passed, failed or completed there), only initialized and terminated.
          const mode = String(launchData.launchMode || 'Normal').toLowerCase();
          return { mode, credit: mode === 'normal' };
        }
        if (key === 'launchMode') return launchData.launchMode || 'Normal';
        if (key === 'preferences') return preferences;
        return null;
      },
      record: (event) => session.record(event),
      commit: () => true,
      terminate() {
        session.leave();
        storeJson(win, endedKey(), true);
        return true;
      },
      errors: () => problems.concat(session ? session.errors() : []),
    };
  }

  /** Transport factories by name; SETTINGS.transports says which to try, in order. */
  const TRANSPORTS = {
    scorm12: scorm12Transport, scorm2004: scorm2004Transport, tincan: tincanTransport, cmi5: cmi5Transport,
  };

  function connect(win, settings) {
    for (const name of settings.transports) {
      const factory = TRANSPORTS[name];
      const transport = factory ? factory(settings) : null;
      if (transport && transport.find(win)) return transport;
    }
    return null;
  }

  // ---- core -------------------------------------------------------------------------------

  function readLesson(doc) {
    const node = doc.getElementById('lmspack-lesson');
    if (!node) return null;
    try {
      const lesson = JSON.parse(node.textContent);
      return lesson && Array.isArray(lesson.quiz) ? lesson : null;
    } catch (error) {
      return null;
    }
  }

  function radios(doc, question) {
    return Array.prototype.slice.call(doc.getElementsByName(question.id))
      .filter((input) => input.type === 'radio');
  }

  function readAnswers(doc, quiz) {
    const answers = {};
    quiz.forEach((q) => {
      const checked = radios(doc, q).filter((input) => input.checked)[0];
      if (checked && q.options.includes(checked.value)) answers[q.id] = checked.value;
    });
    return answers;
  }

  /** Check the stored answers' radios; the CSS then shows their feedback again. */
  function restoreAnswers(doc, quiz, answers) {
    quiz.forEach((q) => {
      radios(doc, q).forEach((input) => {
        if (input.value === answers[q.id]) input.checked = true;
      });
    });
  }

  /**
   * A node's text as plain text for an LMS: a formula as its TeX (the MathML annotation the
   * page keeps), not MathML's glyphs; "Question 1 of 4." left out.
   */
  function plainText(node) {
    if (!node) return '';
    if (!node.cloneNode) return String(node.textContent || '').replace(/\s+/g, ' ').trim();
    const copy = node.cloneNode(true);
    const all = (selector) => Array.prototype.slice.call(copy.querySelectorAll(selector));
    all('.question-number').forEach((part) => part.remove());
    all('math').forEach((formula) => {
      const tex = formula.querySelector('annotation');
      formula.replaceWith(tex ? tex.textContent : formula.textContent);
    });
    return copy.textContent.replace(/\s+/g, ' ').trim();
  }

  /** The question's text as the page shows it (its legend, without "Question 1 of 4."). */
  function questionText(doc, question) {
    const fieldset = doc.getElementById ? doc.getElementById(question.id) : null;
    const legend = fieldset && fieldset.querySelector ? fieldset.querySelector('legend') : null;
    return legend ? plainText(legend) : '';
  }

  const NOTHING_EARNED = { completed: false, passed: null, scaled: null };

  /**
   * What the learner has earned, given what was earned before (`earned`) and the result now:
   * completed stays completed, passed stays passed (failed gives way only to passed), and
   * the score is the best one. "Clear my answers" and retries can never take anything back.
   */
  function keepBest(earned, now) {
    let passed = null;
    if (earned.passed === true || now.passed === true) passed = true;
    else if (earned.passed === false || now.passed === false) passed = false;
    const scores = [earned.scaled, now.scaled].filter((value) => value !== null && value !== undefined);
    return {
      completed: Boolean(earned.completed || now.completed),
      passed,
      scaled: scores.length ? Math.max.apply(null, scores) : null,
    };
  }

  /**
   * One launch of one lesson: starts the transport, restores answers, reports each change
   * and finishes exactly once. `now` returns the time in milliseconds (a clock for tests).
   *
   * LMS modes: in "normal" mode with credit, answers, score and status are reported; with
   * no-credit, answers and resume state only (the attempt earns nothing); in "browse" and
   * "review", nothing but the session time and the exit. The session ends once, at
   * `finish`: the final values and LMSFinish/Terminate, no commit (the LMS commits at
   * termination itself, and a synchronous commit while a page is dismissed fails).
   */
  function createTracker(doc, lesson, transport, settings, now) {
    const quiz = lesson.quiz;
    const started = now();
    let last = started;
    let answers = {};
    let mastery = null;
    let finished = false;
    let tracking = true;
    let grading = true;
    let best = NOTHING_EARNED;

    function result() {
      return judge(quiz, answers, mastery);
    }

    function report(commit) {
      if (!tracking) return;
      const outcome = result();
      if (grading) {
        // settings.score 'final': no score until the quiz is answered or the mark is reached,
        // so an LMS that grades from the score never sees a half-answered quiz as a fail.
        const scored = settings.score === 'always' || outcome.completed || outcome.passed === true;
        best = keepBest(best, {
          completed: outcome.completed, passed: outcome.passed, scaled: scored ? outcome.scaled : null,
        });
        transport.record(Object.assign({ type: 'result' }, outcome, best, {
          progress: best.completed || !outcome.total ? 1 : outcome.answered / outcome.total,
        }));
      }
      if (quiz.length) transport.record({ type: 'state', data: encodeState(quiz, answers) });
      if (commit) transport.commit();
    }

    function answer(question, value) {
      const at = now();
      answers[question.id] = value;
      if (tracking) {
        transport.record({
          type: 'answer', question, response: value, correct: value === question.correct,
          latencyMs: at - last, at: new Date(at), text: questionText(doc, question),
        });
      }
      last = at;
      report(settings.commit === 'answer');
    }

    return {
      start() {
        if (!transport.initialize({ id: lesson.id, course: lesson.course, quiz })) return false;
        const lms = transport.read('mode') || { mode: 'normal', credit: true };
        tracking = lms.mode === 'normal';
        grading = tracking && lms.credit;
        if (grading) best = keepBest(NOTHING_EARNED, transport.read('earned') || NOTHING_EARNED);
        else transport.record({ type: 'ungraded', mode: lms.mode, credit: lms.credit });
        if (quiz.length) {
          const fromLms = transport.read('mastery');
          mastery = fromLms !== null ? fromLms : Number(lesson.passMark) / 100;
          answers = decodeState(quiz, transport.read('state')) || {};
          restoreAnswers(doc, quiz, answers);
        }
        report(true);
        return true;
      },
      change(target) {
        const question = quiz.filter((q) => q.id === target.name)[0];
        if (finished || !question || !target.checked || !question.options.includes(target.value)) return;
        answer(question, target.value);
      },
      reset() {
        if (finished) return;
        answers = readAnswers(doc, quiz);
        report(settings.commit === 'answer');
      },
      /** The page is hidden (another tab, minimised, about to go): send what is recorded. */
      commit() {
        if (!finished && tracking) transport.commit();
      },
      finish() {
        if (finished) return;
        finished = true;
        // A quiz lesson always suspends, so the LMS keeps its answers and status for the next
        // launch (several LMSs resume only a suspended attempt, and a new attempt would start
        // from nothing); a lesson without a quiz has nothing to resume.
        transport.record({ type: 'end', durationMs: now() - started, suspend: quiz.length > 0 });
        transport.terminate();
      },
      state: () => ({
        answers: Object.assign({}, answers), result: result(), best, finished, tracking, grading,
      }),
    };
  }

  const RESTORED_NOTICE = 'This page was restored from your browser\u2019s history after you ' +
    'left it, so it no longer reports to the LMS. To record your answers, open the lesson ' +
    'again from the LMS.';

  /**
   * Say, above the quiz (or at the top of the page), that the page no longer reports: in the
   * page's language when the lesson data carries the notice (`notices.restored`, written at
   * build time from the message catalog), else in English.
   */
  function showRestoredNotice(doc) {
    if (doc.getElementById('lmspack-status')) return;
    const note = doc.createElement('p');
    note.id = 'lmspack-status';
    note.className = 'notice';
    note.setAttribute('role', 'status');
    const lesson = readLesson(doc);
    const notices = (lesson && lesson.notices) || {};
    note.textContent = typeof notices.restored === 'string' ? notices.restored : RESTORED_NOTICE;
    const form = doc.getElementById('lmspack-quiz');
    const where = form || doc.querySelector('main') || doc.body;
    where.insertBefore(note, where.firstChild);
  }

  /**
   * Wire a page to its LMS; returns the tracker, or null outside an LMS. The transport is
   * found first, so that a page without a quiz (the course index of an xAPI package) still
   * lets it remember the launch. `window.lmspackRuntime.ready` resolves to whether tracking
   * started (at once for SCORM; after prepare() for xAPI and cmi5).
   */
  function boot(win, settings) {
    const config = settings || SETTINGS;
    const doc = win.document;
    const transport = connect(win, config);
    const lesson = readLesson(doc);
    if (transport && !lesson && typeof transport.visit === 'function') {
      // The course index of a TinCan package: the course's statements, launch carried on.
      win.lmspackRuntime = { transport: transport.name, errors: transport.errors, tracker: null,
        ready: transport.visit().then(Boolean, () => false) };
      win.addEventListener('pagehide', () => transport.terminate());
      return null;
    }
    if (!lesson || !transport) return null;
    const tracker = createTracker(doc, lesson, transport, config, () => Date.now());
    const status = { transport: transport.name, errors: transport.errors, tracker };
    win.lmspackRuntime = status;
    if (typeof transport.prepare === 'function') {
      const info = { id: lesson.id, course: lesson.course, title: lesson.title, quiz: lesson.quiz };
      status.ready = transport.prepare(info).then((ok) => Boolean(ok && wire(win, doc, tracker)),
        () => false);
      return tracker;
    }
    const ok = wire(win, doc, tracker);
    status.ready = Promise.resolve(ok);
    return ok ? tracker : null;
  }

  /** Start the tracker and listen to the page; false when the LMS refused to start. */
  function wire(win, doc, tracker) {
    if (!tracker.start()) return false;
    const form = doc.getElementById('lmspack-quiz');
    if (form) {
      form.addEventListener('change', (event) => tracker.change(event.target));
      // A reset clears the radios after the event: read them once it is done.
      form.addEventListener('reset', () => win.setTimeout(() => tracker.reset(), 0));
    }
    // Send early: after each answer (above), and whenever the page is hidden, the last
    // moment a browser reliably gives a page (a synchronous commit still works then).
    doc.addEventListener('visibilitychange', () => {
      if (doc.visibilityState === 'hidden') tracker.commit();
    });
    // Finish once, when the LMS replaces or closes the page. Never `unload`: it does not
    // fire reliably, and a page with an unload handler is kept out of the back/forward cache.
    win.addEventListener('pagehide', () => tracker.finish());
    // Back to a page the browser kept in its back/forward cache: the session finished when
    // the page was left, and the LMS has closed it; reporting again would be refused or
    // would count as a new session the LMS did not launch. Stay read-only, and say so.
    win.addEventListener('pageshow', (event) => {
      if (event.persisted && tracker.state().finished) showRestoredNotice(doc);
    });
    return true;
  }

  return {
    SETTINGS, TRANSPORTS, STATE_PREFIX, CHOICE_12, RESTORED_NOTICE,
    timespan12, duration2004, time12, timestamp2004, decimal, description2004,
    quizSignature, encodeState, decodeState, judge, keepBest,
    findApi, connect, createTracker, boot, showRestoredNotice,
    activityIri, agent, outcomes, queryParams, statementQueue, leaveBatches, byteLength,
    outboxFor, courseVerdict, carryLaunch, lessonKeys, lessonEntry,
  };
}));
