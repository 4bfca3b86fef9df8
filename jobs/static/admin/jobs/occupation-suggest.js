// Beside a vacancy's occupation field: the occupations the title suggests, as the public
// suggestion endpoint answers them while staff type; a click picks one in the autocomplete.
"use strict";
// Loaded in the page's head, before the form: it starts once the form is there.
document.addEventListener("DOMContentLoaded", function () {
  const title = document.getElementById("id_title");
  const field = document.getElementById("id_occupation");
  if (!title || !field) return;
  const list = document.createElement("div");
  list.className = "help occupation-suggestions";
  list.setAttribute("aria-live", "polite");
  field.closest(".form-row, .fieldBox, div").appendChild(list);
  let timer = null;
  let asked = "";

  function choose(code) {
    const url = new URL(field.dataset.ajax__url || "/admin/autocomplete/", window.location.origin);
    url.search = new URLSearchParams({
      term: code, app_label: "jobs", model_name: "vacancy", field_name: "occupation",
    }).toString();
    fetch(url, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : { results: [] }))
      .then((body) => {
        const found = (body.results || []).find((r) => r.text.startsWith(code + " "));
        if (!found) return;
        let option = Array.from(field.options).find((o) => o.value === String(found.id));
        if (!option) {
          option = new Option(found.text, found.id, true, true);
          field.appendChild(option);
        }
        field.value = String(found.id);
        field.dispatchEvent(new Event("change", { bubbles: true }));
        if (window.django && window.django.jQuery) window.django.jQuery(field).trigger("change");
      });
  }

  function show(results) {
    list.replaceChildren();
    if (!results.length) return;
    list.append(document.createTextNode(list.dataset.label || "建议职业："));
    for (const r of results) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.style.margin = "2px 4px";
      button.textContent = `${r.code} ${r.name}（${Math.round(r.confidence * 100)}%）`;
      button.addEventListener("click", () => choose(r.code));
      list.append(button);
    }
  }

  function ask() {
    const text = title.value.trim();
    if (!text || text === asked) return;
    asked = text;
    const url = "/api/v1/occupations/suggest/?" + new URLSearchParams({ text: text.slice(0, 200), k: "3" });
    fetch(url)
      .then((r) => (r.ok ? r.json() : { results: [] }))
      .then((body) => show(body.results || []))
      .catch(() => show([]));
  }

  title.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, 400);
  });
  ask();
});
