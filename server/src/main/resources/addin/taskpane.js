/* The Unsilo task pane for Outlook, read and compose mode. Every value from mail or the server is put in the
   page with textContent (never innerHTML), so names and subjects cannot inject markup. */
"use strict";
(function () {
  var MAX_ADDRESSES = 100;
  var state = { token: null, source: null, config: {}, msal: null, generation: 0, recipientsTimer: null };
  var main = document.getElementById("main");

  /* ---------- small DOM helpers ---------- */

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; }
      else if (k === "onclick") { node.addEventListener("click", attrs[k]); }
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { node.setAttribute(k, attrs[k]); }
    });
    for (var i = 2; i < arguments.length; i++) {
      if (arguments[i]) { node.appendChild(arguments[i]); }
    }
    return node;
  }

  function show(stateName, nodes) {
    document.body.setAttribute("data-state", stateName);
    main.setAttribute("aria-busy", stateName === "loading" ? "true" : "false");
    main.replaceChildren.apply(main, nodes);
  }

  function skeleton() {
    var card = function () {
      return el("div", { "class": "card skeleton", "aria-hidden": "true" },
        el("div", { "class": "sk-line w60" }), el("div", { "class": "sk-line w40" }), el("div", { "class": "sk-line w80" }));
    };
    show("loading", [el("p", { "class": "sr-only", text: "Loading" }), card(), card()]);
  }

  function day(iso) {
    return iso ? new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "";
  }

  /* ---------- sign-in: Entra ID through nested app authentication, or a pasted personal token ---------- */

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = el("script", { src: src });
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function entraToken(interactive) {
    var c = state.config;
    if (!c.entraClientId) { return Promise.resolve(null); }
    var ready = state.msal ? Promise.resolve(state.msal)
      : loadScript("/addin/vendor/msal-browser.min.js").then(function () {
          return window.msal.createNestablePublicClientApplication({
            auth: { clientId: c.entraClientId, authority: c.entraAuthority }
          });
        }).then(function (pca) { state.msal = pca; return pca; });
    var request = { scopes: [c.entraScope] };
    return ready.then(function (pca) {
      return pca.acquireTokenSilent(request).catch(function (e) {
        if (!interactive) { throw e; }
        return pca.acquireTokenPopup(request);
      });
    }).then(function (r) { return r.accessToken; });
  }

  function signIn(interactive) {
    var saved = Unsilo.savedToken();
    if (saved) {
      state.token = saved; state.source = "token";
      return Promise.resolve(saved);
    }
    return entraToken(interactive).then(function (t) {
      state.token = t; state.source = t ? "entra" : null;
      return t;
    }, function () { state.token = null; return null; });
  }

  function signInScreen(message) {
    var input = el("input", { id: "token", type: "password", autocomplete: "off", spellcheck: "false",
      placeholder: "uns_…", "aria-describedby": "token-help" });
    var error = el("p", { "class": "error", role: "alert" });
    var save = function (e) {
      e.preventDefault();
      var token = input.value.trim();
      if (!token) { error.textContent = "Paste your token first."; return; }
      Unsilo.api(token, "GET", "/api/v1/me").then(function () {
        return Unsilo.saveToken(token);
      }).then(function () { start(); }, function (err) {
        error.textContent = err.kind === "unauthorized" ? "This token was not accepted." : err.detail;
      });
    };
    var nodes = [el("h1", { text: "Sign in to Unsilo" })];
    if (message) { nodes.push(el("p", { "class": "notice", role: "alert", text: message })); }
    if (state.config.entraClientId) {
      nodes.push(el("button", { type: "button", "class": "primary", text: "Sign in with Microsoft",
        onclick: function () { signIn(true).then(function (t) { if (t) { load(); } }); } }));
      nodes.push(el("p", { "class": "muted", text: "or use a personal API token:" }));
    }
    nodes.push(el("form", { "class": "stack" },
      el("label", { "for": "token", text: "Personal API token" }),
      input,
      el("p", { id: "token-help", "class": "muted",
        text: "Create one in Unsilo (Settings → API tokens) or ask your admin. It is kept in your Outlook settings." }),
      error,
      el("button", { type: "submit", "class": "primary", text: "Save token" })));
    nodes[nodes.length - 1].addEventListener("submit", save);
    show("signin", nodes);
  }

  /* ---------- failures ---------- */

  function failure(err, retry) {
    if (err && err.kind === "unauthorized") {
      if (state.source === "token") {
        Unsilo.saveToken(null).catch(function () { /* roaming settings unavailable: the form still shows */ });
      }
      signInScreen(state.source === "token" ? "Your saved token was not accepted (revoked or expired)." : null);
      return;
    }
    var offline = err && err.kind === "offline";
    show(offline ? "offline" : "error", [
      el("div", { "class": "card problem", role: "alert" },
        el("h1", { text: offline ? "Unsilo is unreachable" : "Something went wrong" }),
        el("p", { text: offline ? "The Unsilo server did not answer. Check your connection; your mail is not affected."
          : (err && err.detail) || "Unexpected error." }),
        el("button", { type: "button", "class": "primary", id: "retry", text: "Try again", onclick: retry }))
    ]);
  }

  /* ---------- reading the item ---------- */

  function isCompose(item) {
    return item && item.to && typeof item.to.getAsync === "function";
  }

  function recipients(item) {
    if (!isCompose(item)) {
      return Promise.resolve({ from: item.from, to: item.to || [], cc: item.cc || [] });
    }
    return Promise.all([
      Unsilo.officeAsync(function (cb) { item.to.getAsync(cb); }),
      Unsilo.officeAsync(function (cb) { item.cc.getAsync(cb); })
    ]).then(function (v) { return { from: null, to: v[0] || [], cc: v[1] || [] }; });
  }

  function addressesOf(people) {
    var me = (Office.context.mailbox.userProfile && Office.context.mailbox.userProfile.emailAddress || "").toLowerCase();
    var seen = {};
    var out = [];
    [people.from].concat(people.to, people.cc).forEach(function (p) {
      var a = p && p.emailAddress && p.emailAddress.trim();
      if (!a || a.toLowerCase() === me || seen[a.toLowerCase()]) { return; }
      seen[a.toLowerCase()] = true;
      out.push({ address: a, name: p.displayName || null });
    });
    return out.slice(0, MAX_ADDRESSES);
  }

  /* ---------- the main view ---------- */

  function load() {
    var item = Office.context.mailbox.item;
    var generation = ++state.generation;
    if (!item) {
      show("empty", [el("p", { "class": "muted", text: "Select a message to see who the people on it are." })]);
      return;
    }
    if (!state.token) { signInScreen(null); return; }
    skeleton();
    var started = performance.now();
    recipients(item).then(function (people) {
      var addresses = addressesOf(people);
      var lookup = addresses.length
        ? Unsilo.api(state.token, "POST", "/api/v1/lookup", { addresses: addresses })
        : Promise.resolve({ results: [] });
      var status = isCompose(item) || !item.internetMessageId ? Promise.resolve(null)
        : Unsilo.api(state.token, "POST", "/api/v1/captures/status", {
            internetMessageId: item.internetMessageId, subject: item.subject || "",
            to: Unsilo.parties(item.to), cc: Unsilo.parties(item.cc) });
      return Promise.all([lookup, status]).then(function (v) {
        if (generation !== state.generation) { return; }
        var fetched = performance.now();
        render(item, addresses, v[0].results, v[1]);
        window.unsiloTimings = { apiMs: fetched - started, totalMs: performance.now() - started, people: addresses.length };
        if (v[1] && !v[1].logged && v[1].pendingCapture) { logMessage(item, v[1].pendingCapture["private"], true); }
      });
    }).catch(function (err) {
      if (generation === state.generation) { failure(err, load); }
    });
  }

  function render(item, addresses, results, status) {
    // The page's heading for screen readers; the cards below are its sections.
    var nodes = [el("h1", { "class": "sr-only", text: isCompose(item) ? "Unsilo: recipients of this draft" : "Unsilo: people on this message" })];
    if (isCompose(item)) { nodes.push(composeBox(item)); } else if (status) { nodes.push(messageBox(item, status)); }
    if (!results.length) {
      nodes.push(el("p", { "class": "muted", text: isCompose(item) ? "Add recipients to see what Unsilo knows about them."
        : "No outside people on this message." }));
    }
    results.forEach(function (r, i) { nodes.push(personCard(r, addresses[i])); });
    show("ready", nodes);
  }

  /* ---------- read mode: log this conversation ---------- */

  function messageBox(item, status) {
    var box = el("section", { "class": "card message", "aria-label": "This conversation", id: "message-box" });
    if (status.logged) {
      var names = status.loggedBy.map(function (l) { return l.user.name + " (" + day(l.at) + ")"; }).join(", ");
      box.appendChild(el("p", { "class": "logged", id: "logged-state" },
        el("span", { "class": "badge known", text: "Logged" }),
        el("span", { text: " by " + names })));
      if (status.message["private"]) {
        box.appendChild(el("p", { "class": "muted", text: "Private: only the people who logged it see it." }));
      } else {
        box.appendChild(el("button", { type: "button", "class": "secondary", id: "mark-private", text: "Mark private",
          onclick: function () { logMessage(item, true, false); } }));
      }
      return box;
    }
    var privateBox = el("input", { type: "checkbox", id: "log-private" });
    box.appendChild(el("p", { id: "logged-state", text: "This conversation is not in Unsilo yet." }));
    box.appendChild(el("div", { "class": "row" },
      el("button", { type: "button", "class": "primary", id: "log", text: "Log this conversation",
        onclick: function (e) { e.target.disabled = true; logMessage(item, privateBox.checked, false); } }),
      el("label", { "class": "check" }, privateBox, el("span", { text: " Private" }))));
    return box;
  }

  function logMessage(item, privateFlag, automatic) {
    Unsilo.readCapture(item, privateFlag)
      .then(function (capture) { return Unsilo.api(state.token, "POST", "/api/v1/captures", capture); })
      .then(function () { load(); }, function (err) { failure(err, load); });
    if (automatic) { document.body.setAttribute("data-auto-logged", "true"); }
  }

  /* ---------- compose mode: log when sent ---------- */

  function composeBox(item) {
    var toggle = el("input", { type: "checkbox", id: "log-when-sent", role: "switch" });
    var privateBox = el("input", { type: "checkbox", id: "log-when-sent-private" });
    var remember = function () {
      var on = toggle.checked ? "on" : "off";
      var data = item.sessionData;
      if (!data) { return; }
      // The OnMessageSend handler runs where the pane's memory is not available: it reads these.
      data.setAsync("unsiloLogWhenSent", on, function () {});
      data.setAsync("unsiloPrivate", privateBox.checked ? "on" : "off", function () {});
      data.setAsync("unsiloBase", window.location.origin, function () {});
      data.setAsync("unsiloAuth", toggle.checked ? state.token : "", function () {});
    };
    toggle.addEventListener("change", remember);
    privateBox.addEventListener("change", remember);
    var note = el("p", { "class": "muted", text: "Unsilo records this message when you send it.", hidden: "" });
    var showNote = function () { note.hidden = !toggle.checked; };
    toggle.addEventListener("change", showNote);
    // The pane is drawn again whenever the recipients change: both boxes show what the send handler will use.
    var restore = function (key, box, then) {
      if (!item.sessionData) { return; }
      item.sessionData.getAsync(key, function (r) {
        box.checked = r.status === Office.AsyncResultStatus.Succeeded && r.value === "on";
        if (then) { then(); }
      });
    };
    restore("unsiloLogWhenSent", toggle, showNote);
    restore("unsiloPrivate", privateBox);
    return el("section", { "class": "card message", "aria-label": "Log when sent" },
      el("label", { "class": "check" }, toggle, el("span", { text: " Log when sent" })),
      el("label", { "class": "check" }, privateBox, el("span", { text: " Private" })),
      note);
  }

  /* ---------- one person ---------- */

  function personCard(r, asked) {
    var c = r.contact;
    var org = (c && c.organization) || r.organization;
    var displayName = (c && c.name) || (asked && asked.name) || r.address;
    var badge = r.error ? ["badge error", "Invalid"] : r.internal ? ["badge staff", "Colleague"]
      : r.known ? ["badge known", "Known"] : ["badge new", "New"];
    var card = el("article", { "class": "card person", "data-address": r.address, "aria-label": displayName },
      el("div", { "class": "person-head" },
        el("h2", { "class": "name", text: displayName }),
        el("span", { "class": badge[0], text: badge[1] })),
      el("p", { "class": "address", text: r.address }));
    if (r.error) { card.appendChild(el("p", { "class": "muted", text: r.error })); return card; }
    var facts = [org && org.name, c && c.title, c && c.phones && c.phones[0]].filter(Boolean);
    if (facts.length) { card.appendChild(el("p", { "class": "facts", text: facts.join(" · ") })); }
    if (r.knownBy && r.knownBy.length) {
      var list = el("ul", { "class": "knownby" });
      r.knownBy.forEach(function (k) {
        list.appendChild(el("li", k.departed ? { "class": "departed" } : {},
          el("span", { "class": "who-name", text: k.user.name }),
          k.departed ? el("span", { "class": "badge left", text: "left", title: "No longer with the company" }) : null,
          el("meter", { min: "0", max: "3", value: String(Math.min(k.strength, 3)), title: "strength " + String(k.strength),
            "aria-label": "strength " + String(k.strength) }),
          el("span", { "class": "muted", text: " last " + day(k.lastContactAt) })));
      });
      card.appendChild(el("h3", { text: "Who knows them" }));
      card.appendChild(list);
    }
    if (r.recentConversations && r.recentConversations.length) {
      var convs = el("ul", { "class": "conversations" });
      r.recentConversations.slice(0, 3).forEach(function (m) {
        convs.appendChild(el("li", {}, el("span", { text: m.subject || (m["private"] ? "(private)" : "(no subject)") }),
          el("span", { "class": "muted", text: " " + day(m.sentAt) })));
      });
      card.appendChild(el("h3", { text: "Recent conversations" }));
      card.appendChild(convs);
    }
    if (r.internal) { return card; }
    var actions = el("div", { "class": "row" });
    actions.appendChild(el("button", { type: "button", "class": c ? "secondary" : "primary", text: c ? "Edit contact" : "Save contact",
      "data-action": "save", onclick: function () { editor(card, r, displayName, org); } }));
    if (c) {
      actions.appendChild(el("a", { "class": "link", href: "/contacts/" + c.id, target: "_blank", rel: "noopener",
        text: "Open in Unsilo" }));
    }
    card.appendChild(actions);
    return card;
  }

  function editor(card, r, displayName, org) {
    if (card.querySelector("form")) { return; }
    var c = r.contact;
    var field = function (id, label, value) {
      return [el("label", { "for": id, text: label }), el("input", { id: id, type: "text", value: value || "", maxlength: "300" })];
    };
    var key = r.address.replace(/[^a-z0-9]/gi, "_");
    var form = el("form", { "class": "stack editor" });
    [].concat(field("name-" + key, "Name", c ? c.name : displayName === r.address ? "" : displayName),
      field("title-" + key, "Title", c && c.title),
      field("org-" + key, "Organisation", org && org.name)).forEach(function (n) { form.appendChild(n); });
    var error = el("p", { "class": "error", role: "alert" });
    form.appendChild(error);
    form.appendChild(el("div", { "class": "row" },
      el("button", { type: "submit", "class": "primary", text: "Save" }),
      el("button", { type: "button", "class": "secondary", text: "Cancel", onclick: function () { form.remove(); } })));
    var renameBox = el("div", { "class": "rename", hidden: "" });
    form.appendChild(renameBox);
    var save = function (target, rename) {
      var name = form.querySelector("#name-" + key).value.trim();
      var title = form.querySelector("#title-" + key).value.trim();
      var body = { name: name || null, title: title, organizationId: target ? target.id : null };
      var saved = c ? Unsilo.api(state.token, "PATCH", "/api/v1/contacts/" + c.id, body)
        : Unsilo.api(state.token, "POST", "/api/v1/contacts", Object.assign(body, { emails: [r.address] }));
      return saved.then(function () {
        return rename ? Unsilo.api(state.token, "PATCH", "/api/v1/organizations/" + target.id, { name: rename }) : null;
      });
    };
    var fail = function (err) {
      if (err.kind === "unauthorized" || err.kind === "offline") { failure(err, load); return; }
      error.textContent = err.detail;
    };
    var saveThenReload = function (target, rename) { save(target, rename).then(function () { load(); }, fail); };
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      error.textContent = "";
      renameBox.hidden = true;
      var orgName = form.querySelector("#org-" + key).value.trim();
      chooseOrganization(org, orgName).then(function (choice) {
        if (!choice.renaming) { saveThenReload(choice.organization, null); return; }
        // Renaming changes the organisation for every colleague and contact in it: only when asked for, in so many words.
        renameBox.replaceChildren(
          el("p", { text: "No organisation is called \u201c" + orgName + "\u201d. Rename \u201c" + org.name
            + "\u201d to \u201c" + orgName + "\u201d for everyone?" }),
          el("div", { "class": "row" },
            el("button", { type: "button", "class": "primary", "data-action": "rename", text: "Rename organisation",
              onclick: function () { saveThenReload(org, orgName); } })));
        renameBox.hidden = false;
      }, fail);
    });
    card.appendChild(form);
    form.querySelector("input").focus();
  }

  /* The organisation a contact is saved with: none when the field is left empty (a contact that had one leaves it);
     the one it has when the name is unchanged; else an existing one with exactly the typed name. Typing a new name
     for the contact's own organisation asks whether to rename it ({renaming: true}); organisations themselves come
     from captured mail, so a new name with none to rename is refused. */
  function chooseOrganization(known, typedName) {
    if (!typedName) { return Promise.resolve({ organization: null }); }
    if (known && known.name.toLowerCase() === typedName.toLowerCase()) {
      return Promise.resolve({ organization: known });
    }
    return Unsilo.api(state.token, "GET", "/api/v1/organizations?limit=20&q=" + encodeURIComponent(typedName))
      .then(function (page) {
        var match = page.items.filter(function (o) { return o.name.toLowerCase() === typedName.toLowerCase(); })[0];
        if (match) { return { organization: match }; }
        if (known) { return { organization: known, renaming: true }; }
        throw new Unsilo.ApiError("error", 0, "No organisation is called \u201c" + typedName
          + "\u201d yet; leave it empty or use an existing name.");
      });
  }

  /* ---------- start-up, pinning and item changes ---------- */

  function watchRecipients() {
    var item = Office.context.mailbox.item;
    if (isCompose(item)) {
      item.addHandlerAsync(Office.EventType.RecipientsChanged, function () {
        clearTimeout(state.recipientsTimer);
        state.recipientsTimer = setTimeout(load, 250);
      });
    }
  }

  function start() {
    skeleton();
    fetch("config.json", { credentials: "omit", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : {}; }, function () { return null; })
      .then(function (config) {
        if (config === null) { failure(new Unsilo.ApiError("offline", 0, null), start); return null; }
        state.config = config;
        return signIn(false).then(function (token) {
          if (!token) { signInScreen(null); return; }
          load();
        });
      });
  }

  Office.onReady(function () {
    var mailbox = Office.context.mailbox;
    // Pinned panes stay open while the user moves between messages.
    mailbox.addHandlerAsync(Office.EventType.ItemChanged, function () { watchRecipients(); load(); });
    watchRecipients();
    start();
  });
})();
