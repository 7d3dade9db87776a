// The error summary gets focus when the page opens (its autofocus attribute does that
// without this file). Browsers scroll a focused box only as far as needed, which on a
// 390 px phone can leave the summary's heading above the top edge; here the summary's top
// (its heading) is brought into view, and the scroll-margin in steps.css keeps a gap.
// Without an error summary, a question named in the address (#id) gets focus.
(function () {
    "use strict";
    function showSummary() {
        var summary = document.getElementById("feiloppsummering");
        if (!summary) {
            // «Endre» on the summary links to a question (#its id): put the cursor in it.
            var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
            if (target && typeof target.focus === "function") {
                target.focus();
            }
            return;
        }
        summary.focus({ preventScroll: true });
        summary.scrollIntoView({ block: "start" });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", showSummary);
    } else {
        showSummary();
    }
})();
