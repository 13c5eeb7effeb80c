// Skip logic for the public survey form (progressive enhancement: without
// this file every question shows and the server ignores the answers to
// questions whose condition is not met). A question with
// data-show-field="q_q1" data-show-value="2" shows only while that field has
// that value checked; a hidden question's inputs are disabled so they are
// not sent.
(function () {
  "use strict";
  function checked(form, field, value) {
    var els = form.querySelectorAll("[name='" + field + "']");
    for (var i = 0; i < els.length; i++) {
      if (els[i].value === value && els[i].checked && !els[i].disabled) {
        return true;
      }
    }
    return false;
  }
  function apply(form) {
    var qs = form.querySelectorAll("[data-show-field]");
    // Questions come in order and rules point backwards: one pass settles them.
    for (var i = 0; i < qs.length; i++) {
      var q = qs[i];
      var show = checked(form, q.getAttribute("data-show-field"), q.getAttribute("data-show-value"));
      q.hidden = !show;
      var inputs = q.querySelectorAll("input, textarea, select");
      for (var j = 0; j < inputs.length; j++) {
        inputs[j].disabled = !show;
      }
    }
  }
  function init() {
    var form = document.querySelector("form[data-survey]");
    if (!form) {
      return;
    }
    form.classList.add("survey-js");
    apply(form);
    form.addEventListener("change", function () { apply(form); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
