// Small enhancements on top of pages that work without JavaScript. No inline scripts (CSP).
(function () {
  "use strict";

  function reveal(root) {
    // Controls that only work with JavaScript start hidden, so a page without it never shows a dead button.
    root.querySelectorAll("[data-quick-picks], [data-copy], [data-print]").forEach(function (element) {
      element.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    reveal(event.detail.elt || document);
    // After a step is swapped in, move focus to its heading (or to the error summary) for screen readers
    // and keyboard users. The live-leaning panel updates without moving focus.
    var target = event.detail.target;
    if (!target || target.id !== "flow") {
      return;
    }
    var flow = document.getElementById("flow");
    if (!flow) {
      return;
    }
    var focusTarget = flow.querySelector('[data-focus-on-swap="error"]') || flow.querySelector("[data-focus-on-swap]");
    if (focusTarget) {
      focusTarget.focus({ preventScroll: true });
      flow.scrollIntoView({ block: "start" });
    }
  });

  document.addEventListener("click", function (event) {
    var fill = event.target.closest("[data-fill]");
    if (fill) {
      var input = document.getElementById(fill.getAttribute("data-fill-target"));
      if (input) {
        input.value = fill.getAttribute("data-fill");
        input.dispatchEvent(new Event("change", { bubbles: true }));
        input.focus();
      }
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var field = document.getElementById(copy.getAttribute("data-copy"));
      var status = document.getElementById("copy-status");
      if (!field) {
        return;
      }
      var done = function () {
        copy.textContent = "Copied";
        if (status) {
          status.textContent = "The link is copied to your clipboard.";
        }
        window.setTimeout(function () {
          copy.textContent = "Copy link";
        }, 2500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          field.select();
        });
      } else {
        field.select();
        try {
          if (document.execCommand("copy")) {
            done();
          }
        } catch (error) {
          // Leave the link selected so the person can copy it by hand.
        }
      }
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // A second click on "Get my advice" while the first is on its way would only find the same result,
  // but disabling the button says clearly that something is happening.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-submit-once")) {
      return;
    }
    if (form.dataset.submitted === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
    });
  });

  // Coming back with the browser's back button may restore a page whose form was already sent.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
      });
    });
  });

  // htmx does not swap in error answers (403, 429, 5xx), so without this a failed step would do nothing
  // visible. The answers already saved live in the progress cookie and are not lost.
  var problemMessages = {
    403: "Your session has expired, so this was not sent. Reload the page and try again; the answers you already saved are kept.",
    429: "Too many requests from your connection. Wait a minute, then try again.",
  };

  function showProblem(text) {
    var box = document.getElementById("request-problem");
    if (box) {
      box.textContent = text;
      box.hidden = false;
    }
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    showProblem(
      problemMessages[status] ||
        (status >= 500
          ? "The server could not answer just now. Nothing you already saved is lost; try again in a moment."
          : "That did not work. Reload the page and try again.")
    );
  });

  document.addEventListener("htmx:sendError", function () {
    showProblem("The server cannot be reached. Check your connection, then try again.");
  });

  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-problem");
    if (box) {
      box.hidden = true;
    }
  });

  // A fixed answer clears its error: choosing an option, or typing a plain number, removes the message
  // beside the field and its line in the error summary. The server checks everything again on Continue.
  function clearError(question) {
    question.classList.remove("question--error");
    question.querySelectorAll("[data-field-error]").forEach(function (message) {
      var id = message.id;
      message.remove();
      question.querySelectorAll("[aria-describedby]").forEach(function (element) {
        var ids = element.getAttribute("aria-describedby").split(" ").filter(function (part) {
          return part && part !== id;
        });
        element.setAttribute("aria-describedby", ids.join(" "));
      });
    });
    question.querySelectorAll("[aria-invalid]").forEach(function (element) {
      element.removeAttribute("aria-invalid");
    });
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.querySelectorAll('a[href="#' + question.id + '"]').forEach(function (link) {
        link.closest("li").remove();
      });
      if (!summary.querySelector("li") && !summary.hasAttribute("data-keep")) {
        summary.hidden = true;
      }
    }
  }

  document.addEventListener("change", function (event) {
    var question = event.target.closest(".question--error");
    if (!question) {
      return;
    }
    var plainNumber = /^\s*\d[\d\s]*([.,]\d{1,2})?\s*$/;
    if (event.target.type === "radio" || plainNumber.test(event.target.value)) {
      clearError(question);
    }
  });

  // The browser's own print shows every reason, not only the three main ones.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-opened-for-print", "");
    });
  });

  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-opened-for-print");
    });
  });

  // Selecting the share link on focus makes copying by hand easy.
  document.addEventListener("focusin", function (event) {
    if (event.target.id === "share-link") {
      event.target.select();
    }
  });
})();
