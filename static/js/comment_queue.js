// The comment queue in the admin. Its filters reload only the list (Wagtail's w-swap), and the list
// carries its status: the bulk actions and the page title follow it, as the list's heading does,
// so pending comments are never offered "Restore".
(function () {
    "use strict";

    function followTheList() {
        var shown = document.querySelector("[data-queue-status]");
        if (!shown) {
            return;
        }
        var allowed = shown.getAttribute("data-queue-actions").split(" ");
        document.querySelectorAll("[data-bulk-action-footer] [data-bulk-action-button]").forEach(function (button) {
            // Bulk action URLs end in the action's name: /admin/bulk/discussion/comment/approve/
            var parts = new URL(button.getAttribute("href"), window.location.href).pathname.split("/");
            var action = parts.filter(Boolean).pop();
            var item = button.closest("li") || button;
            item.hidden = allowed.indexOf(action) === -1;
        });
        var title = shown.getAttribute("data-queue-title");
        var rest = document.title.indexOf(" - ");
        document.title = rest === -1 ? title : title + document.title.slice(rest);
        // The header's heading, read by screen readers, names the status too.
        var heading = document.querySelector("header h1");
        if (heading) {
            heading.textContent = title;
        }
    }

    document.addEventListener("DOMContentLoaded", followTheList);
    document.addEventListener("w-swap:success", followTheList);
})();
