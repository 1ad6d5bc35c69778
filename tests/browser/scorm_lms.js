// The test LMS: runs in the wrapper page (scorm_lms.html), not in node. It puts a
// scorm-again API (the real SCORM runtime library) on window, records every call the SCO
// makes with the error code right after it, and launches the SCO in an iframe, so the
// runtime finds the API through window.parent as it does in Moodle or Canvas.
'use strict';

(function () {
  const VERSIONS = {
    '1.2': {
      global: 'API', ctor: 'Scorm12API', error: 'LMSGetLastError',
      methods: ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit'],
    },
    '2004': {
      global: 'API_1484_11', ctor: 'Scorm2004API', error: 'GetLastError',
      methods: ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit'],
    },
  };
  const calls = [];
  let api = null;

  function wrap(target, spec) {
    spec.methods.forEach((name) => {
      const original = target[name].bind(target);
      target[name] = function (...args) {
        const result = original(...args);
        calls.push({ fn: name, args, result: String(result), error: String(target[spec.error]()) });
        return result;
      };
    });
  }

  // Start a launch: `initial` is what the LMS stored (manifest values, an earlier session).
  window.lmsStart = function (version, initial, scoUrl) {
    const spec = VERSIONS[version];
    api = new window[spec.ctor]({ logLevel: 5, autocommit: false });
    if (initial) api.loadFromJSON(initial);
    wrap(api, spec);
    window[spec.global] = api;
    const frame = document.createElement('iframe');
    frame.id = 'sco';
    frame.name = 'sco';
    frame.title = 'SCO';
    frame.src = scoUrl;
    frame.width = '1000';
    frame.height = '700';
    document.body.appendChild(frame);
  };

  window.lmsCalls = () => calls.map((call) => call.fn);

  // What an LMS does when the learner leaves a SCO: the frame goes away.
  window.lmsUnload = () => document.getElementById('sco').remove();

  window.lmsResult = () => ({ calls, cmi: JSON.parse(JSON.stringify(api.cmi)) });
}());
