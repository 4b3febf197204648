// Stands in for VS Code's webview host inside the harness page: records what the page
// posts and every CSP violation, lets the harness send host messages, and holds the
// canary that hostile test payloads call.
(() => {
  const theme = new URLSearchParams(location.search).get('theme') || 'vscode-dark';
  document.body.classList.add(theme);
  window.__posted = [];
  window.__cspViolations = [];
  // What a hostile payload calls if any of it ever runs as script.
  window.__canary = (id) => {
    (window.__pwned = window.__pwned || []).push(String(id));
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
    getState: () => state,
    setState: (next) => {
      state = next;
    },
  });
  window.__host = (message) => window.postMessage(message, '*');
})();
