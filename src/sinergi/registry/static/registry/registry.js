// Registry workspace enhancements; every form works without this file (KBLI codes can be typed).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-kbli-code]");
    if (!pick) { return; }
    var input = document.getElementById("id_" + pick.getAttribute("data-kbli-target"));
    if (!input) { return; }
    var code = pick.getAttribute("data-kbli-code");
    if (input.name === "kbli_others") {
      var codes = input.value.split(/[\s,;]+/).filter(Boolean);
      if (codes.indexOf(code) === -1) { codes.push(code); }
      input.value = codes.join(", ");
    } else {
      input.value = code;
    }
    var results = pick.closest(".kbli-results");
    if (results) { results.textContent = ""; }
    input.focus();
  });
})();
