/* Event-based activation (OnMessageSend): when "Log when sent" is on for the draft, leave a note with the
   subject and recipients; the sent message is matched to it later by its Internet Message-ID (read pane or
   mailbox sync), so it is stored once. Self-contained: classic Outlook on Windows loads only this file.
   Sending is never blocked: every path ends in event.completed({ allowEvent: true }). */
"use strict";

function unsiloGet(start) {
  return new Promise(function (resolve) {
    start(function (r) { resolve(r.status === Office.AsyncResultStatus.Succeeded ? r.value : null); });
  });
}

function onMessageSendHandler(event) {
  var item = Office.context.mailbox.item;
  var done = function () { event.completed({ allowEvent: true }); };
  Promise.all([
    unsiloGet(function (cb) { item.sessionData.getAllAsync(cb); }),
    unsiloGet(function (cb) { item.subject.getAsync(cb); }),
    unsiloGet(function (cb) { item.to.getAsync(cb); }),
    unsiloGet(function (cb) { item.cc.getAsync(cb); })
  ]).then(function (values) {
    var session = values[0] || {};
    if (session.unsiloLogWhenSent !== "on" || !session.unsiloBase || !session.unsiloAuth) {
      return null;
    }
    var toParty = function (p) { return { address: p.emailAddress, name: p.displayName || null }; };
    return fetch(session.unsiloBase + "/api/v1/pending-captures", {
      method: "POST",
      credentials: "omit",
      headers: { "Authorization": "Bearer " + session.unsiloAuth, "Content-Type": "application/json" },
      body: JSON.stringify({
        subject: values[1] || "",
        to: (values[2] || []).map(toParty),
        cc: (values[3] || []).map(toParty),
        "private": session.unsiloPrivate === "on"
      })
    });
  }).then(done, done);
}

Office.actions.associate("onMessageSendHandler", onMessageSendHandler);
