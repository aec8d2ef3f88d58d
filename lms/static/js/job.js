// Keeps a job page's progress bar current without reloading it; once the job
// is done or failed, loads the page again to show the download or the reason.
// Without this script the page's "Refresh" link does the same by hand.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var words = document.getElementById("job-words");
  var refresh = document.getElementById("job-refresh");
  var url = box.dataset.statusUrl;
  var delay = 1000;

  function show(status) {
    if (status.total !== null) {
      bar.max = Math.max(status.total, 1);
      bar.value = status.done;
    }
    if (words.textContent !== status.words) { words.textContent = status.words; }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.final) {
          window.location.reload();
          return;
        }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        // The server is busy or gone for a moment: ask less often, keep the link.
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(poll, delay);
      });
  }

  if (refresh) { refresh.hidden = true; }
  window.setTimeout(poll, delay);
}());
