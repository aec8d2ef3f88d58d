// The dashboard while its figures are counted again in the background: asks
// the count job's status and loads the page again once the job has ended, so
// the new figures (or the reason the count failed) show. Without this script
// the notice's link does the same by hand.
(function () {
  "use strict";
  var notice = document.getElementById("counting");
  if (!notice || !notice.dataset.statusUrl) { return; }
  var url = notice.dataset.statusUrl;
  var delay = 1000;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (status) {
        if (status.final) {
          window.location.reload();
          return;
        }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
}());
