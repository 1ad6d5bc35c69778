// The test LMS: runs in the wrapper page (scorm_lms.html), not in node. It puts a SCORM API on
// window and launches the SCO in an iframe, so the runtime finds the API through
// window.parent as it does in Moodle or Canvas.
//
// The API is npm scorm-again (the real SCORM runtime library) configured as an LMS configures
// it: `lmsCommitUrl` on the loopback test server, so LMSCommit/Commit is scorm-again's shipped
// synchronous POST and LMSFinish/Terminate its beacon; scorm-again's logging is on (INFO) and
// goes to the console, which the driver reads. Optionally a "double" wraps it with the
// documented commit behaviour of another player (see DOUBLES); the data model stays
// scorm-again's, so every value is still checked.
//
// Every call the SCO makes is recorded with the error code read right after it and the phase
// (`run`, or `leave` once the driver starts dismissing the SCO), and sent to the server by
// beacon as well, so calls made while the whole window closes are not lost.
'use strict';

(function () {
  const VERSIONS = {
    '1.2': {
      global: 'API', ctor: 'Scorm12API', error: 'LMSGetLastError', commit: 'LMSCommit',
      methods: ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit'],
      others: ['LMSGetErrorString', 'LMSGetDiagnostic'],
      modeElements: ['cmi.core.lesson_mode', 'cmi.core.credit'],
    },
    '2004': {
      global: 'API_1484_11', ctor: 'Scorm2004API', error: 'GetLastError', commit: 'Commit',
      methods: ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit'],
      others: ['GetErrorString', 'GetDiagnostic'],
      modeElements: ['cmi.mode', 'cmi.credit'],
    },
  };
  const calls = [];
  const beacons = [];
  let engine = null;
  let options = {};
  window.lmsPhase = 'run';

  function record(entry) {
    entry.seq = calls.length;
    entry.phase = window.lmsPhase;
    calls.push(entry);
    if (options.callUrl) beacons.push(navigator.sendBeacon(options.callUrl, JSON.stringify(entry)));
  }

  function commitBody() {
    return JSON.stringify(engine.renderCommitCMI(true));
  }

  /**
   * Players whose commit differs from scorm-again's. Each gets the scorm-again engine's
   * commit result and the version's spec, and returns [result, errorCode] for the SCO.
   *  - moodle: Moodle's player commits with a synchronous request; while a page is being
   *    dismissed (Chrome refuses synchronous requests then) it sends the data with
   *    navigator.sendBeacon instead and answers "true", whatever happens to the beacon.
   *  - strict391: answers a commit it cannot send (during dismissal) with "false" and error
   *    391 (general commit failure), as Cornerstone's player does, in both versions.
   */
  const DOUBLES = {
    moodle(result) {
      if (result === 'true' || result === true) return ['true', '0'];
      navigator.sendBeacon(options.commitUrl, new Blob([commitBody()], { type: 'text/plain' }));
      return ['true', '0'];
    },
    strict391(result) {
      if (result === 'true' || result === true) return ['true', '0'];
      return ['false', '391'];
    },
  };

  /** The API the SCO sees: scorm-again's methods, each recorded, some replaced by a double. */
  function facade(spec) {
    const api = {};
    let lastError = '0';
    const double = options.double ? DOUBLES[options.double] : null;
    spec.methods.forEach((name) => {
      api[name] = function (...args) {
        let result;
        if (options.modeless && name === spec.methods[2] && spec.modeElements.includes(args[0])) {
          // An LMS that never sets the mode or the credit: the element is empty.
          result = '';
          lastError = '0';
        } else {
          result = String(engine[name](...args));
          lastError = String(engine[spec.error]());
          if (double && name === spec.commit) [result, lastError] = double(result, lastError);
        }
        record({ fn: name, args, result, error: lastError });
        return result;
      };
    });
    api[spec.error] = () => lastError;
    spec.others.forEach((name) => { api[name] = (...args) => engine[name](...args); });
    return api;
  }

  // Start a launch: `initial` is what the LMS stored (manifest values, an earlier session).
  // launch: {version, initial, sco, commitUrl, callUrl, double, modeless, frame: bool}
  window.lmsStart = function (launch) {
    options = launch;
    const spec = VERSIONS[launch.version];
    engine = new window[spec.ctor]({
      logLevel: 2, autocommit: false, lmsCommitUrl: launch.commitUrl,
    });
    if (launch.initial) engine.loadFromJSON(launch.initial);
    window[spec.global] = facade(spec);
    if (launch.sco) {
      const frame = document.createElement('iframe');
      frame.id = 'sco';
      frame.name = 'sco';
      frame.title = 'SCO';
      frame.src = launch.sco;
      frame.width = '1000';
      frame.height = '700';
      document.body.appendChild(frame);
    }
  };

  window.lmsCalls = () => calls.map((call) => call.fn);

  // What an LMS does when the learner moves on: the SCO's frame is navigated to the next page.
  window.lmsLeave = (next) => {
    window.lmsPhase = 'leave';
    document.getElementById('sco').src = next;
  };

  window.lmsResult = () => ({
    calls, beacons, cmi: engine ? JSON.parse(JSON.stringify(engine.cmi)) : null,
  });
}());
