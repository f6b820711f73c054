/* Shared by the task pane and the function file: calling the Unsilo API and reading the open message.
   Plain browser JavaScript, no build step. Tokens travel only in the Authorization header, never in URLs. */
"use strict";
var Unsilo = (function () {
  var TOKEN_KEY = "unsiloToken";

  /** An API failure the pane can explain: kind is offline, unauthorized or error. */
  function ApiError(kind, status, detail) {
    this.kind = kind;
    this.status = status;
    this.detail = detail;
  }

  function api(token, method, path, body) {
    var init = {
      method: method,
      credentials: "omit",
      cache: "no-store",
      headers: { "Authorization": "Bearer " + token, "Accept": "application/json" }
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (r.status === 401) { throw new ApiError("unauthorized", 401, json && json.detail); }
        if (!r.ok) { throw new ApiError("error", r.status, (json && json.detail) || ("HTTP " + r.status)); }
        return json;
      });
    }, function () {
      throw new ApiError("offline", 0, "The Unsilo server cannot be reached.");
    });
  }

  /** Office's callback APIs as promises. */
  function officeAsync(start) {
    return new Promise(function (resolve, reject) {
      start(function (result) {
        if (result.status === Office.AsyncResultStatus.Succeeded) { resolve(result.value); }
        else { reject(result.error || new Error("Office call failed")); }
      });
    });
  }

  function party(p) {
    return p ? { address: p.emailAddress, name: p.displayName || null } : null;
  }

  function parties(list) {
    return (list || []).map(party).filter(function (p) { return p && p.address; });
  }

  function savedToken() {
    var settings = Office.context.roamingSettings;
    return settings ? settings.get(TOKEN_KEY) || null : null;
  }

  function saveToken(token) {
    var settings = Office.context.roamingSettings;
    if (token) { settings.set(TOKEN_KEY, token); } else { settings.remove(TOKEN_KEY); }
    return officeAsync(function (cb) { settings.saveAsync(cb); });
  }

  /** The message open in read mode as a capture (POST /api/v1/captures). */
  function readCapture(item, privateFlag) {
    return officeAsync(function (cb) { item.body.getAsync(Office.CoercionType.Text, cb); }).then(function (text) {
      var sent = item.dateTimeCreated instanceof Date ? item.dateTimeCreated : new Date(item.dateTimeCreated);
      return {
        source: "outlook",
        internetMessageId: item.internetMessageId || null,
        providerMessageId: item.itemId || null,
        threadId: item.conversationId || null,
        subject: item.subject || "",
        sentAt: sent.toISOString(),
        from: party(item.from),
        to: parties(item.to),
        cc: parties(item.cc),
        bodyText: text || "",
        "private": !!privateFlag
      };
    });
  }

  return {
    ApiError: ApiError, api: api, officeAsync: officeAsync, party: party, parties: parties,
    savedToken: savedToken, saveToken: saveToken, readCapture: readCapture
  };
})();
