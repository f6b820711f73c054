/* Function file: ribbon commands that run without opening the pane. */
"use strict";
Office.onReady(function () {
  function notify(event, type, text) {
    var item = Office.context.mailbox.item;
    item.notificationMessages.replaceAsync("unsilo", {
      type: type, message: text.substring(0, 150), icon: "Icon.16x16", persistent: false
    }, function () { event.completed(); });
  }

  /** "Log to Unsilo": captures the open message with the personal API token saved by the pane. */
  function logConversation(event) {
    var token = Unsilo.savedToken();
    if (!token) {
      notify(event, "errorMessage", "Open the Unsilo pane once to sign in.");
      return;
    }
    Unsilo.readCapture(Office.context.mailbox.item, false)
      .then(function (capture) { return Unsilo.api(token, "POST", "/api/v1/captures", capture); })
      .then(function (r) {
        notify(event, "informationalMessage", r.created ? "Logged in Unsilo." : "Already in Unsilo.");
      }, function (e) {
        notify(event, "errorMessage", "Unsilo: " + (e.detail || "could not log this message."));
      });
  }

  Office.actions.associate("logConversation", logConversation);
});
