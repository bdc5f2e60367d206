// Runs before anything else: every script error and console.error lands in <html data-errors>,
// where a headless browser's DOM dump shows it.
(function () {
  var errors = [];
  function record(message) {
    errors.push(String(message));
    document.documentElement.setAttribute('data-errors', JSON.stringify(errors));
  }
  window.addEventListener('error', function (e) { record(e.message || e); });
  window.addEventListener('unhandledrejection', function (e) { record(e.reason); });
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.join.call(arguments, ' '));
    consoleError.apply(console, arguments);
  };
})();
