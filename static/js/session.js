/* Fritidsjob: the idle time-out warning (fritidsjob/session_limits.py).
 *
 * A minute before the session ends the page asks the server how long is really left (another
 * tab may have been busy); if it is still ending, it shows the warning with a countdown and
 * a "Bliv logget ind" button that tells the server the user is here. At zero it goes to the
 * login page, where the server says why. htmx requests count as activity on the server, so
 * each one starts the idle clock here again.
 */
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) { return; }
  var statusUrl = box.dataset.statusUrl;
  var loginUrl = box.dataset.loginUrl;
  var idleSeconds = parseInt(box.dataset.idleSeconds, 10) || 1800;
  var countdown = box.querySelector("[data-session-countdown]");
  var keepAlive = box.querySelector("[data-session-keep-alive]");
  var WARN_SECONDS = 60;
  var warnTimer = null;
  var tickTimer = null;
  var endsAt = 0;
  var capEndsAt = 0;

  function now() { return Date.now(); }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function goToLogin() {
    window.location.assign(loginUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search));
  }

  function hide() {
    box.hidden = true;
    if (tickTimer) { window.clearInterval(tickTimer); tickTimer = null; }
  }

  function schedule(secondsLeft) {
    endsAt = now() + secondsLeft * 1000;
    if (warnTimer) { window.clearTimeout(warnTimer); }
    warnTimer = window.setTimeout(check, Math.max(0, (secondsLeft - WARN_SECONDS) * 1000));
  }

  function ask(method) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (method === "POST") { options.headers["X-CSRFToken"] = csrfToken(); }
    return window.fetch(statusUrl, options).then(function (response) { return response.json(); });
  }

  function tick() {
    var left = Math.max(0, Math.round((endsAt - now()) / 1000));
    countdown.textContent = String(left);
    if (left <= 0) {
      hide();
      // Asking once more signs the session out on the server, then the login page says why.
      ask("GET").then(function (status) {
        if (status.signed_in && status.seconds_left > 0) { schedule(status.seconds_left); } else { goToLogin(); }
      }, goToLogin);
    }
  }

  function warn() {
    box.hidden = false;
    tick();
    if (!tickTimer) { tickTimer = window.setInterval(tick, 1000); }
    keepAlive.focus();
  }

  function check() {
    ask("GET").then(function (status) {
      if (!status.signed_in) { goToLogin(); return; }
      if (status.seconds_left > WARN_SECONDS + 5) { schedule(status.seconds_left); return; }
      endsAt = now() + status.seconds_left * 1000;
      warn();
    }, function () { schedule(WARN_SECONDS); warn(); });
  }

  keepAlive.addEventListener("click", function () {
    ask("POST").then(function (status) {
      if (!status.signed_in) { goToLogin(); return; }
      hide();
      schedule(status.seconds_left);
    }, goToLogin);
  });

  // Activity by htmx (a filter, a saved note): the server has noted it, so start the clock again.
  document.body.addEventListener("htmx:afterRequest", function () {
    hide();
    schedule(Math.min(idleSeconds, Math.max(0, Math.round((capEndsAt - now()) / 1000))));
  });

  var secondsLeft = parseInt(box.dataset.secondsLeft, 10) || 0;
  capEndsAt = now() + parseInt(box.dataset.capSecondsLeft || String(8 * 3600), 10) * 1000;
  schedule(secondsLeft);
}());
