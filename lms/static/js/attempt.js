// Saves quiz answers as they are given and shows the server's deadline.
// The page works without this script: its buttons save and submit by form post.
//
// Every save sends the attempt's revision this page shows and gets the next one
// back; the server refuses a save from a page that is behind (another tab or
// window saved since), and this page then asks the learner to reload.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var revision = form.querySelector('[name="revision"]');
  var staleNotice = document.getElementById("stale-notice");
  var storeKey = "lms-attempt-" + form.dataset.attempt;
  // Answers not sent yet, kept with the revision they were given on: a later
  // page only sends them again if nothing was saved in between.
  var queue = {};
  try {
    var stored = JSON.parse(window.localStorage.getItem(storeKey) || "{}");
    if (stored && stored.revision === revision.value && stored.answers) { queue = stored.answers; }
  } catch (e) { queue = {}; }
  var stale = false;
  var leaving = false;  // the form is being posted: it carries every answer itself

  function persist() {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify({ revision: revision.value, answers: queue }));
    } catch (e) { /* private mode */ }
  }

  function showStale() {
    stale = true;
    // What this page still holds was given on an outdated page: drop it.
    queue = {};
    Object.keys(timers).forEach(function (qid) { window.clearTimeout(timers[qid]); });
    if (staleNotice) {
      staleNotice.hidden = false;
      staleNotice.scrollIntoView({ block: "nearest" });
    }
  }

  function fieldsetOf(qid) {
    return form.querySelector('[data-question="' + qid + '"]');
  }

  function collect(fieldset) {
    var pairs = [];
    fieldset.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      pairs.push([el.name, el.value]);
    });
    return pairs;
  }

  function restore(fieldset, pairs) {
    var values = {};
    pairs.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    fieldset.querySelectorAll("input, select").forEach(function (el) {
      if (!el.name || el.type === "hidden") { return; }
      var wanted = values[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") { el.checked = wanted.indexOf(el.value) !== -1; }
      else { el.value = wanted.length ? wanted[0] : ""; }
    });
  }

  // A queued answer names the page's option ids; ids are per attempt, so an
  // answer queued by an older page (or a tampered one) may fit no control here.
  function fits(fieldset, pairs) {
    return pairs.every(function (pair) {
      var found = false;
      fieldset.querySelectorAll("input, select").forEach(function (el) {
        if (el.name !== pair[0]) { return; }
        if (el.type === "radio" || el.type === "checkbox") { found = found || el.value === pair[1]; }
        else if (el.tagName === "SELECT") {
          found = found || Array.prototype.some.call(el.options, function (o) { return o.value === pair[1]; });
        } else { found = true; }
      });
      return found;
    });
  }

  function setState(fieldset, text, state) {
    var el = fieldset.querySelector("[data-state]");
    if (!el) { return; }
    el.textContent = text;
    el.className = "save-state " + state;
  }

  // One save at a time: each sends the revision the one before it returned.
  var sending = Promise.resolve();
  var pending = 0;  // saves queued or under way
  function send(qid) {
    pending += 1;
    sending = sending.then(function () { return post(qid); }).then(function () { pending -= 1; });
    return sending;
  }

  function post(qid) {
    var fieldset = fieldsetOf(qid);
    if (stale || leaving || !fieldset || !queue[qid]) { return Promise.resolve(); }
    var body = new URLSearchParams();
    body.append("csrf_token", form.querySelector('[name="csrf_token"]').value);
    body.append("revision", revision.value);
    queue[qid].forEach(function (pair) { body.append(pair[0], pair[1]); });
    var sent = JSON.stringify(queue[qid]);
    return fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 409) {
        return response.json().catch(function () { return {}; }).then(function (reply) {
          if (reply.stale) { showStale(); return null; }
          // The attempt ended (its time ran out): show the result.
          window.location.href = form.dataset.resultUrl;
          return null;
        });
      }
      if (response.status === 400) {
        // Refused for good (ids this attempt does not know): retrying cannot help.
        if (JSON.stringify(queue[qid]) === sent) { delete queue[qid]; persist(); }
        setState(fieldset, form.dataset.rejectedText, "is-error");
        return null;
      }
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (result) {
      if (!result) { return; }
      if (typeof result.revision === "number") { revision.value = String(result.revision); persist(); }
      if (result.errors && result.errors[qid]) { setState(fieldset, result.errors[qid], "is-error"); }
      else { setState(fieldset, form.dataset.savedText, "is-saved"); }
      if (JSON.stringify(queue[qid]) === sent) { delete queue[qid]; persist(); }
    }).catch(function () {
      setState(fieldset, form.dataset.offlineText, "is-pending");
    });
  }

  function flush() {
    return Promise.all(Object.keys(queue).map(send));
  }

  var timers = {};
  function changed(event, delay) {
    var fieldset = event.target.closest("[data-question]");
    if (!fieldset) { return; }
    if (stale) { showStale(); return; }
    var qid = fieldset.dataset.question;
    queue[qid] = collect(fieldset);
    persist();
    setState(fieldset, form.dataset.savingText, "is-pending");
    window.clearTimeout(timers[qid]);
    timers[qid] = window.setTimeout(function () { send(qid); }, delay);
  }

  form.addEventListener("change", function (event) { changed(event, 0); });
  // A button posts the whole form (every answer of this page) with the
  // revision: first let the save under way finish, so the form sends the
  // revision that save returned instead of being refused as behind it.
  form.addEventListener("submit", function (event) {
    if (stale) { event.preventDefault(); showStale(); return; }
    if (leaving) { return; }
    leaving = true;
    Object.keys(timers).forEach(function (qid) { window.clearTimeout(timers[qid]); });
    if (!pending) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    sending.then(function () {
      if (stale) { leaving = false; return; }
      // Outside this event's dispatch: a form ignores requestSubmit while it
      // is still firing its submit event.
      window.setTimeout(function () {
        if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
      }, 0);
    });
  });
  // Back to this page from the browser's cache: it may save again (and is told
  // so if it is behind now).
  window.addEventListener("pageshow", function (event) { if (event.persisted) { leaving = false; } });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text") { changed(event, 800); }
  });
  // Answers given while offline were kept in this browser: put them back and send.
  Object.keys(queue).forEach(function (qid) {
    var fieldset = fieldsetOf(qid);
    if (fieldset && !fits(fieldset, queue[qid])) { delete queue[qid]; persist(); return; }
    if (fieldset) { restore(fieldset, queue[qid]); setState(fieldset, form.dataset.savingText, "is-pending"); }
  });
  window.addEventListener("online", flush);
  window.setInterval(function () { if (Object.keys(queue).length) { flush(); } }, 15000);
  flush();

  // The countdown only displays the server's deadline; the server enforces it.
  var countdown = document.getElementById("countdown");
  if (!countdown) { return; }
  var deadline = Date.parse(countdown.dataset.deadline);
  var shown = document.getElementById("time-left");
  var announce = document.getElementById("time-announce");
  var announced = {};
  var milestones = [30, 15, 10, 5, 2, 1];
  function tick() {
    var left = Math.max(0, deadline - Date.now());
    var minutes = Math.floor(left / 60000);
    var seconds = Math.floor((left % 60000) / 1000);
    shown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    milestones.forEach(function (m) {
      if (minutes < m && !announced[m] && left > 0 && minutes === m - 1) {
        announced[m] = true;
        announce.textContent = countdown.dataset.minutesText.replace("{minutes}", String(m));
      }
    });
    if (left <= 0) {
      window.clearInterval(timer);
      announce.textContent = countdown.dataset.upText;
      flush().then(function () {
        window.setTimeout(function () { window.location.href = countdown.dataset.resultUrl; }, 11000);
      });
    }
  }
  var timer = window.setInterval(tick, 1000);
  tick();
}());
