/* The pages' small progressive layer. Every page works without it; with it, the ID number is
   checked as it is typed, codes are sent without leaving the page, the place lists fill as the
   one above is chosen, "near me" reads the browser's location when allowed, occupations are
   suggested as words are typed, a half-filled form survives a reload, and a form is not sent
   twice by a double tap. Texts come from the page (translated on the server). */
(function () {
  "use strict";
  if (!window.fetch || !document.querySelector) return;

  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function show(el, text) {
    if (!el) return;
    el.textContent = text || "";
    el.hidden = !text;
  }

  /* --- ID numbers (GB 11643), with the server's own messages -------------------------------- */
  var PROVINCES = "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split(" ");

  function idProblem(raw) {
    var n = raw.replace(/\s+/g, "").toUpperCase();
    if (!n) return "";
    if (/^\d{15}$/.test(n)) return "old";
    if (!/^\d{17}[\dX]$/.test(n)) return "format";
    if (PROVINCES.indexOf(n.slice(0, 2)) < 0) return "province";
    var y = +n.slice(6, 10), m = +n.slice(10, 12), d = +n.slice(12, 14);
    var birth = new Date(y, m - 1, d);
    if (birth.getFullYear() !== y || birth.getMonth() !== m - 1 || birth.getDate() !== d) return "birth";
    if (y < 1900 || birth > new Date()) return "range";
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += +n[i] * (Math.pow(2, 17 - i) % 11);
    return "10X98765432"[sum % 11] === n[17] ? "" : "check";
  }

  document.querySelectorAll("[data-id-messages]").forEach(function (box) {
    var input = box.querySelector("[data-id-number]");
    var error = document.getElementById(input.id + "_error");
    function check(final) {
      var problem = idProblem(input.value);
      // While typing, a number still too short is no mistake yet.
      if (!final && problem === "format" && input.value.replace(/\s+/g, "").length < 18) problem = "";
      var text = problem ? box.getAttribute("data-msg-" + problem) : "";
      input.setCustomValidity(text);
      input.setAttribute("aria-invalid", problem ? "true" : "false");
      show(error, text);
      return !problem;
    }
    input.addEventListener("input", function () { check(false); });
    input.addEventListener("blur", function () { check(true); });
    input.form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.hasAttribute("formnovalidate")) return;
      if (!check(true)) { event.preventDefault(); input.focus(); }
    });
  });

  /* --- unified social credit codes (GB 32100), with the server's own messages ---------------- */
  var USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  function creditProblem(raw) {
    var c = raw.replace(/\s+/g, "").toUpperCase();
    if (!c) return ["", ""];
    if (c.length !== 18) return ["length", ""];
    var bad = c.split("").filter(function (ch, i, all) { return USCC.indexOf(ch) < 0 && all.indexOf(ch) === i; });
    if (bad.length) return ["chars", bad.sort().join("")];
    if (!/^\d{6}$/.test(c.slice(2, 8))) return ["region", ""];
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += USCC.indexOf(c[i]) * (Math.pow(3, i) % 31);
    return USCC[(31 - sum % 31) % 31] === c[17] ? ["", ""] : ["check", ""];
  }

  document.querySelectorAll("[data-credit-messages]").forEach(function (box) {
    var input = box.querySelector("[data-credit-code]");
    var error = document.getElementById(input.id + "_error");
    function check(final) {
      var found = creditProblem(input.value), problem = found[0];
      if (!final && problem === "length" && input.value.replace(/\s+/g, "").length < 18) problem = "";
      var text = problem ? box.getAttribute("data-msg-" + problem).replace("{chars}", found[1]) : "";
      input.setCustomValidity(text);
      input.setAttribute("aria-invalid", problem ? "true" : "false");
      show(error, text);
      return !problem;
    }
    input.addEventListener("input", function () { check(false); });
    input.addEventListener("blur", function () { check(true); });
    input.form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.hasAttribute("formnovalidate")) return;
      if (!check(true)) { event.preventDefault(); input.focus(); }
    });
  });

  /* --- a vacancy's dates: the start and the end in order, told as they are chosen ----------- */
  document.querySelectorAll("form[data-dates]").forEach(function (form) {
    var from = form.elements.valid_from, until = form.elements.valid_until, start = form.elements.start_date;
    function check() {
      var late = until.value && from.value && until.value < from.value;
      var after = start.value && until.value && start.value > until.value;
      show(document.getElementById(until.id + "_error"), late ? form.getAttribute("data-msg-until") : "");
      show(document.getElementById(start.id + "_error"), after ? form.getAttribute("data-msg-start") : "");
    }
    [from, until, start].forEach(function (input) { input.addEventListener("change", check); });
  });

  /* --- a vacancy's occupation suggested from its title (quietly none while not served) ------- */
  document.querySelectorAll("[data-suggest-from-title]").forEach(function (title) {
    var target = document.getElementById(title.getAttribute("data-suggest-from-title"));
    var url = document.getElementById(target.getAttribute("list")).getAttribute("data-url");
    var suggested = "", timer = null;
    title.addEventListener("input", function () {
      clearTimeout(timer);
      var text = title.value.trim();
      if (text.length < 2) return;
      timer = setTimeout(function () {
        fetch(url + "?text=" + encodeURIComponent(text), {credentials: "omit"})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (answer) {
            var best = (answer.results || []).filter(function (o) { return o.level === 4; })[0];
            // Only an empty field, or one this script filled, takes a suggestion.
            if (best && (!target.value || target.value === suggested)) target.value = suggested = best.name;
          })
          .catch(function () { /* no suggestion: the employer types the occupation */ });
      }, 400);
    });
  });

  /* --- a sign-in code by SMS, without leaving the page --------------------------------------- */
  document.querySelectorAll("[data-send-code]").forEach(function (button) {
    var form = button.form, label = button.textContent;
    var note = document.getElementById("code-note"), error = document.getElementById("code-error");
    button.addEventListener("click", function (event) {
      if (button.getAttribute("data-fallback")) return;  // the page's own way: send the whole form
      event.preventDefault();
      var body = new FormData();
      body.append("phone", form.elements.phone.value);
      button.disabled = true;
      fetch(button.getAttribute("formaction"), {
        method: "POST", body: body, credentials: "same-origin",
        headers: {"X-CSRFToken": csrf(form), "X-Requested-With": "fetch"}
      }).then(function (response) { return response.json(); }).then(function (answer) {
        show(answer.ok ? note : error, answer.message);
        show(answer.ok ? error : note, "");
        if (!answer.ok) { button.disabled = false; return; }
        form.elements.code.focus();
        var left = 60, again = button.getAttribute("data-msg-again");
        var timer = setInterval(function () {
          left -= 1;
          button.textContent = again.replace("{seconds}", left);
          if (left <= 0) { clearInterval(timer); button.textContent = label; button.disabled = false; }
        }, 1000);
      }).catch(function () {
        button.disabled = false;
        button.setAttribute("data-fallback", "1");
        button.click();
      });
    });
  });

  /* --- the place picker: province, city, county ---------------------------------------------- */
  document.querySelectorAll("[data-places]").forEach(function (box) {
    var url = box.getAttribute("data-regions-url");
    var lists = {};
    box.querySelectorAll("[data-place-level]").forEach(function (s) { lists[s.getAttribute("data-place-level")] = s; });
    function clear(select) { select.length = 1; select.value = ""; }
    function fill(select, regions) {
      regions.forEach(function (r) { select.add(new Option(r.name, r.code)); });
    }
    function load(parent, select, self) {
      clear(select);
      if (!parent.value) return;
      fetch(url + "?page_size=100&parent=" + encodeURIComponent(parent.value), {credentials: "omit"})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (answer) {
          // A city without counties (such as 东莞) is a county of its own.
          fill(select, answer.results.length ? answer.results : self);
          if (select.length === 2 && select === lists.county) select.selectedIndex = 1;
        });
    }
    lists.province.addEventListener("change", function () {
      clear(lists.county);
      load(lists.province, lists.city, []);
    });
    lists.city.addEventListener("change", function () {
      var option = lists.city.options[lists.city.selectedIndex];
      load(lists.city, lists.county, [{code: option.value, name: option.text}]);
    });
    box.querySelectorAll("noscript").forEach(function (n) { n.remove(); });
  });

  /* --- near me, from the browser's location when the person allows it ------------------------ */
  document.querySelectorAll("[data-near-me]").forEach(function (button) {
    if (!navigator.geolocation) return;
    var form = button.form, label = button.textContent;
    var error = document.getElementById("near-error");
    button.hidden = false;
    button.closest("fieldset").hidden = false;
    button.addEventListener("click", function () {
      button.textContent = button.getAttribute("data-msg-wait");
      navigator.geolocation.getCurrentPosition(function (where) {
        form.elements.latitude.value = where.coords.latitude.toFixed(4);
        form.elements.longitude.value = where.coords.longitude.toFixed(4);
        ["province", "city", "county"].forEach(function (name) { form.elements[name].value = ""; });
        form.elements.ordering.value = "distance";
        form.submit();
      }, function () {
        button.textContent = label;
        show(error, button.getAttribute("data-msg-denied"));
      }, {timeout: 15000, maximumAge: 600000});
    });
    // Choosing a place instead takes the location out again.
    form.querySelectorAll("[data-place-level]").forEach(function (select) {
      select.addEventListener("change", function () {
        form.elements.latitude.value = "";
        form.elements.longitude.value = "";
      });
    });
  });

  /* --- occupations suggested as words are typed; none while the service does not answer ----- */
  document.querySelectorAll("input[data-suggest-url]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-suggest-list"));
    var form = input.form, chip = document.getElementById("occupation-chip");
    var timer = null, asked = "";
    function choose(code, name) {
      form.elements.occupation.value = code;
      chip.querySelector("[data-chip-name]").textContent = name;
      chip.hidden = !code;
      list.hidden = true;
      if (code) input.value = "";
    }
    chip.querySelector("[data-chip-clear]").addEventListener("click", function () { choose("", ""); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { list.hidden = true; return; }
      timer = setTimeout(function () {
        asked = text;
        fetch(input.getAttribute("data-suggest-url") + "?text=" + encodeURIComponent(text), {credentials: "omit"})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (answer) {
            if (asked !== input.value.trim()) return;  // typed on meanwhile
            list.textContent = "";
            // Vacancies name an occupation, never a group of them: only occupations filter.
            (answer.results || []).filter(function (o) { return o.level === 4; }).slice(0, 5).forEach(function (o) {
              var item = document.createElement("li"), button = document.createElement("button");
              button.type = "button";
              button.textContent = o.name;
              button.addEventListener("click", function () { choose(o.code, o.name); });
              item.appendChild(button);
              list.appendChild(item);
            });
            list.hidden = !list.children.length;
          })
          .catch(function () { list.hidden = true; });
      }, 300);
    });
  });

  /* --- skills found by everyday words (names and synonyms), occupations coded from them ---- */
  document.querySelectorAll("[data-name-search]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-name-search"));
    var url = list.getAttribute("data-url"), timer = null;
    var query = list.getAttribute("data-param") ? "?" + list.getAttribute("data-param") + "=" : "?page_size=10&q=";
    // The words a picked suggestion replaced: kept beside it, so the service learns them.
    var words = input.form.elements[input.name + "_words"], typed = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      var picked = Array.prototype.some.call(list.options, function (o) { return o.value === text; });
      if (words) words.value = picked && typed !== text ? typed : "";
      if (!text || picked) return;
      typed = text;
      timer = setTimeout(function () {
        fetch(url + query + encodeURIComponent(text), {credentials: "omit"})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (answer) {
            list.textContent = "";
            answer.results.forEach(function (row) {
              if (row.level === undefined || row.level === 4) list.appendChild(new Option(row.name, row.name));
            });
          })
          .catch(function () { /* no suggestions: the server still resolves what is typed */ });
      }, 300);
    });
  });

  /* --- a half-filled form survives a reload (in this tab only; never the ID number or code) - */
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = "draft:" + form.getAttribute("data-draft");
    var kept = ["phone", "name", "education", "employment_status", "self_description"];
    try {
      var draft = JSON.parse(sessionStorage.getItem(key) || "{}");
      kept.forEach(function (name) {
        var field = form.elements[name];
        if (field && !field.value && draft[name]) field.value = draft[name];
      });
      form.addEventListener("input", function () {
        var now = {};
        kept.forEach(function (name) { if (form.elements[name]) now[name] = form.elements[name].value; });
        sessionStorage.setItem(key, JSON.stringify(now));
      });
      form.addEventListener("submit", function (event) {
        if (!event.submitter || !event.submitter.hasAttribute("formnovalidate")) sessionStorage.removeItem(key);
      });
    } catch (e) { /* storage off (private mode): nothing kept */ }
  });

  /* --- one send per tap ------------------------------------------------------------------------ */
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
      form.setAttribute("data-sent", "1");
    });
  });
  // Back to a page kept in memory: its forms may be sent again (the server still tells a repeat).
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) { form.removeAttribute("data-sent"); });
  });
})();
