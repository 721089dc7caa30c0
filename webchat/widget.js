/* Anskaffelseslosen chat widget: plain JavaScript, no build step, no dependencies.
 * Bot text is rendered from a small safe subset (paragraphs, **bold**, lists, http(s) links)
 * by building DOM nodes; no message text is ever assigned as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script.src).href.replace(/static\/$/, "");
  var options = {
    server: (script.dataset.server || base).replace(/\/?$/, "/"),
    title: script.dataset.title || "Anskaffelseslosen",
    greeting: script.dataset.greeting || "hei",
    contact: script.dataset.contact || "",
    colour: script.dataset.colour || ""
  };
  var STORAGE_KEY = "anskaffelseslosen.session";
  var TRANSCRIPT_KEY = "anskaffelseslosen.transcript";
  var transcript = [];
  try { transcript = JSON.parse(sessionStorage.getItem(TRANSCRIPT_KEY) || "[]"); } catch (e) { transcript = []; }
  function remember(entry) {
    transcript.push(entry);
    try { sessionStorage.setItem(TRANSCRIPT_KEY, JSON.stringify(transcript.slice(-200))); } catch (e) { /* storage full: keep going */ }
  }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("static/widget.css", options.server).href;
  document.head.appendChild(css);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var launcher = el("button", { type: "button", "class": "al-launcher", "aria-expanded": "false", "aria-controls": "al-panel" }, "Spør " + options.title);
  var panel = el("section", { id: "al-panel", "class": "al-panel", role: "dialog", "aria-label": options.title });
  panel.hidden = true;
  var head = el("div", { "class": "al-head" });
  head.appendChild(el("h2", {}, options.title));
  var tools = el("div");
  var restartButton = el("button", { type: "button" }, "Start på nytt");
  var closeButton = el("button", { type: "button", "aria-label": "Lukk chatten" }, "Lukk");
  tools.appendChild(restartButton); tools.appendChild(document.createTextNode(" ")); tools.appendChild(closeButton);
  head.appendChild(tools);
  var log = el("div", { "class": "al-log", role: "log", "aria-live": "polite", "aria-label": "Samtale", tabindex: "0" });
  var form = el("form", { "class": "al-form" });
  var label = el("label", { "for": "al-input", "class": "al-sr" }, "Skriv spørsmålet ditt");
  var input = el("textarea", { id: "al-input", rows: "2", maxlength: "2000", placeholder: "Skriv spørsmålet ditt …" });
  var send = el("button", { type: "submit" }, "Send");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  panel.appendChild(head); panel.appendChild(log); panel.appendChild(form);
  if (/^https?:\/\//.test(options.contact)) {
    var footer = el("p", { "class": "al-foot" });
    footer.appendChild(el("a", { href: options.contact, target: "_blank", rel: "noopener noreferrer" }, "Kontakt innkjøpsavdelingen"));
    panel.appendChild(footer);
  }
  if (/^#[0-9a-fA-F]{6}$/.test(options.colour)) {
    launcher.style.setProperty("--al-colour", options.colour);
    panel.style.setProperty("--al-colour", options.colour);
  }
  document.body.appendChild(launcher);
  document.body.appendChild(panel);

  /* Long addresses are shown as «host/…»; the full address stays in href and the tooltip. */
  function shortLink(url) {
    if (url.length <= 40) return url;
    try { var parsed = new URL(url); return parsed.host + parsed.pathname.slice(0, 18) + "…"; } catch (e) { return url; }
  }

  /* Inline markup: **bold** and bare http(s) links; everything else stays text. */
  function appendInline(parent, text) {
    var pattern = /\*\*([^*]+)\*\*|(https?:\/\/[^\s<>"')]+[^\s<>"').,;:!?])/g;
    var last = 0, match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1] !== undefined) {
        parent.appendChild(el("strong", {}, match[1]));
      } else {
        var link = el("a", { href: match[2], target: "_blank", rel: "noopener noreferrer" }, shortLink(match[2]));
        parent.appendChild(link);
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderBotText(container, text) {
    var list = null;
    text.split("\n").forEach(function (line) {
      var item = line.match(/^\s*(?:[-•]|\d+\.)\s+(.*)$/);
      if (item) {
        var ordered = /^\s*\d+\./.test(line);
        if (!list || (list.tagName === "OL") !== ordered) {
          list = el(ordered ? "ol" : "ul");
          container.appendChild(list);
        }
        var li = el("li");
        appendInline(li, item[1]);
        list.appendChild(li);
      } else if (line.trim()) {
        list = null;
        var p = el("p");
        appendInline(p, line);
        container.appendChild(p);
      } else {
        list = null;
      }
    });
  }

  function addMessage(kind, text, keep) {
    if (keep !== false && kind !== "error") remember({ kind: kind, text: text });
    var node = el("div", { "class": "al-msg al-" + kind });
    if (kind === "bot") renderBotText(node, text); else node.textContent = text;
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    return node;
  }

  function addNote(note) {
    var row = el("div", { "class": "al-buttons" });
    var copy = el("button", { type: "button" }, "Kopier notat");
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(note.content).then(function () {
        addMessage("bot", "Notatet er kopiert. Lim det inn i anskaffelsesprotokollen eller saksnotatet.", false);
      }, function () {
        addMessage("error", "Kunne ikke kopiere automatisk. Bruk «Last ned notat» i stedet.");
      });
    });
    var download = el("button", { type: "button" }, "Last ned notat");
    download.addEventListener("click", function () {
      var url = URL.createObjectURL(new Blob([note.content], { type: "text/markdown;charset=utf-8" }));
      var link = el("a", { href: url, download: String(note.filename || "notat.md") });
      document.body.appendChild(link); link.click(); link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
    row.appendChild(copy); row.appendChild(download);
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }

  function addButtons(buttons) {
    var row = el("div", { "class": "al-buttons" });
    buttons.forEach(function (button) {
      var b = el("button", { type: "button" }, String(button.title || ""));
      b.addEventListener("click", function () {
        row.remove();
        deliver(String(button.payload || button.title || ""), String(button.title || ""));
      });
      row.appendChild(b);
    });
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }

  /* «Var dette nyttig?» after a factual answer (the server names the topic in feedback_topic).
   * The emoji are decoration; the buttons' accessible names are text. Only the latest answer can be
   * rated: an unanswered prompt disappears when the user sends the next message. */
  var feedbackCount = 0;
  function feedbackButton(icon, text) {
    var button = el("button", { type: "button" });
    button.appendChild(el("span", { "aria-hidden": "true" }, icon + " "));
    button.appendChild(document.createTextNode(text));
    return button;
  }
  function sendFeedback(fields) {
    return deliver("/feedback" + JSON.stringify(fields));
  }
  function clearOpenFeedback() {
    Array.prototype.forEach.call(log.querySelectorAll(".al-feedback[data-open]"), function (box) { box.remove(); });
  }
  function addCommentForm(topic) {
    var id = "al-comment-" + feedbackCount;
    var form = el("form", { "class": "al-feedback al-comment", "aria-label": "Kommentar til svaret", "data-open": "" });
    form.appendChild(el("label", { "for": id }, "Hva manglet i svaret? (valgfritt, ikke skriv personopplysninger)"));
    var comment = el("textarea", { id: id, rows: "2", maxlength: "300" });
    form.appendChild(comment);
    form.appendChild(el("button", { type: "submit" }, "Send kommentar"));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = comment.value.trim();
      if (!text) { comment.focus(); return; }
      form.removeAttribute("data-open");
      form.remove();
      addMessage("user", text);
      input.focus();
      sendFeedback({ rating: "nei", topic: topic, comment: text });
    });
    log.appendChild(form);
    log.scrollTop = log.scrollHeight;
    comment.focus();
  }
  function addFeedback(topic) {
    clearOpenFeedback();
    feedbackCount += 1;
    var box = el("div", { "class": "al-feedback", role: "group", "aria-label": "Tilbakemelding på svaret", "data-open": "" });
    box.appendChild(el("span", { "class": "al-feedback-q" }, "Var dette nyttig?"));
    var yes = feedbackButton("👍", "Ja, nyttig");
    var no = feedbackButton("👎", "Nei, ikke nyttig");
    box.appendChild(yes); box.appendChild(no);
    function answered(text) {
      while (box.firstChild) box.removeChild(box.firstChild);
      box.appendChild(el("span", { "class": "al-feedback-q" }, text));
    }
    yes.addEventListener("click", function () {
      box.removeAttribute("data-open");
      answered("Du svarte: Ja, nyttig.");
      input.focus();
      sendFeedback({ rating: "ja", topic: topic });
    });
    no.addEventListener("click", function () {
      box.removeAttribute("data-open");
      answered("Du svarte: Nei, ikke nyttig.");
      sendFeedback({ rating: "nei", topic: topic }).then(function (ok) {
        if (ok) addCommentForm(topic);
      });
    });
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }

  /* What the user reads when a request fails and the answer carries no Norwegian «error» of its own
   * (for example a proxy's page): a friendly sentence, never a raw status or HTML. */
  var FAILURES = {
    413: "Meldingen er for lang. Del den gjerne opp i kortere spørsmål.",
    429: "Du har sendt mange meldinger på kort tid. Vent litt, og prøv igjen.",
    502: "Anskaffelseslosen er ikke tilgjengelig akkurat nå. Prøv igjen om litt.",
    503: "Anskaffelseslosen er ikke tilgjengelig akkurat nå. Prøv igjen om litt.",
    504: "Svaret tok for lang tid. Prøv igjen om litt."
  };
  function failureText(status, data) {
    var own = data && typeof data.error === "string" ? data.error.trim() : "";
    if (own && own.length <= 600 && !/[<>]/.test(own)) return own;
    return FAILURES[status] || "Noe gikk galt. Prøv igjen om litt.";
  }

  function post(path, body) {
    return fetch(new URL(path, options.server).href, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error(failureText(res.status, data));
        return data;
      });
    });
  }

  function session() {
    var token = sessionStorage.getItem(STORAGE_KEY);
    return post("session", { session: token }).then(function (data) {
      sessionStorage.setItem(STORAGE_KEY, data.session);
      return data.session;
    });
  }

  var busy = false;
  function deliver(message, shownText) {
    if (busy) return Promise.resolve();
    busy = true;
    if (message.indexOf("/feedback") !== 0) clearOpenFeedback();
    if (shownText) addMessage("user", shownText);
    var typing = el("div", { "class": "al-typing", "aria-label": "Skriver" }, options.title + " skriver …");
    log.appendChild(typing);
    return session().then(function (token) {
      return post("message", { session: token, message: message });
    }).then(function (data) {
      typing.remove();
      (data.messages || []).forEach(function (m) {
        if (m.text) addMessage("bot", String(m.text));
        if (m.buttons && m.buttons.length) addButtons(m.buttons);
        if (m.custom && m.custom.type === "checklist_note" && typeof m.custom.content === "string") {
          remember({ kind: "note", note: m.custom });
          addNote(m.custom);
        }
      });
      if (typeof data.feedback_topic === "string" && data.feedback_topic) addFeedback(data.feedback_topic);
      return true;
    }).catch(function (error) {
      typing.remove();
      var text = error instanceof TypeError ? "Får ikke kontakt med Anskaffelseslosen. Sjekk nettet og prøv igjen." : error.message;
      addMessage("error", text);
      return false;
    }).finally(function () { busy = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    deliver(text, text).then(function (ok) { if (ok) input.value = ""; });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });

  /* Re-render the conversation after a page reload (same browser session). */
  transcript.forEach(function (entry) {
    if (entry.kind === "note") addNote(entry.note); else addMessage(entry.kind, String(entry.text), false);
  });
  var greeted = transcript.length > 0;
  restartButton.addEventListener("click", function () {
    sessionStorage.removeItem(STORAGE_KEY);
    sessionStorage.removeItem(TRANSCRIPT_KEY);
    transcript = [];
    while (log.firstChild) log.removeChild(log.firstChild);
    greeted = true;
    deliver(options.greeting);
    input.focus();
  });
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    input.focus();
    if (!greeted) { greeted = true; deliver(options.greeting); }
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
})();
