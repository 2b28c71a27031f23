// The letter form: focus the error summary; a live character count for the letter.
(function () {
    var alertBox = document.getElementById("form-alert");
    if (alertBox) { alertBox.focus(); }
    var area = document.querySelector("[data-letter-body]");
    if (!area) { return; }
    var count = document.getElementById(area.id + "_count");
    var status = document.getElementById(area.id + "_status");
    if (!count) { return; }
    var min = Number(count.dataset.min), max = Number(count.dataset.max), state = null;
    var number = function (n) { return n.toLocaleString("en-US"); };
    function update() {
        // Count as the server does: code points, after trimming surrounding whitespace.
        var n = Array.from(area.value.trim()).length;
        var now = n < min ? "short" : n > max ? "long" : "ok";
        var text = number(n) + " of " + number(max) + " characters";
        if (now === "short") { text += " (at least " + number(min) + ")"; }
        if (now === "long") { text += ": " + number(n - max) + " too many"; }
        count.textContent = text;
        count.classList.toggle("field__count--over", now === "long");
        if (state !== null && now !== state) {
            status.textContent = now === "ok" ? "Your letter is now within the length limits."
                : now === "long" ? "Your letter is over " + number(max) + " characters."
                : "Your letter is under " + number(min) + " characters.";
        }
        state = now;
    }
    count.hidden = false;
    area.addEventListener("input", update);
    update();
})();
