// After sending: «Kopier lenken» beside the status link on the confirmation page, and
// «Skriv ut» on the printable copy. Both pages work without this file (the link is plain
// text in a read-only field, and the browser prints): it only adds the buttons.
(function () {
    "use strict";

    function selectAndCopy(input) {
        input.focus();
        input.select();
        try {
            return document.execCommand("copy");
        } catch (error) {
            return false;
        }
    }

    function copy(input) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(input.value).then(
                function () { return true; },
                function () { return selectAndCopy(input); }
            );
        }
        return Promise.resolve(selectAndCopy(input));
    }

    document.querySelectorAll("[data-copy-link]").forEach(function (box) {
        var input = box.querySelector("[data-copy-source]");
        var button = box.querySelector("[data-copy-button]");
        var status = box.querySelector("[data-copy-status]");
        if (!input || !button || !status) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
            copy(input).then(function (copied) {
                // A live region: screen readers hear that the link was copied (or not).
                status.textContent = copied ? status.dataset.copiedText : status.dataset.failedText;
            });
        });
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
            window.print();
        });
    });
})();
