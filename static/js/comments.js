/* Comments: small enhancements over a form that works without JavaScript.
   - "Reply" fills in the form's hidden parent field instead of reloading the page.
   - The comment box shows how many characters are left near the limit.
   - The send button is disabled while a comment is on its way (no double posts). */
(function () {
    "use strict";

    var form = document.querySelector("[data-comment-form]");
    if (!form) {
        return;
    }
    var parentField = form.querySelector("input[name='parent']");
    var replying = form.querySelector("[data-replying]");
    var replyingName = form.querySelector("[data-replying-name]");
    var body = form.querySelector("textarea[name='body']");
    var section = document.getElementById("comment-form");

    document.addEventListener("click", function (event) {
        var link = event.target.closest("[data-reply-to]");
        if (link && parentField && replying) {
            event.preventDefault();
            parentField.value = link.getAttribute("data-reply-to");
            replyingName.textContent = link.getAttribute("data-reply-name");
            replyingName.setAttribute("href", "#comment-" + link.getAttribute("data-reply-to"));
            replying.hidden = false;
            section.scrollIntoView({ block: "start" });
            body.focus({ preventScroll: true });
            return;
        }
        var cancel = event.target.closest("[data-cancel-reply]");
        if (cancel && parentField && replying) {
            event.preventDefault();
            parentField.value = "";
            replying.hidden = true;
            body.focus();
        }
    });

    var counter = form.querySelector("[data-count-for]");
    var limit = body ? parseInt(body.getAttribute("maxlength"), 10) : 0;
    function updateCount() {
        var left = limit - body.value.length;
        counter.hidden = left > 300;
        counter.textContent = left + (left === 1 ? " character left" : " characters left");
    }
    if (counter && limit) {
        body.addEventListener("input", updateCount);
        updateCount();
    }

    form.addEventListener("submit", function () {
        var button = form.querySelector("[data-comment-submit]");
        if (button) {
            // After the browser has taken the click, so the form is still sent.
            window.setTimeout(function () {
                button.disabled = true;
                button.textContent = "Sending\u2026";
            }, 0);
        }
    });
})();
