// Stands in for VS Code's webview host inside the harness page: records what the page
// posts and every CSP violation, and lets the harness send host messages.
(() => {
  const theme = new URLSearchParams(location.search).get('theme') || 'vscode-dark';
  document.body.classList.add(theme);
  window.__posted = [];
  window.__cspViolations = [];
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
