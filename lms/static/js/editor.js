// The author's editor: after a pause in typing, ask the server for the
// preview pane (rendered and sanitized there) and put it beside the text.
(function () {
  "use strict";
  var text = document.getElementById("editor-text");
  var form = document.getElementById("editor-form");
  if (!text || !form) { return; }
  var timer = null;
  var sent = 0;
  function refresh() {
    var number = ++sent;
    var data = new FormData(form);
    data.delete("action");
    fetch(text.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || number !== sent) { return; }
        var pane = document.getElementById("edit-preview-pane");
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#edit-preview-pane");
        if (pane && fresh) { pane.replaceWith(fresh); }
      })
      .catch(function () { /* the Preview button still works */ });
  }
  text.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 600);
  });
}());
