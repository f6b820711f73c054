/* A stand-in for Office.js in the browser tests, served in place of https://appsforoffice.microsoft.com/...
   It implements what the Unsilo pane and handlers use of Office.context.mailbox, driven by window.__scenario
   (set by the test with addInitScript): { mode: "read"|"compose", user, roaming: {...}, item: {...}, session: {...} }. */
(function () {
  var scenario = window.__scenario || {};
  var ok = function (value) { return { status: "succeeded", value: value }; };
  var later = function (cb, value) { setTimeout(function () { cb(ok(value)); }, 0); };
  var itemHandlers = {};
  var mailboxHandlers = {};
  var roaming = Object.assign({}, scenario.roaming || {});
  var session = Object.assign({}, scenario.session || {});
  window.__actions = {};
  window.__roaming = roaming;
  window.__session = session;

  function recipientsField(list) {
    return {
      list: list,
      getAsync: function (cb) { later(cb, this.list.slice()); }
    };
  }

  function makeItem(spec) {
    if (!spec) { return null; }
    if (spec.mode === "compose") {
      return {
        itemType: "message",
        to: recipientsField(spec.to || []),
        cc: recipientsField(spec.cc || []),
        subject: { getAsync: function (cb) { later(cb, spec.subject || ""); } },
        sessionData: {
          setAsync: function (k, v, cb) { session[k] = v; later(cb); },
          getAsync: function (k, cb) { later(cb, session[k]); },
          getAllAsync: function (cb) { later(cb, Object.assign({}, session)); }
        },
        notificationMessages: { replaceAsync: function (k, m, cb) { window.__notification = m; later(cb); } },
        addHandlerAsync: function (type, handler, cb) { itemHandlers[type] = handler; if (cb) { later(cb); } }
      };
    }
    return {
      itemType: "message",
      itemId: spec.itemId || "AAMk-" + spec.internetMessageId,
      internetMessageId: spec.internetMessageId,
      conversationId: spec.conversationId,
      subject: spec.subject,
      dateTimeCreated: new Date(spec.dateTimeCreated),
      from: spec.from,
      to: spec.to || [],
      cc: spec.cc || [],
      body: { getAsync: function (type, cb) { later(cb, spec.body || ""); } },
      notificationMessages: { replaceAsync: function (k, m, cb) { window.__notification = m; later(cb); } },
      addHandlerAsync: function (type, handler, cb) { itemHandlers[type] = handler; if (cb) { later(cb); } }
    };
  }

  var mailbox = {
    item: makeItem(scenario.item ? Object.assign({ mode: scenario.mode }, scenario.item) : null),
    userProfile: { emailAddress: scenario.user || "alice@unsilo.test", displayName: "Alice" },
    addHandlerAsync: function (type, handler, cb) { mailboxHandlers[type] = handler; if (cb) { later(cb); } }
  };

  window.Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Text: "text", Html: "html" },
    EventType: { ItemChanged: "olkItemSelectedChanged", RecipientsChanged: "olkRecipientsChanged" },
    context: {
      mailbox: mailbox,
      roamingSettings: {
        get: function (k) { return roaming[k]; },
        set: function (k, v) { roaming[k] = v; },
        remove: function (k) { delete roaming[k]; },
        saveAsync: function (cb) { later(cb); }
      }
    },
    actions: { associate: function (name, fn) { window.__actions[name] = fn; } },
    onReady: function (cb) {
      return new Promise(function (resolve) {
        setTimeout(function () { var info = { host: "Outlook" }; if (cb) { cb(info); } resolve(info); }, 0);
      });
    }
  };

  /* Test controls: what Outlook does when the user types recipients or selects another message. */
  window.__setRecipients = function (field, list) {
    mailbox.item[field].list = list;
    if (itemHandlers["olkRecipientsChanged"]) { itemHandlers["olkRecipientsChanged"]({ changedRecipientFields: {} }); }
  };
  window.__selectItem = function (spec) {
    mailbox.item = makeItem(Object.assign({ mode: "read" }, spec));
    if (mailboxHandlers["olkItemSelectedChanged"]) { mailboxHandlers["olkItemSelectedChanged"]({}); }
  };
})();
