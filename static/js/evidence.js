/* Photos and files on a report's page and its form page.
   - The file chooser lists the chosen files with their sizes and marks any too large to be accepted.
   - "Upload now" (shown only with this script, on the form page of a saved report) sends the chosen files at
     once and refreshes the list in place, so that what is typed in the form is kept; uploading from the
     report's page and removing a file happen in place too.
   Without this script every form works as a plain form: files are stored with the Save, or the page reloads. */
(function () {
  "use strict";

  function size(bytes) {
    if (bytes >= 1024 * 1024) { return (bytes / 1024 / 1024).toFixed(1) + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("#evidence input[type=file]")) { return; }
    var list = document.querySelector("#evidence [data-chosen-files]");
    if (!list) { return; }
    var limit = parseInt(list.dataset.maxBytes || "0", 10);
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " · " + size(file.size);
      if (limit && file.size > limit) {
        item.className = "text-danger";
        item.textContent += " · " + list.dataset.tooLarge;
      }
      list.appendChild(item);
    });
  });

  // Put the page as the server now shows it in place of the evidence area, with the messages it gave.
  function swapIn(html, address) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var here = document.getElementById("evidence");
    var there = fresh.getElementById("evidence");
    if (!here || !there) { window.location.href = address; return; }
    ["evidence", "evidence-forms"].forEach(function (id) {
      var old = document.getElementById(id), now = fresh.getElementById(id);
      if (old && now) { old.replaceWith(document.importNode(now, true)); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-inplace-message]"), function (el) { el.remove(); });
    var area = document.getElementById("evidence");
    Array.prototype.forEach.call(fresh.querySelectorAll("main > .alert"), function (alert) {
      var copy = document.importNode(alert, true);
      copy.setAttribute("data-inplace-message", "");
      area.parentNode.insertBefore(copy, area);
    });
    reveal(area);
    // Our change moved the report on by one version: the page's forms (Save, Submit) follow it. If someone else
    // changed the report too, they keep the old one and are told so when sent.
    var version = fresh.querySelector("input[name=version]");
    Array.prototype.forEach.call(document.querySelectorAll("input[name=version]"), function (input) {
      if (version && parseInt(version.value, 10) === parseInt(input.value, 10) + 1) { input.value = version.value; }
    });
    var heading = area.querySelector("h2");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }

  function reveal(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-upload-now]"), function (button) {
      button.hidden = false;
    });
  }

  function send(address, body) {
    body.set("next", window.location.pathname + window.location.search);
    return fetch(address, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text().then(function (html) { swapIn(html, response.url); });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-upload-now]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("aria-controls"));
    if (!input || !input.files.length) { if (input) { input.focus(); } return; }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", button.form.querySelector("[name=csrfmiddlewaretoken]").value);
    Array.prototype.forEach.call(input.files, function (file) { body.append("files", file); });
    button.disabled = true;
    send(button.dataset.uploadNow, body).catch(function () {
      button.disabled = false;
      button.form.requestSubmit();  // the plain way: the files go with the Save
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-inplace")) { return; }
    event.preventDefault();
    send(form.action, new FormData(form)).catch(function () { form.submit(); });
  });

  reveal(document);
})();
