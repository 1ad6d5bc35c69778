// Put into every page before its own scripts (playwright's addInitScript): wraps the page's
// fetch so that every request the page makes once it is being left (after `pagehide`, or
// `visibilitychange` to hidden, whichever comes first) is reported, with its keepalive flag
// and body size, to the test LMS's /probe endpoint by a beacon (which outlives the page).
// The harness writes the LMS's probe address in place of the placeholder. The page's own code cannot tell the difference.
(() => {
  'use strict';
  const probe = '__LMSPACK_PROBE__';
  const original = window.fetch;
  if (typeof original !== 'function') return;
  let leaving = null;
  const mark = (why) => { if (!leaving) leaving = why; };
  // Capture listeners registered before any page script: they run before the runtime's.
  window.addEventListener('pagehide', () => mark('pagehide'), true);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') mark('hidden');
  }, true);
  window.fetch = function (input, init) {
    const url = String(input && input.url ? input.url : input);
    if (leaving) {
      const body = init && init.body;
      navigator.sendBeacon(probe, JSON.stringify({
        page: location.pathname, url: url.split('?')[0], method: (init && init.method) || 'GET',
        keepalive: Boolean(init && init.keepalive), bytes: body ? new Blob([body]).size : 0,
        phase: leaving,
      }));
    }
    return original.apply(this, arguments);
  };
})();
