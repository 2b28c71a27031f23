// Follows a WordPress import in the admin: the bar and the status move, and the page reloads with the report.
(function () {
    "use strict";
    var root = document.querySelector("[data-wpimport-progress]");
    if (!root) {
        return;
    }
    var url = root.getAttribute("data-wpimport-progress");
    var bar = document.getElementById("wpimport-bar");
    var state = document.getElementById("wpimport-state");

    function poll() {
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (data) {
                if (!data) {
                    window.setTimeout(poll, 5000);
                    return;
                }
                if (!data.active) {
                    window.location.reload();
                    return;
                }
                if (bar) {
                    bar.value = data.percent;
                    bar.textContent = data.percent + "%";
                }
                state.textContent = data.state_label + (data.phase ? ": " + data.phase + ", " + data.percent + "%" : "");
                window.setTimeout(poll, 1500);
            })
            .catch(function () {
                window.setTimeout(poll, 5000);
            });
    }
    window.setTimeout(poll, 1000);
})();
