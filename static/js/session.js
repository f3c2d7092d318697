// Nothing typed into a form is lost to the idle sign-out.
//
// The session ends after a spell without requests (data-session-timeout, in seconds). While
// someone types, the page tells the server now and then, which keeps the session alive. When
// a form is sent after a long pause, the page first asks whether the session still exists:
// if it has ended, the form is not sent (it would only meet the sign-in page, and what was
// typed would be gone); a message explains how to sign in again in another tab and press the
// button again. The answer also carries the current CSRF token, which a new sign-in changes.
(function () {
  "use strict";
  var body = document.body;
  var url = body.dataset.sessionUrl;
  var forms = Array.prototype.filter.call(document.querySelectorAll("form"), function (form) {
    return form.method.toLowerCase() === "post" && form.querySelector("input[name=csrfmiddlewaretoken]");
  });
  if (!url || !forms.length || !window.fetch) {
    return;
  }
  var banner = document.getElementById("session-ended");
  var lastContact = Date.now();
  var typedSinceContact = false;

  // Read each time, not once: the timeout is the server's, given on the page.
  function timeoutMs() {
    return Number(body.dataset.sessionTimeout || 1800) * 1000;
  }

  function useToken(token) {
    forms.forEach(function (form) {
      form.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
        input.value = token;
      });
    });
  }

  // true: signed in (and the session renewed); false: signed out; null: could not tell.
  function check() {
    return fetch(url, { credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          return false;
        }
        return response.json().then(function (data) {
          lastContact = Date.now();
          typedSinceContact = false;
          useToken(data.csrf_token);
          if (banner) {
            banner.hidden = true;
          }
          return true;
        });
      })
      .catch(function () {
        return null;
      })
      .then(function (signedIn) {
        if (signedIn === false && banner) {
          banner.hidden = false;
          banner.focus();
        }
        return signedIn;
      });
  }

  document.addEventListener("input", function () {
    typedSinceContact = true;
  }, true);

  (function tick() {
    window.setTimeout(function () {
      if (typedSinceContact) {
        check();
      }
      tick();
    }, Math.min(5 * 60 * 1000, timeoutMs() / 3));
  })();

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sessionChecked === "yes") {
        delete form.dataset.sessionChecked;
        return;
      }
      // After less than half the timeout the session is certainly still there.
      if (Date.now() - lastContact < timeoutMs() / 2) {
        return;
      }
      event.preventDefault();
      var button = event.submitter || null;
      check().then(function (signedIn) {
        if (signedIn === false) {
          return;
        }
        form.dataset.sessionChecked = "yes";
        if (form.requestSubmit) {
          form.requestSubmit(button);
        } else {
          form.submit();
        }
      });
    });
  });
})();
