// "Add another" for a Django formset, in place: a button with data-formset-add="PREFIX"
// copies the <template> named by data-formset-template (the formset's empty form, with
// __prefix__ and __number__ where the index and the number go) into data-formset-into,
// and counts it in PREFIX-TOTAL_FORMS. Without this file the button posts the form and
// the server answers with one more item, so it is progressive enhancement only.
(function () {
  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    var prefix = button.getAttribute("data-formset-add");
    var template = document.getElementById(button.getAttribute("data-formset-template"));
    var into = document.getElementById(button.getAttribute("data-formset-into"));
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    if (!template || !into || !total) return;

    function isFull() {
      return max && Number(total.value) >= Number(max.value);
    }

    button.addEventListener("click", function (event) {
      if (isFull()) return; // the server says why there is no more room
      event.preventDefault();
      var index = Number(total.value);
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      into.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = into.lastElementChild;
      var first = added.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
      added.scrollIntoView({ block: "start" });
    });
  });
})();
