// The site's behaviour, in one file so the Content-Security-Policy can forbid inline script:
// elements ask for it with data- attributes. Listeners sit on the document, so they work the
// same on content htmx swaps in later.
(function () {
  "use strict";

  // <select data-autosubmit>: choosing an option submits its form (language, filters).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });

  // <form data-confirm="question">: asks before submitting.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    // <button data-print>: prints the page.
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    // Deputy pickers: select all / clear.
    var all = event.target.closest("[data-picker-all]"), none = event.target.closest("[data-picker-none]");
    if (all || none) {
      var picker = event.target.closest("[data-picker]");
      picker.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = !!all; });
    }
  });

  // Account form: townships matter for township staff only; hide the list for the county's roles.
  function syncAccountForm() {
    var role = document.querySelector(".account-form select[name=role]");
    var field = document.querySelector(".account-form .townships-field");
    if (!role || !field) return;
    function sync() { field.hidden = role.value !== "township_staff"; }
    role.addEventListener("change", sync);
    sync();
  }

  // Roll call: the counts of present, excused and absent follow the radio buttons.
  function syncRollCall() {
    var form = document.querySelector("form .roll-call");
    if (!form) return;
    function recount() {
      var counts = {present: 0, excused: 0, absent: 0};
      form.querySelectorAll("input[type=radio]:checked").forEach(function (r) { counts[r.value] += 1; });
      Object.keys(counts).forEach(function (k) {
        var el = document.querySelector("[data-count=" + k + "]");
        if (el) el.textContent = counts[k];
      });
    }
    form.addEventListener("change", recount);
    var all = document.querySelector("[data-all-present]");
    if (all) all.addEventListener("click", function () {
      form.querySelectorAll("input[type=radio][value=present]").forEach(function (r) { r.checked = true; });
      recount();
    });
  }

  function ready() { syncAccountForm(); syncRollCall(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
